import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// `audit verify` reconciles the request engine's rows (requests and their steps, credentials,
/// their holders, organisations' allocations and entry tests, personal data by digest) with the
/// states their events record: attacks made as someone holding the file would, each found with
/// its record; honest use verifies clean.
@Suite("Reconciling requests and credentials with the audit trail")
struct RequestReconciliationTests {
    static let allocation = IdentifierRange(first: EUI64(0x90B3_D51F_3000_0000), last: EUI64(0x90B3_D51F_30FF_FFFF))!

    /// Organisation 1 with an allocation and entry tests; request 1 taken to active (credential 1,
    /// holder 1), request 2 rejected, request 3 withdrawn, request 4 left checked.
    func populated() throws -> RequestFixture {
        let fixture = try RequestFixture()
        _ = try fixture.registry.recordAllocation([Self.allocation], of: fixture.organisation, by: fixture.manager)
        let active = try fixture.nominate().request.id
        try fixture.advance(active, to: "active")
        let rejected = try fixture.request(in: "identity-verified", name: "Rita Jones")
        _ = try fixture.registry.act(
            on: rejected, action: "reject", reason: "screening-not-met", note: "Expired", by: fixture.carol)
        let withdrawn = try fixture.request(in: "approved", name: "Will Brown")
        _ = try fixture.registry.act(on: withdrawn, action: "withdraw", by: fixture.bob)
        _ = try fixture.request(in: "checked", name: "Cara White")
        return fixture
    }

    /// Writes to the file as an attacker would: plain SQLite, every protecting trigger dropped.
    func tamper(_ registry: Registry, _ sql: String) throws {
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF") }
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql)
        }
    }

    func events(_ fixture: RequestFixture, action: String? = nil) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        try fixture.registry.auditEvents(matching: AuditFilter(action: action), by: fixture.manager) {
            events.append($0)
        }
        return events
    }

    func recordedKeys(_ event: AuditEvent) throws -> [String] {
        guard let state = event.state, case .object(let records) = try JSONValue.parse(Data(state.utf8)) else {
            return []
        }
        return records.keys.sorted()
    }

    @Test("a nomination to active, a rejection, a withdrawal, allocations, entry tests and a redaction verify clean")
    func honestUseReconciles() throws {
        let fixture = try populated()
        _ = try fixture.registry.recordAllocation([Self.allocation], of: fixture.organisation, by: fixture.bob)
        _ = try fixture.registry.recordEntryTests(
            of: fixture.organisation, passedOn: "2026-10-02", reference: "ET-2", by: fixture.bob)
        var result = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(result.isIntact && result.reconciled && result.differenceCount == 0, "\(result.differences)")
        // Redaction (the one change personal data allows) removes content and salt, keeps the digest: still clean.
        try fixture.registry.write { db in
            try db.execute(
                sql: "UPDATE personal_data SET content = NULL, salt = NULL, redacted_at = '2033-01-01T00:00:00.000Z'")
        }
        result = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(result.isIntact && result.differenceCount == 0, "\(result.differences)")
    }

    @Test(
        "every request, allocation and entry-test event records the state of what it changed; activation records the credential and holder"
    )
    func eventsRecordState() throws {
        let fixture = try populated()
        let engine = try events(fixture).filter {
            $0.action.hasPrefix("request.") || $0.action.hasPrefix("organisation.allocation")
                || $0.action.hasPrefix("organisation.entry-tests")
        }
        #expect(engine.count > 10)
        for event in engine {
            let keys = try recordedKeys(event)
            if event.action.hasPrefix("request.") {
                #expect(keys.contains(event.record ?? ""), "\(event.action) \(keys)")
            } else {
                #expect(keys == ["preconditions/\(fixture.organisation)"], "\(event.action) \(keys)")
            }
        }
        let activation = try #require(engine.first { $0.details.contains(#""action":"activate""#) })
        // Activation also writes the organisation's notification (schema 14), recorded alike.
        #expect(
            try recordedKeys(activation) == ["credential-holder/1", "credential/1", "notification/1", "request/1"])
        for event in engine {
            let state = event.state ?? ""
            #expect(
                !state.contains("1980-02-29") && !state.contains("PASS123456") && !state.contains("SCREEN-42"),
                "no personal content in states")
        }
        // A step names the event that records it.
        let steps = try fixture.registry.read { db in
            try Int64.fetchAll(db, sql: "SELECT audit_sequence FROM request_transition ORDER BY audit_sequence")
        }
        let requestEvents = engine.filter { $0.action.hasPrefix("request.") }.map(\.sequence)
        #expect(steps == requestEvents)
    }

    @Test(
        "each attack on the request engine's rows is found with its record and what differs",
        arguments: [
            (
                "UPDATE request_transition SET to_state = 'active' WHERE request_id = 2 AND is_current = 1",
                "request/2", "state"
            ),
            (
                "UPDATE request_transition SET operator_id = 2 WHERE request_id = 1 AND action = 'approve'",
                "request/1", "rows"
            ),
            (
                "UPDATE request_transition SET note = 'Fine after all' WHERE request_id = 2 AND action = 'reject'",
                "request/2", "rows"
            ),
            (
                "DELETE FROM request_transition WHERE request_id = 1 AND action = 'verify-identity'", "request/1",
                "steps"
            ),
            (
                "UPDATE request SET fields = json_set(fields, '$.nomineeName', 'Mallory') WHERE id = 1", "request/1",
                "rows"
            ),
            ("UPDATE credential_state SET state = 'revoked' WHERE credential_id = 1", "credential/1", "state"),
            (
                "UPDATE credential SET details = json_set(details, '$.expiryDate', '2099-12-31') WHERE id = 1",
                "credential/1", "details"
            ),
            (
                "UPDATE credential SET scopes = '[\"organisation-certificates\",\"smki-repository\",\"device-certificates\"]' WHERE id = 1",
                "credential/1", "scopes"
            ),
            ("UPDATE credential_holder SET name = 'Mallory' WHERE id = 1", "credential-holder/1", "name"),
            (
                "UPDATE organisation_allocation SET last_key = last_key + 1 WHERE organisation_id = 1",
                "preconditions/1", "allocation"
            ),
            (
                "UPDATE organisation_entry_tests SET reference = 'ET-forged' WHERE organisation_id = 1",
                "preconditions/1", "entryTests"
            ),
            (
                "UPDATE personal_data SET digest = 'sha256:' || substr(digest, 8, 60) || 'beef' WHERE digest = (SELECT personal_digest FROM request WHERE id = 1)",
                "request/1", "personal"
            ),
            (
                "UPDATE personal_data SET content = '{\"dateOfBirth\":\"1970-01-01\"}' WHERE digest = (SELECT personal_digest FROM request WHERE id = 1)",
                "request/1", "personal"
            ),
            (
                "UPDATE personal_data SET content = '{\"dateOfBirth\":\"1970-01-01\"}' WHERE digest = (SELECT personal_digest FROM credential_holder WHERE id = 1)",
                "credential-holder/1", "personal"
            ),
        ])
    func attackFound(_ sql: String, _ record: String, _ facet: String) throws {
        let fixture = try populated()
        try tamper(fixture.registry, sql)
        let result = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(!result.isIntact)
        #expect(result.firstBreak == nil, "the chain itself is whole")
        #expect(result.differences.map(\.record) == [record], "\(result.differences)")
        let difference = try #require(result.differences.first)
        #expect(difference.kind == .changed)
        #expect(difference.facets.map(\.name).contains(facet), "\(difference)")
        #expect(
            !difference.description.contains("1980-02-29") && !difference.description.contains("1970-01-01"),
            "personal data shows only by digest")
    }

    @Test("a request, credential or step slipped in, or a request removed, behind ratui's back is found")
    func rowsInsertedOrRemoved() throws {
        let fixture = try populated()
        try tamper(
            fixture.registry,
            """
            INSERT INTO credential (id, kind, holder_id, organisation_id, request_id, scopes, details, created_at)
            VALUES (9, 'aro', 1, 1, 4, '["organisation-certificates"]', '{}', '2026-11-01T00:00:00.000Z');
            INSERT INTO credential_state VALUES (9, 1, 'active', '2026-11-01T00:00:00.000Z', 1, 4, 1);
            INSERT INTO request_transition (request_id, sequence, kind, action, from_state, to_state, operator_id, recorded_at,
                is_automatic, audit_sequence, is_current) VALUES (77, 0, 'aro-nomination', 'submit', NULL, 'active', 1, '2026-11-01T00:00:00.000Z', 0, 1, 1);
            DELETE FROM request_transition WHERE request_id = 3; DELETE FROM request WHERE id = 3;
            """)
        let result = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(
            Set(result.differences.map { "\($0.record) \($0.kind)" }) == [
                "credential/9 unrecorded", "request/77 unrecorded", "request/3 missing",
            ])
    }

    @Test("reconciliation reads each table once, in index order without sorting, and each personal data row by its key")
    func onePass() throws {
        let fixture = try populated()
        var statements: [String] = []
        let result = try fixture.registry.read { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { statements.append(statement.sql) }
            }
            defer { db.trace(options: [], nil) }
            return try AuditTrail(db: db).verify(
                expectingHead: nil, reconciling: Registry.auditedStores(db, rules: fixture.registry.rules))
        }
        #expect(result.isIntact)
        for table in [
            "audit_event", "request", "request_transition", "credential", "credential_state", "credential_holder",
            "organisation_allocation", "organisation_entry_tests",
        ] {
            let scans = statements.map { $0.replacingOccurrences(of: "\"", with: "") }
                .filter { $0.range(of: "FROM \(table) ") != nil || $0.hasSuffix("FROM \(table)") }
                .filter { !$0.contains("WHERE") }
            #expect(scans.count == 1, "\(table): \(scans)")
        }
        #expect(statements.filter { $0.contains("FROM personal_data") }.allSatisfy { $0.contains("WHERE digest = ?") })
        // No scan of the request engine's tables needs a sort: each reads an index in the order the
        // records are merged.
        let engineTables = [
            "FROM request", "FROM credential", "FROM organisation_allocation", "FROM organisation_entry_tests",
        ]
        let plans = try fixture.registry.read { db in
            try Set(statements).filter { sql in !sql.contains("?") && engineTables.contains { sql.contains($0) } }.map {
                sql in
                (
                    sql,
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { $0["detail"] as String? ?? "" }.joined(
                        separator: " ")
                )
            }
        }
        #expect(plans.count == 7)
        for (sql, plan) in plans {
            #expect(!plan.contains("TEMP B-TREE"), "\(sql): \(plan)")
        }
    }

    @Test(
        "a baseline of the request engine's kinds appended at the head after their states were recorded is reported and blesses nothing"
    )
    func forgedBaseline() throws {
        let fixture = try populated()
        try tamper(fixture.registry, "UPDATE credential_state SET state = 'active-forever' WHERE credential_id = 1")
        let state = try fixture.registry.read { db in try CredentialStore(db: db).state(of: 1)! }
        let forged = try fixture.registry.write { db in
            try AuditTrail(db: db).append(
                operatorName: nil, action: .auditBaseline, record: nil,
                detailsText: JSONValue.object(["kinds": .array(Registry.requestEngineKinds.map(JSONValue.string))])
                    .serialized(),
                stateText: JSONValue.object(["credential/1": state]).serialized(), at: Timestamp.now())
        }
        let result = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(result.differences.map(\.kind) == [.extraBaseline, .changed])
        #expect(result.differences.first?.sequence == forged.sequence)
        #expect(result.differences.last?.record == "credential/1")
    }

    /// The notification entries of an event's recorded states, or nil when it has none.
    static func notificationStates(in state: String?) -> String? {
        guard let state, case .object(let states)? = try? JSONValue.parse(Data(state.utf8)) else { return nil }
        let kept = states.filter { $0.key.hasPrefix("notification/") }
        return kept.isEmpty ? nil : JSONValue.object(kept).serialized()
    }

    /// Makes a registry's request-engine events look as ratui at schema 6 wrote them: without
    /// states (the chain re-computed).
    func stripRequestEngineStates(_ registry: Registry) throws {
        try tamper(registry, "SELECT 1")
        try registry.pool.writeWithoutTransaction { db in
            let events = try AuditEventRecord.order(AuditEventRecord.Columns.sequence).fetchAll(db).map(\.event)
            var previous = AuditEvent.genesisHash
            for event in events {
                let engine = ["request.", "organisation.allocation", "organisation.entry-tests"].contains {
                    event.action.hasPrefix($0)
                }
                // Notifications (schema 14) came long after: their states stay as recorded.
                let state =
                    engine ? Self.notificationStates(in: event.state) : event.state
                let hash = AuditEvent.hash(
                    sequence: event.sequence, recordedAt: event.recordedAt, operatorName: event.operatorName,
                    action: event.action,
                    record: event.record, details: event.details, previousHash: previous,
                    policyVersion: event.policyVersion, state: state)
                try db.execute(
                    sql: "UPDATE audit_event SET state = ?, previous_hash = ?, hash = ? WHERE sequence = ?",
                    arguments: [state, previous, hash, event.sequence])
                previous = hash
            }
        }
    }

    @Test(
        "a registry kept at schema 6 records, when migrated, one baseline of the request engine's records alone; rows changed after it are found"
    )
    func migratedFromSchema6() throws {
        let fixture = try populated()
        try stripRequestEngineStates(fixture.registry)
        // Without the baseline, the request engine's rows are unaccounted for.
        let before = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(before.firstBreak == nil)
        #expect(before.differences.contains { $0.record == "request/1" && $0.kind == .unrecorded })
        // Schema 6: migration 0007 not applied.
        try tamper(
            fixture.registry,
            "DROP INDEX organisation_entry_tests_organisation; DELETE FROM grdb_migrations WHERE identifier = '0007_requests_baseline'"
        )
        // Opening migrates to schema 7 and records the baseline.
        let reopened = try Registry.open(path: fixture.registry.path, create: false)
        let manager = try reopened.signIn(name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        var baselines: [AuditEvent] = []
        try reopened.auditEvents(matching: AuditFilter(action: "audit.baseline"), by: manager) { baselines.append($0) }
        let baseline = try #require(baselines.first)
        #expect(baselines.count == 1)
        let keys = try recordedKeys(baseline)
        #expect(
            Set(keys.map { String($0.prefix { $0 != "/" }) }) == Set(Registry.requestEngineKinds),
            "the request engine's kinds alone: \(keys)")
        #expect(keys.contains("request/4") && keys.contains("credential/1") && keys.contains("preconditions/1"))
        #expect(baseline.details.contains(#""kinds":["preconditions","request","credential-holder","credential"]"#))
        var result = try reopened.verifyAudit(by: manager)
        #expect(result.isIntact && result.differenceCount == 0, "\(result.differences)")
        // Opening again records no second baseline, and new steps record their states as usual.
        _ = try Registry.open(path: fixture.registry.path, create: false)
        #expect(try reopened.auditEventCount(matching: AuditFilter(action: "audit.baseline"), by: manager) == 1)
        _ = try reopened.act(
            on: 4, action: "withdraw",
            by: try reopened.signIn(name: "bob", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher))
        #expect(try reopened.verifyAudit(by: manager).isIntact)
        try tamper(
            reopened, "UPDATE credential SET details = json_set(details, '$.expiryDate', '2099-12-31') WHERE id = 1")
        result = try reopened.verifyAudit(by: manager)
        #expect(result.differences.map(\.record) == ["credential/1"])
    }
}
