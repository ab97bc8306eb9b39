import Foundation
import GRDB
import Testing

@testable import RAPPModel

@Suite("The policy stored in the registry")
struct PolicyTests {
    /// The built-in policy with `rules.json` edited.
    static func library(rules edit: (String) -> String) throws(FormsLoadError) -> FormLibrary {
        var files = FormLibrary.builtInFiles(in: "Forms")
        files["rules.json"] = Data(edit(String(decoding: files["rules.json"]!, as: UTF8.self)).utf8)
        return try FormLibrary.load(files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
    }

    @Test("a proposal answers as any entered request does: without evidence.read, its personal fields are withheld")
    func proposalWithholdsPersonalFields() throws {
        // A policy under which ra-managers propose without evidence.read and the summary is personal.
        var files = FormLibrary.builtInFiles(in: "Forms")
        let edit = { (name: String, from: String, to: String) in
            let text = String(decoding: files[name]!, as: UTF8.self)
            precondition(text.contains(from), "\(name) no longer holds \(from)")
            files[name] = Data(text.replacingOccurrences(of: from, with: to).utf8)
        }
        edit("rules.json", #""evidence.read", "evidence.redact","#, #""evidence.redact","#)
        edit(
            "POLICY-change.json", #""id": "summary", "label": "What changes and why", "type": "text","#,
            #""id": "summary", "label": "What changes and why", "type": "text", "personal": true,"#)
        let library = try FormLibrary.load(
            files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
        let registry = try Fixtures.registry(policy: library)
        let manager = try Fixtures.manager(of: registry)
        #expect(!library.rules.permits(.evidenceRead, roles: ["ra-manager"]))

        let details = try registry.proposePolicy(
            Fixtures.library, summary: "Managers read evidence again.", by: manager)
        #expect(details.request.personal?.isWithheld == true)
        #expect(details.request.personal?.content == nil)
        #expect(details.request.fields["summary"] == nil)
        #expect(!details.actions.isEmpty, "the actions are worked out on the whole request")
        // The summary is stored, apart: it is the answer that withholds it.
        let stored = try registry.read { db in try RequestStore(db: db).request(details.request.id) }
        #expect(stored?.personal?.content?["summary"] == .string("Managers read evidence again."))
    }

    @Test("a change is reported where it happens, as a JSON Pointer with ~ and / escaped")
    func changes() {
        let old: [String: Data] = [
            "a.json": Data(#"{"x": {"a/b": 1, "c~d": [1, 2]}, "same": true}"#.utf8), "gone.json": Data("{}".utf8),
        ]
        let new: [String: Data] = [
            "a.json": Data(#"{"same": true, "x": {"a/b": 2, "c~d": [1]}}"#.utf8), "templates/t.txt": Data("Hello".utf8),
        ]
        let changes = PolicyChange.between(old, new)
        #expect(
            changes.map { "\($0.file) \($0.pointer)" } == [
                "a.json /x/a~1b", "a.json /x/c~0d/1", "gone.json ", "templates/t.txt ",
            ])
        #expect(changes[0].old == .number(1) && changes[0].new == .number(2))
        #expect(changes[1].old == .number(2) && changes[1].new == nil)
        #expect(changes[3].old == nil && changes[3].new == .string("Hello"))
        #expect(PolicyChange.between(old, old).isEmpty)
        // Reformatting a JSON file is no change.
        #expect(
            PolicyChange.between(
                ["a.json": Data(#"{"a":1,"b":2}"#.utf8)], ["a.json": Data("{\n  \"b\": 2,\n  \"a\": 1\n}".utf8)]
            ).isEmpty)
    }

    @Test("the hash names exactly the files: any byte, name or file more changes it")
    func hash() {
        let files = PolicyFiles(["a.json": Data("{}".utf8), "b.json": Data("[]".utf8)])
        #expect(files.hash == PolicyFiles(["b.json": Data("[]".utf8), "a.json": Data("{}".utf8)]).hash)
        #expect(files.hash != PolicyFiles(["a.json": Data("{} ".utf8), "b.json": Data("[]".utf8)]).hash)
        #expect(files.hash != PolicyFiles(["a.json": Data("{}".utf8), "c.json": Data("[]".utf8)]).hash)
        #expect(files.hash != PolicyFiles(["a.json": Data("{}".utf8)]).hash)
        // Moving bytes between a name and its content is a different set of files.
        #expect(PolicyFiles(["ab": Data("c".utf8)]).hash != PolicyFiles(["a": Data("bc".utf8)]).hash)
        #expect(files.hash.count == 64)
    }

    @Test("a new registry stores its first policy with an event; every later event records the version in force")
    func firstPolicy() throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        let stored = try registry.currentPolicy()
        #expect(stored.version == 1 && stored.appliedBy == nil && stored.origin == "built-in")
        #expect(stored.hash == PolicyFiles(Fixtures.library.files).hash)
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(), by: manager) { events.append($0) }
        #expect(events.first?.action == "policy.stored")
        #expect(events.first?.details.contains(stored.hash) == true)
        #expect(events.allSatisfy { $0.policyVersion == 1 })
    }

    @Test("a policy applied through one process is in force in another's next transaction")
    func otherProcessesFollow() throws {
        let first = try Fixtures.registry()
        let manager = try Fixtures.manager(of: first)
        let second = try Registry.open(path: first.path, create: false)
        #expect(second.rules.signIn.idleLockMinutes == 10)
        // The new policy takes audit.read away from the ra-manager.
        let stricter = try Self.library {
            $0.replacingOccurrences(
                of: #""operator.manage", "audit.read", "policy.apply""#, with: #""operator.manage", "policy.apply""#
            )
            .replacingOccurrences(of: "\"idleLockMinutes\": 10", with: "\"idleLockMinutes\": 5")
        }
        guard
            case .applied(let from, let to, let changes) = try first.applyPolicy(
                stricter, soleManagerOverride: "the only ra-manager, in a test", by: manager)
        else {
            Issue.record("not applied")
            return
        }
        // Arrays are compared place by place: removing one permission moves every one after it.
        #expect(from.version == 1 && to.version == 2 && changes.count == 11)
        #expect(throws: AccessError.notPermitted(.auditRead, operator: "manager")) { try second.auditHead(by: manager) }
        #expect(second.rules.signIn.idleLockMinutes == 5)
        #expect(second.storedPolicy.appliedBy == "manager")
    }

    @Test("a policy edited in the file behind ratui's back is refused when the registry is opened")
    func tamperedFiles() throws {
        let registry = try Fixtures.registry()
        try registry.write { db in
            try db.execute(sql: "DROP TRIGGER policy_file_no_update")
            try db.execute(
                sql:
                    "UPDATE policy_file SET content = replace(content, '\"ra-personnel\": [', '\"ra-personnel\": [\"operator.manage\", ') WHERE path = 'rules.json'"
            )
        }
        do {
            _ = try Registry.open(path: registry.path, create: false)
            Issue.record("opened a registry whose policy no longer matches its hash")
        } catch {
            #expect(error.code == "registry.policy")
            #expect(error.description.contains("changed outside ratui"))
        }
    }

    @Test("the policy version of an event is covered by its hash")
    func versionInTheChain() throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        try registry.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET policy_version = NULL WHERE sequence = 2")
        }
        #expect(try registry.verifyAudit(by: manager).firstBreak?.sequence == 2)
    }

    @Test("the policy invariants: the overlap check stays an error; someone keeps operator.manage with policy.apply")
    func invariants() throws {
        for severity in ["warning", "off"] {
            #expect(throws: FormsLoadError.self) {
                try Self.library {
                    $0.replacingOccurrences(
                        of: "\"range.overlaps-organisation\": {\n      \"severity\": \"error\"",
                        with: "\"range.overlaps-organisation\": {\n      \"severity\": \"\(severity)\"")
                }
            }
        }
        do {
            _ = try Self.library {
                $0.replacingOccurrences(of: #", "policy.apply", "registry.backup","#, with: #", "registry.backup","#)
            }
            Issue.record("loaded a policy nobody can change")
        } catch {
            #expect(error.problems.map(\.code).contains(.policyInvariant))
        }
        #expect(PolicyInvariants.problems(in: Fixtures.library.rules).isEmpty)
    }

    @Test("a registry from before stored policies keeps its events verifiable and gains a first policy with an event")
    func migratedRegistry() throws {
        let path = Fixtures.temporaryFolder().appending(path: "old.sqlite").path
        let old = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        for name in ["0001_registry", "0002_operators_audit", "0003_organisation_search"] {
            let sql = String(decoding: FormLibrary.builtInFiles(in: "Schemas")["\(name).sql"]!, as: UTF8.self)
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        try migrator.migrate(old)
        // An event as the older ratui wrote it: no policy version, none in its hash.
        let hash = AuditEvent.hash(
            sequence: 1, recordedAt: "2026-11-01T00:00:00.000Z", operatorName: "manager",
            action: "operator.bootstrapped",
            record: "operator/1", details: "{}", previousHash: AuditEvent.genesisHash)
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO operator (id, name, passphrase_hash, created_at) VALUES (1, 'manager', ?, '2026-11-01T00:00:00.000Z');
                    INSERT INTO operator_role (operator_id, role) VALUES (1, 'ra-manager');
                    INSERT INTO audit_event (sequence, recorded_at, operator, action, record, details, previous_hash, hash)
                    VALUES (1, '2026-11-01T00:00:00.000Z', 'manager', 'operator.bootstrapped', 'operator/1', '{}', ?, ?)
                    """, arguments: [try Fixtures.fastHasher.hash(Fixtures.passphrase), AuditEvent.genesisHash, hash])
        }
        try old.close()
        let registry = try Registry.open(path: path, create: false)
        #expect(registry.storedOnOpen?.version == 1)
        let manager = try registry.signIn(name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: AuditFilter(), by: manager) { events.append($0) }
        // Migrating to schema 5 records the baseline of the data as it stood, before the policy.
        #expect(events.map(\.action) == ["operator.bootstrapped", "audit.baseline", "policy.stored"])
        #expect(events.map(\.policyVersion) == [nil, nil, 1])
        #expect(events.last?.details.contains("migrated") == true)
        let verified = try registry.verifyAudit(by: manager)
        #expect(verified.isIntact && verified.count == 3)
        // Opened again, nothing more is stored.
        #expect(try Registry.open(path: path, create: false).storedOnOpen == nil)
    }
}
