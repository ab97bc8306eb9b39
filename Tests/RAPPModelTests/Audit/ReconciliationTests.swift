import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// `audit verify` reconciles the data with the trail: attacks made as someone holding the file
/// would make them (plain SQLite, triggers dropped), each found with its record.
@Suite("Reconciling the data with the audit trail")
struct ReconciliationTests {
    static let erinPassphrase = "erin's own passphrase 42"

    /// A registry with organisations (one amended), a second operator and an imported form.
    func populated() throws -> (Registry, OperatorSession) {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "One", 0x1000, 0x1FFF))
        _ = try registry.submit(
            Fixtures.form(name: "One renamed", 0x1000, 0x2FFF), amending: Amendment(organisation: 1, version: 1))
        _ = try registry.addOperator(
            name: "erin", roles: ["auditor"], passphrase: Self.erinPassphrase, by: manager, hasher: Fixtures.fastHasher)
        _ = try registry.submit(
            Fixtures.form(
                name: "Two",
                [
                    ("import-supplier", "00-00-00-00-00-00-50-00", "00-00-00-00-00-00-5F-FF"),
                    ("gas-supplier", "00-00-00-00-00-00-50-00", "00-00-00-00-00-00-5F-FF"),
                ]))
        return (registry, manager)
    }

    /// Writes to the file as an attacker would: plain SQLite, every protecting trigger dropped.
    func tamper(_ registry: Registry, _ sql: String, arguments: StatementArguments = []) throws {
        try registry.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF") }
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    func verify(_ registry: Registry, _ session: OperatorSession) throws -> AuditVerification {
        try registry.verifyAudit(by: session)
    }

    @Test("every change ratui makes leaves the data matching the trail")
    func honestChangesReconcile() throws {
        let (registry, manager) = try populated()
        _ = try registry.setRoles(of: "erin", to: ["pma-member"], by: manager)
        _ = try registry.disableOperator("erin", by: manager)
        _ = try registry.enableOperator("erin", by: manager)
        _ = try registry.resetPassphrase(
            of: "erin", to: "another long passphrase", by: manager, hasher: Fixtures.fastHasher)
        _ = try registry.applyPolicy(
            PolicyTests.library {
                $0.replacingOccurrences(of: #""idleLockMinutes": 10"#, with: #""idleLockMinutes": 5"#)
            }, soleManagerOverride: "the only ra-manager, in a test", by: manager)
        let result = try verify(registry, manager)
        #expect(result.reconciled)
        #expect(result.differences == [])
        #expect(result.isIntact)
    }

    @Test("every event that changes a record records its state, keyed by the record")
    func eventsRecordState() throws {
        let (registry, manager) = try populated()
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(), by: manager) { events.append($0) }
        for event in events {
            let state = try #require(event.state, "\(event.action) records no state")
            guard case .object(let records) = try JSONValue.parse(Data(state.utf8)) else {
                Issue.record("\(state)")
                continue
            }
            #expect(Array(records.keys) == [event.record ?? ""], "\(event.action)")
        }
        let erin = try #require(events.first { $0.action == "operator.added" }?.state)
        #expect(!erin.contains("pbkdf2"), "the passphrase record never enters the trail, only its digest")
        #expect(erin.contains(#""roles":["auditor"]"#))
    }

    @Test(
        "an organisation's name, fields or ranges edited in the file are found",
        arguments: [
            "UPDATE organisation_version SET name = 'Forged' WHERE organisation_id = 1 AND is_current = 1",
            "UPDATE organisation_version SET fields = json_set(fields, '$.contactEmail', 'evil@example.org') WHERE organisation_id = 2",
            "UPDATE organisation_version SET name = 'Rewritten history' WHERE organisation_id = 1 AND version = 1",
            "UPDATE user_role_range SET last_key = last_key + 1 WHERE organisation_id = 2 AND role = 'gas-supplier'",
            "UPDATE user_role_range SET is_current = 1 WHERE organisation_id = 1",
            "UPDATE user_role_range SET level = 0, block = 0 WHERE organisation_id = 2",
            "DELETE FROM user_role_range WHERE organisation_id = 2 AND role = 'gas-supplier'",
            "UPDATE user_role_range SET organisation_id = 1 WHERE organisation_id = 2 AND role = 'gas-supplier'",
        ])
    func organisationEdited(_ sql: String) throws {
        let (registry, manager) = try populated()
        try tamper(registry, sql)
        let result = try verify(registry, manager)
        #expect(!result.isIntact)
        #expect(result.firstBreak == nil, "the chain itself is whole")
        #expect(!result.differences.isEmpty)
        #expect(result.differences.allSatisfy { $0.kind == .changed && $0.record.hasPrefix("organisation/") })
        #expect(result.differences.allSatisfy { $0.facets.map(\.name).contains("rows") })
    }

    @Test("a version or range slipped in behind ratui's back is found, even one of no version")
    func rowsInserted() throws {
        let (registry, manager) = try populated()
        try tamper(
            registry,
            """
            INSERT INTO user_role_range (version_id, organisation_id, role, first_key, last_key, level, block, is_current)
            VALUES (999, 2, 'export-supplier', 0, 10, 4, 0, 1)
            """)
        var result = try verify(registry, manager)
        #expect(result.differences.map(\.record) == ["organisation/2"])
        try tamper(registry, "INSERT INTO organisation (id, created_at) VALUES (7, '2026-01-01T00:00:00.000Z')")
        result = try verify(registry, manager)
        #expect(result.differences.contains { $0.record == "organisation/7" && $0.kind == .unrecorded })
    }

    @Test(
        "a search-index deferral left committed in the file, which would keep later organisations out of search, is found"
    )
    func searchDeferralLeftBehind() throws {
        let (registry, manager) = try populated()
        #expect(try verify(registry, manager).isIntact)
        try tamper(registry, "INSERT INTO organisation_search_deferral (id) VALUES (1)")
        let result = try verify(registry, manager)
        #expect(!result.isIntact)
        #expect(result.differences.map(\.record) == ["organisation-search-deferral/1"])
        #expect(result.differences.allSatisfy { $0.kind == .unrecorded })
    }

    @Test("a current version made current again is found with the version the trail expects")
    func versionRolledBack() throws {
        let (registry, manager) = try populated()
        try tamper(
            registry,
            """
            DROP INDEX organisation_version_current;
            UPDATE organisation_version SET is_current = 1 - is_current WHERE organisation_id = 1
            """)
        let difference = try #require(try verify(registry, manager).differences.first)
        #expect(difference.record == "organisation/1")
        #expect(
            difference.facets.first { $0.name == "version" }.map { [$0.trail, $0.registry] } == [
                .number(2), .number(1),
            ])
        #expect(difference.description.contains("organisation/1 does not match event"))
    }

    @Test(
        "an operator's roles, state or lock edited in the file are found, with both values",
        arguments: [
            ("INSERT INTO operator_role (operator_id, role) VALUES (2, 'ra-manager')", "roles"),
            ("DELETE FROM operator_role WHERE operator_id = 2", "roles"),
            ("UPDATE operator SET is_disabled = 1 WHERE id = 2", "disabled"),
            ("UPDATE operator SET locked_until = '2999-01-01T00:00:00.000Z' WHERE id = 2", "lockedUntil"),
            ("UPDATE operator SET name = 'mallory' WHERE id = 2", "name"),
        ])
    func operatorEdited(_ sql: String, _ facet: String) throws {
        let (registry, manager) = try populated()
        try tamper(registry, sql)
        let result = try verify(registry, manager)
        let difference = try #require(result.differences.first)
        #expect(result.differences.count == 1)
        #expect(difference.record == "operator/2")
        #expect(difference.facets.map(\.name) == [facet])
        #expect(difference.facets.first?.trail != difference.facets.first?.registry)
    }

    @Test("one operator's passphrase hash copied onto another's account is found, without showing either hash")
    func passphraseCopied() throws {
        let (registry, manager) = try populated()
        try tamper(
            registry,
            "UPDATE operator SET passphrase_hash = (SELECT passphrase_hash FROM operator WHERE id = 1) WHERE id = 2")
        // The attacker now signs in as erin with the manager's passphrase ...
        #expect(
            try registry.signIn(name: "erin", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher).name
                == "erin")
        // ... and verify says whose record changed.
        let result = try verify(registry, manager)
        let difference = try #require(result.differences.first)
        #expect(result.differences.count == 1)
        #expect(difference.record == "operator/2" && difference.facets.map(\.name) == ["passphrase"])
        #expect(!difference.description.contains("pbkdf2"))
        #expect(!"\(result.jsonValue.serialized())".contains("pbkdf2"))
    }

    @Test("an operator added or removed in the file is found")
    func operatorInsertedOrRemoved() throws {
        let (registry, manager) = try populated()
        let hash = try Fixtures.fastHasher.hash("mallory's own passphrase")
        try tamper(
            registry,
            """
            INSERT INTO operator (id, name, passphrase_hash, created_at) VALUES (9, 'mallory', ?, '2026-01-01T00:00:00.000Z');
            INSERT INTO operator_role (operator_id, role) VALUES (9, 'ra-manager');
            DELETE FROM operator_role WHERE operator_id = 2; DELETE FROM operator WHERE id = 2
            """, arguments: [hash])
        let result = try verify(registry, manager)
        #expect(
            Set(result.differences.map { "\($0.record) \($0.kind)" }) == [
                "operator/9 unrecorded", "operator/2 missing",
            ])
    }

    @Test("a policy version's files or row edited in the file are found, the version in force and earlier ones")
    func policyEdited() throws {
        let (registry, manager) = try populated()
        _ = try registry.applyPolicy(
            PolicyTests.library {
                $0.replacingOccurrences(of: #""idleLockMinutes": 10"#, with: #""idleLockMinutes": 5"#)
            }, soleManagerOverride: "the only ra-manager, in a test", by: manager)
        try tamper(
            registry, "UPDATE policy_file SET content = CAST('{}' AS BLOB) WHERE version = 1 AND path = 'rules.json'")
        try tamper(registry, "UPDATE policy_version SET applied_by = 'mallory' WHERE version = 2")
        let result = try verify(registry, manager)
        #expect(result.differences.map(\.record) == ["policy/1", "policy/2"])
        #expect(result.differences.map { $0.facets.map(\.name) } == [["files"], ["appliedBy"]])
    }

    @Test("sign-in failures, a lock running out and a re-hash at sign-in are accounted for")
    func signInChangesReconcile() throws {
        let (registry, manager) = try populated()
        let start = Date()
        for _ in 0..<5 {
            _ = try? registry.signIn(
                name: "erin", passphrase: "a wrong passphrase 123", hasher: Fixtures.fastHasher, now: start)
        }
        #expect(
            try verify(registry, manager).isIntact,
            "failures are counters outside reconciliation; the lock has its event")
        // The lock runs out: signing in leaves the stored lock as its event recorded it.
        let later = start.addingTimeInterval(2 * 3600)
        _ = try registry.signIn(name: "erin", passphrase: Self.erinPassphrase, hasher: Fixtures.fastHasher, now: later)
        #expect(try verify(registry, manager).isIntact)
        // A stronger hasher re-hashes at sign-in: the new record's digest is recorded in its own event.
        let stronger = PassphraseHasher(iterations: 2_000)
        _ = try registry.signIn(name: "erin", passphrase: Self.erinPassphrase, hasher: stronger, now: later)
        var rehashed: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(action: "operator.passphrase-rehashed"), by: manager) {
            rehashed.append($0)
        }
        #expect(rehashed.map(\.record) == ["operator/2"])
        #expect(rehashed.first?.details == #"{"from":{"iterations":1000},"to":{"iterations":2000}}"#)
        #expect(try verify(registry, manager).isIntact)
    }

    @Test("forms imported in batches reconcile: the digest recorded without reading equals the rows read back")
    func importReconciles() throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        let lines = (0..<50).map { index in
            Fixtures.form(
                name: "Imported \(index)", role: index % 2 == 0 ? "import-supplier" : "other-user",
                UInt64(index) << 16, UInt64(index) << 16 | 0xFFFF
            ).jsonValue.serialized()
        }
        let file = Fixtures.temporaryFolder().appending(path: "forms.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let summary = try FormImporter(registry: registry, session: manager).importLines(
            from: FileHandle(forReadingFrom: file))
        #expect(summary.stored == 50)
        let result = try verify(registry, manager)
        #expect(result.isIntact && result.differenceCount == 0)
    }

    @Test("an audit.baseline appended at the head, which would bless tampered rows, is reported, and blesses nothing")
    func secondBaseline() throws {
        let (registry, manager) = try populated()
        try tamper(registry, "UPDATE operator_role SET role = 'ra-manager' WHERE operator_id = 2")
        // Forge a baseline recording the tampered state, chained correctly onto the head.
        let state = try registry.read { db in try OperatorStore(db: db, rules: registry.rules).state(of: 2)! }
        let forged = try registry.write { db in
            try AuditTrail(db: db).append(
                operatorName: nil, action: .auditBaseline, record: nil, detailsText: "{}",
                stateText: JSONValue.object(["operator/2": state]).serialized(), at: Timestamp.now())
        }
        let result = try verify(registry, manager)
        #expect(result.firstBreak == nil)
        #expect(result.differences.map(\.kind) == [.extraBaseline, .changed])
        #expect(result.differences.first?.sequence == forged.sequence)
        #expect(result.differences.last?.record == "operator/2")
    }

    @Test("a registry migrated to schema 5 records a baseline of every row; rows changed after it are found")
    func migratedBaseline() throws {
        let path = Fixtures.temporaryFolder().appending(path: "old.sqlite").path
        let old = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        for name in ["0001_registry", "0002_operators_audit", "0003_organisation_search", "0004_policy"] {
            let sql = String(decoding: FormLibrary.builtInFiles(in: "Schemas")["\(name).sql"]!, as: UTF8.self)
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        try migrator.migrate(old)
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO operator (id, name, passphrase_hash, created_at) VALUES (1, 'manager', ?, '2026-11-01T00:00:00.000Z');
                    INSERT INTO operator_role (operator_id, role) VALUES (1, 'ra-manager');
                    INSERT INTO organisation (id, created_at) VALUES (1, '2026-11-01T00:00:00.000Z');
                    INSERT INTO organisation_version (id, organisation_id, version, form_id, name, fields, submitted_at, is_current)
                    VALUES (1, 1, 1, 'A1', 'Old Org', '{}', '2026-11-01T00:00:00.000Z', 1);
                    INSERT INTO user_role_range VALUES (1, 1, 'other-user', 0, 255, 8, 0, 1);
                    """, arguments: [try Fixtures.fastHasher.hash(Fixtures.passphrase)])
        }
        try old.close()
        let registry = try Registry.open(path: path, create: false)
        let manager = try registry.signIn(name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(), by: manager) { events.append($0) }
        let baseline = try #require(events.first { $0.action == "audit.baseline" })
        #expect(events.filter { $0.action == "audit.baseline" }.count == 1)
        #expect(baseline.state?.contains("operator/1") == true && baseline.state?.contains("organisation/1") == true)
        #expect(
            baseline.details.contains(
                #""kinds":["policy","operator","organisation","preconditions","request","credential-holder","credential","revocation-hold","notification"]"#
            ),
            "a migration from before schema 5 records one baseline of every kind, the request engine's included")
        #expect(try registry.verifyAudit(by: manager).isIntact)
        // Opening again records no second baseline.
        _ = try Registry.open(path: path, create: false)
        #expect(try registry.auditEventCount(matching: AuditFilter(action: "audit.baseline"), by: manager) == 1)
        try tamper(registry, "UPDATE organisation_version SET name = 'Changed after the baseline'")
        #expect(try registry.verifyAudit(by: manager).differences.map(\.record) == ["organisation/1"])
    }

    @Test("hostile values stored in audited columns are reconciled without crashing and shown escaped")
    func hostileValues() throws {
        let (registry, manager) = try populated()
        try tamper(
            registry, "UPDATE operator SET is_disabled = 'yes', locked_until = x'1b5b324a', name = ? WHERE id = 2",
            arguments: ["\u{1B}]0;pwned\u{07}"])
        try tamper(registry, "UPDATE organisation_version SET organisation_id = 'two' WHERE organisation_id = 2")
        let result = try verify(registry, manager)
        #expect(!result.isIntact)
        #expect(result.differences.contains { $0.record == "operator/2" })
        let text = result.differences.map(\.description).joined(separator: "\n")
        #expect(!text.contains("\u{1B}"), "JSON serialisation escapes the control characters")
    }
}
