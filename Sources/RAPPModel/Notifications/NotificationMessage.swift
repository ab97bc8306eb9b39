import Crypto
import Foundation

/// A notification as an RFC 5322 message: what `notify send` writes on the mail command's
/// standard input and `notify export` writes to a `.eml` file.
///
/// Header injection is impossible by construction: addresses are plain (`EmailAddress`), and
/// every other interpolated value has its control characters (CR and LF above all) replaced by
/// spaces before it is folded into a header. A non-ASCII subject is encoded per RFC 2047. The
/// Message-ID is the same every time a notification is written out, so a receiver can drop a
/// message sent twice (after a crash mid-send, say).
public struct NotificationMessage: Sendable {
    public let notification: Notification
    public let from: String

    public init(_ notification: Notification, from: String) {
        self.notification = notification
        self.from = from
    }

    /// `<ratui.notification.ID.DIGEST@DOMAIN>`: the digest is of what the message says and
    /// when it was written, so two registries' notification 1 differ.
    public var messageID: String {
        var hasher = SHA256()
        for part in [
            String(notification.id), String(notification.requestID), notification.createdAt, notification.subject,
            notification.text,
        ] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let digest = hasher.finalize().prefix(10).map { String(format: "%02x", $0) }.joined()
        return "<ratui.notification.\(notification.id).\(digest)@\(EmailAddress.domain(of: from))>"
    }

    /// The message, lines ending CRLF.
    public var text: String {
        var headers: [(String, String)] = [
            ("Date", Self.date(notification.createdAt)),
            ("From", EmailAddress.isValid(from) ? from : "invalid@ratui.invalid"),
        ]
        if let address = notification.address, EmailAddress.isValid(address) {
            headers.append(("To", address))
        }
        headers += [
            ("Subject", Self.encodedHeader(notification.subject)),
            ("Message-ID", messageID),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("X-Ratui-Notification", String(notification.id)),
            ("X-Ratui-Request", String(notification.requestID)),
        ]
        let head = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
        return head + "\r\n\r\n" + Self.body(notification.text) + "\r\n"
    }

    /// A header value with every control or invisible character a space, and ASCII kept as it is
    /// or, if anything is not ASCII, RFC 2047 encoded words of at most 75 characters, folded.
    static func encodedHeader(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append(VisibleText.mustEscape(scalar) ? " " : scalar)
        }
        let clean = String(scalars)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) && !clean.contains("=?") {
            return fold(clean)
        }
        // Encoded words of whole characters, at most 45 bytes each (60 of base64, 72 in all).
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// An ASCII header value folded at spaces so no line passes 78 characters where it can.
    ///
    /// Each continuation line starts with the space it was folded at (RFC 5322 2.2.3): unfolding
    /// removes only the CRLF, so the value reads as it was, and a continuation can never be taken
    /// for a header of its own.
    private static func fold(_ value: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > 66 {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty && lines.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n ")
    }

    /// The text with CRLF line ends, controls other than line ends removed, and any line longer
    /// than RFC 5322's limit broken at a character.
    static func body(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var scalars = String.UnicodeScalarView()
            for scalar in line.unicodeScalars where !VisibleText.isControl(scalar) || scalar == "\t" {
                scalars.append(scalar)
            }
            var current = ""
            for character in String(scalars) {
                if current.utf8.count + String(character).utf8.count > 900 {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
            lines.append(current)
        }
        return lines.joined(separator: "\r\n")
    }

    /// An RFC 5322 date from ratui's UTC timestamp (`2026-11-26T09:30:00Z`).
    static func date(_ timestamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let fallback = ISO8601DateFormatter()
        let date = parser.date(from: timestamp) ?? fallback.date(from: timestamp) ?? Date(timeIntervalSince1970: 0)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
