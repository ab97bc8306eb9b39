import Foundation
import GRDB
import Testing

@testable import RAPPModel

@Suite("The audit trail")
struct AuditTrailTests {
    let rules = Fixtures.library.rules

    /// A registry with a few audited changes, and its manager's session.
    func populated() throws -> (Registry, OperatorSession) {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "One", 0x1000, 0x1FFF))
        _ = try registry.submit(
            Fixtures.form(name: "One renamed", 0x1000, 0x2FFF), amending: Amendment(organisation: 1, version: 1))
        _ = try registry.addOperator(
            name: "erin", roles: ["auditor"], passphrase: Fixtures.passphrase, by: manager, hasher: Fixtures.fastHasher)
        _ = try registry.submit(Fixtures.form(name: "Two", 0x5000, 0x5FFF))
        return (registry, manager)
    }

    /// Opens the file as an attacker with file access would: plain SQLite, triggers dropped.
    func tamper(_ registry: Registry, _ sql: String) throws {
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(
                sql: "DROP TRIGGER IF EXISTS audit_event_no_update; DROP TRIGGER IF EXISTS audit_event_no_delete")
            try db.execute(sql: sql)
        }
    }

    func events(_ registry: Registry, _ session: OperatorSession, _ filter: AuditFilter = AuditFilter()) throws
        -> [AuditEvent]
    {
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: filter, by: session) { events.append($0) }
        return events
    }

    @Test("every change appends an event, in order, each chained to the one before")
    func chain() throws {
        let (registry, manager) = try populated()
        let all = try events(registry, manager)
        // The registry's first event stores its first policy; every event records the policy in force.
        #expect(
            all.map(\.action) == [
                "policy.stored", "operator.bootstrapped", "organisation.submitted", "organisation.amended",
                "operator.added", "organisation.submitted",
            ])
        #expect(all.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect(all.allSatisfy { $0.policyVersion == 1 })
        #expect(all.first?.previousHash == AuditEvent.genesisHash)
        #expect(zip(all, all.dropFirst()).allSatisfy { $1.previousHash == $0.hash })
        #expect(all.first?.operatorName == nil)
        #expect(all.dropFirst().allSatisfy { $0.operatorName == "manager" })
        let result = try registry.verifyAudit(by: manager)
        #expect(result.isIntact && result.count == 6 && result.head == all.last?.hash)
    }

    @Test("an amendment records each changed field and the ranges before and after")
    func amendmentDetails() throws {
        let (registry, manager) = try populated()
        let amended = try #require(try events(registry, manager, AuditFilter(action: "organisation.amended")).first)
        let details = try JSONValue.parse(Data(amended.details.utf8))
        guard case .object(let object) = details, case .object(let changes)? = object["changes"],
            case .object(let ranges)? = object["userRoleRanges"]
        else {
            Issue.record("\(amended.details)")
            return
        }
        #expect(changes["legalName"] == .object(["before": .string("One"), "after": .string("One renamed")]))
        #expect(changes.count == 1)
        #expect(ranges["before"] != ranges["after"])
        #expect(amended.record == "organisation/1")
    }

    @Test("SQLite refuses to change or delete an event, or to rewrite a stored form")
    func triggers() throws {
        let (registry, _) = try populated()
        for sql in [
            "UPDATE audit_event SET operator = 'mallory' WHERE sequence = 2",
            "DELETE FROM audit_event WHERE sequence = 5",
            "UPDATE organisation_version SET name = 'Forged' WHERE id = 1",
            "DELETE FROM organisation_version WHERE id = 1",
            "UPDATE user_role_range SET last_key = last_key + 1",
            "DELETE FROM user_role_range",
            "UPDATE organisation_version SET is_current = 1 WHERE id = 1",
        ] {
            // The registry reports SQLite's refusal as a registry I/O error carrying the trigger's words.
            let error = #expect(throws: RegistryError.self, "\(sql)") {
                try registry.write { db in try db.execute(sql: sql) }
            }
            #expect(error?.code == "registry.io", "\(sql)")
            #expect(error.map { "\($0)".contains("append-only") || "\($0)".contains("are kept") } == true, "\(sql)")
        }
    }

    @Test(
        "verify finds an edited event",
        arguments: [
            "operator = 'mallory'", "details = '{}'", "recorded_at = '2020-01-01T00:00:00.000Z'",
            "action = 'operator.added'",
        ])
    func edited(_ change: String) throws {
        let (registry, manager) = try populated()
        try tamper(registry, "UPDATE audit_event SET \(change) WHERE sequence = 3")
        let result = try registry.verifyAudit(by: manager)
        #expect(result.firstBreak?.sequence == 3)
        #expect(result.firstBreak?.reason.contains("altered") == true)
        #expect(!result.isIntact)
    }

    @Test("verify finds an edited event even when its hash was re-computed to match")
    func editedAndRehashed() throws {
        let (registry, manager) = try populated()
        let original = try events(registry, manager)[2]
        let forged = AuditEvent.hash(
            sequence: 3, recordedAt: original.recordedAt, operatorName: "mallory", action: original.action,
            record: original.record, details: original.details, previousHash: original.previousHash,
            policyVersion: original.policyVersion, state: original.state)
        try tamper(registry, "UPDATE audit_event SET operator = 'mallory', hash = '\(forged)' WHERE sequence = 3")
        #expect(try registry.verifyAudit(by: manager).firstBreak?.sequence == 4)
    }

    @Test("verify finds a deleted event")
    func deleted() throws {
        let (registry, manager) = try populated()
        try tamper(registry, "DELETE FROM audit_event WHERE sequence = 2")
        let result = try registry.verifyAudit(by: manager)
        #expect(result.firstBreak?.sequence == 2)
        #expect(result.firstBreak?.reason.contains("missing") == true)
    }

    @Test("verify finds an inserted event, even one renumbered to close the gap")
    func inserted() throws {
        let (registry, manager) = try populated()
        try tamper(registry, "UPDATE audit_event SET sequence = sequence + 100 WHERE sequence >= 3")
        try tamper(registry, "UPDATE audit_event SET sequence = sequence - 99 WHERE sequence >= 103")
        let previous = try events(registry, manager)[1].hash
        let hash = AuditEvent.hash(
            sequence: 3, recordedAt: "2026-01-01T00:00:00.000Z", operatorName: "mallory", action: "operator.added",
            record: "operator/9", details: "{}", previousHash: previous)
        try tamper(
            registry,
            """
            INSERT INTO audit_event (sequence, recorded_at, operator, action, record, details, previous_hash, hash)
            VALUES (3, '2026-01-01T00:00:00.000Z', 'mallory', 'operator.added', 'operator/9', '{}', '\(previous)', '\(hash)')
            """)
        let result = try registry.verifyAudit(by: manager)
        #expect(result.firstBreak?.sequence == 4, "the event after the forged one no longer follows")
    }

    @Test("verify finds reordered events")
    func reordered() throws {
        let (registry, manager) = try populated()
        try tamper(registry, "UPDATE audit_event SET sequence = -1 WHERE sequence = 2")
        try tamper(registry, "UPDATE audit_event SET sequence = 2 WHERE sequence = 3")
        try tamper(registry, "UPDATE audit_event SET sequence = 3 WHERE sequence = -1")
        #expect(try registry.verifyAudit(by: manager).firstBreak?.sequence == 2)
    }

    @Test(
        "a truncated tail leaves the chain whole, but the data it recorded unaccounted for, and the recorded head missing"
    )
    func truncated() throws {
        let (registry, manager) = try populated()
        let head = try registry.auditHead(by: manager)
        #expect(head.sequence == 6)
        #expect(try registry.verifyAudit(expectingHead: head.hash, by: manager).isIntact)
        _ = try registry.submit(Fixtures.form(name: "Three", 0x7000, 0x7FFF))
        #expect(
            try registry.verifyAudit(expectingHead: head.hash, by: manager).isIntact,
            "a grown chain still holds the old head")
        try tamper(registry, "DELETE FROM audit_event WHERE sequence >= 6")
        let plain = try registry.verifyAudit(by: manager)
        #expect(plain.firstBreak == nil && plain.count == 5)
        #expect(plain.differences.map(\.record) == ["organisation/2", "organisation/3"], "their events are gone")
        #expect(plain.differences.allSatisfy { $0.kind == .unrecorded })
        let expecting = try registry.verifyAudit(expectingHead: head.hash, by: manager)
        #expect(!expecting.isIntact)
        #expect(expecting.expectedHeadFound == false)
    }

    @Test("sign-in failures and lockouts are audited without the passphrase tried")
    func failuresAudited() throws {
        let (registry, manager) = try populated()
        let tried = "an attempted passphrase 999"
        for _ in 0..<5 { _ = try? registry.signIn(name: "erin", passphrase: tried, hasher: Fixtures.fastHasher) }
        _ = try? registry.signIn(name: tried, passphrase: tried, hasher: Fixtures.fastHasher)
        let all = try events(registry, manager)
        #expect(all.filter { $0.action == "sign-in.failed" }.count == 6)
        #expect(all.filter { $0.action == "operator.locked" }.count == 1)
        #expect(
            !all.contains { $0.details.contains(tried) || ($0.operatorName ?? "").contains(tried) },
            "a passphrase typed as a name is not recorded")
        #expect(try registry.verifyAudit(by: manager).isIntact)
    }

    @Test("filters: by operator, action, record and time")
    func filters() throws {
        let (registry, manager) = try populated()
        #expect(try events(registry, manager, AuditFilter(action: "organisation.submitted")).count == 2)
        #expect(
            try events(registry, manager, AuditFilter(record: "organisation/1")).map(\.action) == [
                "organisation.submitted", "organisation.amended",
            ])
        #expect(try events(registry, manager, AuditFilter(operatorName: "erin")).isEmpty)
        #expect(try events(registry, manager, AuditFilter(since: "2999-01-01T00:00:00.000Z")).isEmpty)
        #expect(try events(registry, manager, AuditFilter(until: "2999-01-01T00:00:00.000Z")).count == 6)
        var paged = AuditFilter()
        paged.afterSequence = 4
        #expect(try events(registry, manager, paged).map(\.sequence) == [5, 6])
        var backwards = AuditFilter()
        backwards.beforeSequence = 6
        var page: [Int64] = []
        try registry.auditEvents(matching: backwards, limit: 2, by: manager) { page.append($0.sequence) }
        #expect(page == [4, 5], "the page nearest before 6, oldest first")
        #expect(try registry.auditEventCount(matching: AuditFilter(action: "organisation.submitted"), by: manager) == 2)
    }

    @Test(
        "audit queries by operator, action or record search that column's index",
        arguments: [
            (AuditFilter(operatorName: "manager"), "audit_event_operator"),
            (AuditFilter(action: "operator.added"), "audit_event_action"),
            (AuditFilter(record: "organisation/1"), "audit_event_record"),
        ])
    func auditQueryPlans(_ filter: AuditFilter, _ index: String) throws {
        let (registry, _) = try populated()
        let plan = try registry.read { db -> [String] in
            let (conditions, arguments) = AuditTrail.whereClause(filter)
            return try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT * FROM audit_event WHERE \(conditions) ORDER BY sequence",
                arguments: arguments
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH") && $0.contains(index) }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}

@Suite("Audit event details")
struct AuditDetailsTests {
    @Test("a new organisation's event holds exactly the canonical JSON of its details")
    func composedDetailsAreCanonical() throws {
        let registry = try Fixtures.registry()
        let form = Fixtures.form(
            name: "Quote \" and \\ and ünïcode", [("import-supplier", "90b3d51f30010000", "90-B3-D5-1F-30-01-FF-FF")])
        _ = try registry.submit(form)
        let stored = try registry.read { db in
            try String.fetchOne(db, sql: "SELECT details FROM audit_event WHERE action = 'organisation.submitted'")
        }
        let expected = OrganisationStore.auditDetails(form.normalised(), version: 1, before: nil, formID: "A1")
            .serialized()
        #expect(stored == expected)
    }
}

/// The bytes an event's hash and a record's row digest cover are part of every registry's
/// trail: written out another way, they must stay the same bytes. The expected digests were
/// computed outside ratui (Python's hashlib) from the encodings as documented.
@Suite("Audit hash and row digest encodings")
struct AuditEncodingTests {
    @Test("an event's hash covers each field as its byte length, a colon and its bytes")
    func eventHashIsPinned() {
        #expect(
            AuditEvent.hash(
                sequence: 1_234_567_890_123, recordedAt: "2026-11-26T12:00:00.000Z", operatorName: "bench",
                action: "organisation.submitted", record: "organisation/1", details: #"{"name":"Zoë Ltd"}"#,
                previousHash: AuditEvent.genesisHash, policyVersion: 7,
                state: #"{"organisation/1":{"rows":"ab","version":1}}"#)
                == "9c572f539ca47db42d681ca2bcf0b0ad40f8b7459c29a1dbec40f00188f0cbef")
        #expect(
            AuditEvent.hash(
                sequence: 9, recordedAt: "2026-11-26T12:00:00.000Z", operatorName: nil, action: "audit.baseline",
                record: nil, details: "{}", previousHash: String(repeating: "f", count: 64))
                == "87cd4abba24a93d0d37e895e4b9571eb1b63a6995d2ec51097168aa2c83e6791")
    }

    @Test("a row digest writes whole numbers in decimal at both ends of Int64")
    func rowDigestIsPinned() {
        var digest = RowDigest()
        digest.add(
            table: "user_role_range",
            [
                Int64.min.databaseValue, Int64(-1).databaseValue, 0.databaseValue, 9.databaseValue,
                10.databaseValue, Int64.max.databaseValue, .null, "Zoë".databaseValue,
            ])
        #expect(digest.finish() == "3b9090fb5dfe06d436c567783a7bd9243ac426f38211f7f31cb2cae44f8f4c44")
        for number: Int64 in [.min, .min + 1, -10, -9, -1, 0, 1, 9, 10, 99, 100, .max - 1, .max] {
            var bytes: [UInt8] = []
            RowDigest.appendDecimal(number, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(number))
        }
    }
}
