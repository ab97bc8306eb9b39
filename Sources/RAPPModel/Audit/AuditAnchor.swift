import Foundation

/// Where ratui writes the audit trail's head after each change, outside the registry: a file the
/// RA makes append-only (`chattr +a`) or keeps on another host, and the system logger where the
/// host has one. A trail rewritten or cut behind ratui's back then no longer holds the heads
/// anchored earlier (`audit verify --anchors FILE`).
///
/// Named by the policy (`auditAnchor` in `rules.json`), so changing it is an audited policy change.
/// Appending happens after the change's transaction commits: the change stands whatever becomes of
/// the anchor, a failure is reported to the front end (`Registry.onAnchorFailure`), and the events
/// it missed show as unanchored in `audit verify --anchors`.
public struct AuditAnchor: Hashable, Sendable {
    /// The anchor file: an absolute path.
    public let file: String
    /// Whether to send each head to the system logger too, when the host has one (`/dev/log`).
    public let systemLog: Bool

    public init(file: String, systemLog: Bool = true) {
        self.file = file
        self.systemLog = systemLog
    }

    /// What marks an anchor line, in the file or in a system log.
    static let marker = "ratui-anchor"

    /// One anchor line: the events a transaction appended, the head after them, and when:
    /// `ratui-anchor 12 14 <hash> 2026-11-25T08:29:14.123Z`.
    static func line(first: Int64, last: Int64, hash: String, at time: String) -> String {
        "\(marker) \(first) \(last) \(hash) \(time)"
    }

    /// Appends the line for events `first...last`, whose head is `hash`, to the file (created 0600
    /// if missing), then to the system logger.
    func append(first: Int64, last: Int64, hash: String, at time: String) throws(AnchorFailure) {
        let line = Self.line(first: first, last: last, hash: hash, at: time)
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AnchorFailure(file: file, last: last, hash: hash, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // One write of a short line to a file opened O_APPEND: processes anchoring at once never
        // interleave within a line.
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw AnchorFailure(
                file: file, last: last, hash: hash,
                reason: written < 0 ? String(cString: strerror(errno)) : "the line was written in part")
        }
        if systemLog && FileManager.default.fileExists(atPath: "/dev/log") {
            withVaList([line]) { vsyslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", $0) }
        }
    }
}

/// An anchor line that could not be written: the change it follows stands.
public struct AnchorFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    /// The head that was not anchored.
    public let last: Int64
    public let hash: String
    public let reason: String

    public var description: String {
        "The audit head after event \(last) could not be appended to the anchor \(file) (\(reason)). "
            + "The change is stored; `ratui audit verify --anchors` will show the events as unanchored."
    }
}

extension AuditAnchor {
    static let allowedKeys: Set<String> = ["about", "file", "systemLog"]

    /// Reads `auditAnchor` from a rules document; nil when absent or invalid (reported in `reader`).
    static func read(_ value: JSONValue?, reader: inout JSONReader) -> AuditAnchor? {
        guard let value, let object = reader.object(value, at: "auditAnchor", allowed: allowedKeys) else { return nil }
        _ = reader.string(object["about"], at: "auditAnchor.about")
        let systemLog = reader.bool(object["systemLog"], at: "auditAnchor.systemLog") ?? true
        guard let file = reader.string(reader.required(object, "file", at: "auditAnchor"), at: "auditAnchor.file")
        else { return nil }
        if !file.hasPrefix("/") || file.utf8.count > 4_096 {
            reader.report(
                .formType, "The anchor file must be an absolute path (it is policy: no working folder applies).",
                at: "auditAnchor.file")
            return nil
        }
        if let scalar = file.unicodeScalars.first(where: VisibleText.mustEscape) {
            reader.report(
                .formType, "The anchor file's path holds \(VisibleText.describe(scalar)).", at: "auditAnchor.file")
            return nil
        }
        return AuditAnchor(file: file, systemLog: systemLog)
    }
}
