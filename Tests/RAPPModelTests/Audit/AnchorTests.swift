import Foundation
import GRDB
import Synchronization
import Testing

@testable import RAPPModel

/// Anchors: the head after each change, appended outside the registry, catch a trail rewritten or
/// cut consistently, which the chain alone cannot.
@Suite("Audit anchors")
struct AnchorTests {
    /// A registry whose policy anchors to a file in its folder (no system log: test machines have none).
    func anchored() throws -> (Registry, OperatorSession, anchor: String) {
        let folder = Fixtures.temporaryFolder()
        let anchor = folder.appending(path: "anchor.log").path
        let policy = try PolicyTests.library { rules in
            rules.replacingOccurrences(
                of: #""formats": {"#, with: #""auditAnchor": {"file": "\#(anchor)", "systemLog": false}, "formats": {"#)
        }
        let registry = try Registry.open(
            path: folder.appending(path: "registry.sqlite").path, create: true, initialPolicy: policy)
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "One", 0x1000, 0x1FFF))
        _ = try registry.addOperator(
            name: "erin", roles: ["auditor"], passphrase: Fixtures.passphrase, by: manager, hasher: Fixtures.fastHasher)
        _ = try registry.submit(
            Fixtures.form(name: "One renamed", 0x1000, 0x1FFF), amending: Amendment(organisation: 1, version: 1))
        return (registry, manager, anchor)
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func events(_ registry: Registry, _ session: OperatorSession) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(), by: session) { events.append($0) }
        return events
    }

    @Test("the policy names the anchor; each change appends its events' range and head")
    func appended() throws {
        let (registry, manager, anchor) = try anchored()
        #expect(registry.rules.auditAnchor == AuditAnchor(file: anchor, systemLog: false))
        let all = try events(registry, manager)
        let written = try lines(anchor)
        // Bootstrap, submit, add, amend: one line each (the policy stored at creation comes before).
        #expect(written.count == 4)
        #expect(written.last?.hasPrefix("ratui-anchor \(all.count) \(all.count) \(all.last!.hash) ") == true)
        let result = try registry.verifyAudit(anchors: try AnchorLog.read(path: anchor), by: manager)
        #expect(result.isIntact)
        #expect(result.anchors?.matched == 4 && result.anchors?.findings == [])
    }

    @Test(
        "a trail rewritten consistently, with the data to match, passes the chain and reconciliation but not the anchors"
    )
    func rewrittenChain() throws {
        let (registry, manager, anchor) = try anchored()
        // Mallory makes erin an ra-manager and rewrites the trail from her event on so that it
        // says so: every hash recomputed, every state consistent.
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete")
            try db.execute(sql: "UPDATE operator_role SET role = 'ra-manager' WHERE operator_id = 2")
            let state = try OperatorStore(db: db, rules: registry.rules).state(of: 2)!
            let rows = try AuditEventRecord.order(AuditEventRecord.Columns.sequence).fetchAll(db).map(\.event)
            var previous = AuditEvent.genesisHash
            for event in rows {
                var details = event.details
                var stateText = event.state
                if event.record == "operator/2" {
                    details = details.replacingOccurrences(of: "auditor", with: "ra-manager")
                    stateText = JSONValue.object(["operator/2": state]).serialized()
                }
                let hash = AuditEvent.hash(
                    sequence: event.sequence, recordedAt: event.recordedAt, operatorName: event.operatorName,
                    action: event.action,
                    record: event.record, details: details, previousHash: previous, policyVersion: event.policyVersion,
                    state: stateText)
                try db.execute(
                    sql:
                        "UPDATE audit_event SET details = ?, state = ?, previous_hash = ?, hash = ? WHERE sequence = ?",
                    arguments: [details, stateText, previous, hash, event.sequence])
                previous = hash
            }
        }
        let plain = try registry.verifyAudit(by: manager)
        #expect(plain.isIntact, "chain and data agree: only something outside the file can tell")
        let result = try registry.verifyAudit(anchors: try AnchorLog.read(path: anchor), by: manager)
        #expect(!result.isIntact)
        let findings = try #require(result.anchors?.findings)
        #expect(findings.map(\.kind).allSatisfy { $0 == .notOnChain })
        #expect(findings.count == 2, "the heads from erin's event on: \(findings)")
        #expect(findings.first?.description.contains("the trail was rewritten") == true)
    }

    @Test("a trail cut short shows as anchored heads beyond its end")
    func cutShort() throws {
        let (registry, manager, anchor) = try anchored()
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE sequence >= 4")
        }
        let result = try registry.verifyAudit(anchors: try AnchorLog.read(path: anchor), by: manager)
        #expect(result.anchors?.findings.map(\.kind) == [.beyondChain, .beyondChain])
    }

    @Test("an event appended behind ratui's back, chained correctly, shows as unanchored")
    func forgedTail() throws {
        let (registry, manager, anchor) = try anchored()
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE operator SET is_disabled = 1 WHERE id = 2")
            let state = try OperatorStore(db: db, rules: registry.rules).state(of: 2)!
            try AuditTrail(db: db).append(
                operatorName: "manager", action: .operatorDisabled, record: "operator/2", details: .object([:]),
                state: state, at: Timestamp.now())
        }
        #expect(try registry.verifyAudit(by: manager).isIntact, "the chain and the data agree")
        let result = try registry.verifyAudit(anchors: try AnchorLog.read(path: anchor), by: manager)
        let last = try events(registry, manager).count
        #expect(
            result.anchors?.findings == [.init(kind: .unanchored, line: nil, first: Int64(last), last: Int64(last))])
    }

    @Test("when the anchor cannot be written the change stands, the front end is told, and verify shows the gap")
    func appendFails() throws {
        let (registry, manager, anchor) = try anchored()
        let failures = FailureLog()
        registry.onAnchorFailure { failures.append($0) }
        // The anchor's path becomes a folder: appending fails.
        try FileManager.default.moveItem(atPath: anchor, toPath: anchor + ".saved")
        try FileManager.default.createDirectory(atPath: anchor, withIntermediateDirectories: false)
        let stored = try registry.submit(Fixtures.form(name: "Two", 0x5000, 0x5FFF))
        #expect(stored == .stored(organisationID: 2, version: 1, warnings: []))
        #expect(failures.all.count == 1)
        #expect(failures.all.first?.description.contains("The change is stored") == true)
        try FileManager.default.removeItem(atPath: anchor)
        try FileManager.default.moveItem(atPath: anchor + ".saved", toPath: anchor)
        _ = try registry.submit(Fixtures.form(name: "Three", 0x7000, 0x7FFF))
        let result = try registry.verifyAudit(anchors: try AnchorLog.read(path: anchor), by: manager)
        let gap = try events(registry, manager).count - 1
        #expect(result.anchors?.findings == [.init(kind: .unanchored, line: nil, first: Int64(gap), last: Int64(gap))])
        #expect(result.anchors?.findings.first?.description.contains("anchoring failed then") == true)
    }

    @Test("failures before anyone listens are kept until a handler is set")
    func pendingFailures() throws {
        let (registry, _, anchor) = try anchored()
        try FileManager.default.removeItem(atPath: anchor)
        try FileManager.default.createDirectory(atPath: anchor, withIntermediateDirectories: false)
        _ = try registry.submit(Fixtures.form(name: "Two", 0x5000, 0x5FFF))
        let failures = FailureLog()
        registry.onAnchorFailure { failures.append($0) }
        #expect(failures.all.count == 1)
    }

    @Test(
        "anchor lines are found among other lines, in any order; hostile and malformed lines are reported, never trusted"
    )
    func readingLines() throws {
        let (registry, manager, anchor) = try anchored()
        var written = try lines(anchor)
        written.swapAt(0, written.count - 1)
        let folder = Fixtures.temporaryFolder()
        let syslog = folder.appending(path: "syslog").path
        let text =
            ["Nov 25 08:00:01 host cron[12]: something else", "\u{1B}[2Jnoise \u{07}"]
            + written.map { "Nov 25 08:00:02 host ratui[99]: " + $0 }
            + [
                "Nov 25 08:00:03 host ratui[99]: ratui-anchor 3 two \u{1B}]0;pwned\u{07}",
                String(repeating: "x", count: 10_000),
            ]
        try Data(text.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: syslog))
        let log = try AnchorLog.read(path: syslog)
        #expect(log.entries.count == written.count)
        #expect(log.malformedLines == [written.count + 3])
        let result = try registry.verifyAudit(anchors: log, by: manager)
        #expect(result.anchors?.matched == written.count)
        #expect(result.anchors?.findings.map(\.kind) == [.malformed])
        #expect(throws: RegistryError.self) { try AnchorLog.read(path: folder.appending(path: "missing").path) }
        let empty = folder.appending(path: "empty").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(
            try registry.verifyAudit(anchors: try AnchorLog.read(path: empty), by: manager).anchors?.findings.map(
                \.kind) == [.empty])
    }

    @Test(
        "the rules refuse an anchor that is not an absolute, visible path",
        arguments: [
            #"{"file": "anchor.log"}"#, #"{"file": "/var/\u001b[2J"}"#, #"{"systemLog": false}"#,
            #"{"file": "/a", "host": "b"}"#, #""/a""#,
        ])
    func badAnchor(_ value: String) {
        #expect(throws: FormsLoadError.self) {
            try PolicyTests.library {
                $0.replacingOccurrences(of: #""formats": {"#, with: #""auditAnchor": \#(value), "formats": {"#)
            }
        }
    }
}

/// Anchor failures as a handler hears them, from any thread.
final class FailureLog: Sendable {
    private let failures = Mutex<[AnchorFailure]>([])
    func append(_ failure: AnchorFailure) { failures.withLock { $0.append(failure) } }
    var all: [AnchorFailure] { failures.withLock { $0 } }
}
