import Foundation
import GRDB
import Testing

/// The registry's own policy through the `ratui` binary: the attacks of an insider with a low
/// role who brings their own forms folder, and how an ra-manager changes the policy instead.
@Suite("The registry's policy")
struct PolicyCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var asAlice: [String] { db + ratui.signIn }

    /// The package's Forms/ folder.
    static let builtInForms = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Forms")

    /// A copy of the built-in forms folder with `rules.json` edited, in this test's folder.
    func forms(_ name: String, rules edit: (String) -> String = { $0 }) throws -> String {
        let folder = ratui.folder.appending(path: name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.builtInForms.path)
        where file.hasSuffix(".json") {
            var text = try String(contentsOf: Self.builtInForms.appending(path: file), encoding: .utf8)
            if file == "rules.json" {
                let edited = edit(text)
                // An edit that no longer matches the built-in file would test nothing.
                precondition(
                    edited != text || name == "same" || name == "site" && edited == text,
                    "the edit of rules.json for \(name) changed nothing")
                text = edited
            }
            try Data(text.utf8).write(to: folder.appending(path: file))
        }
        for subfolder in ["workflows", "templates"] {
            let copy = folder.appending(path: subfolder)
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(
                atPath: Self.builtInForms.appending(path: subfolder).path)
            {
                try FileManager.default.copyItem(
                    at: Self.builtInForms.appending(path: "\(subfolder)/\(file)"), to: copy.appending(path: file))
            }
        }
        return folder.path
    }

    /// Runs as another operator, with their passphrase (and any further lines) on stdin.
    func run(_ arguments: [String], as name: String, then more: [String] = [], environment: [String: String] = [:])
        throws -> RatuiProcess.Result
    {
        try ratui.run(
            arguments + db + ["--operator", name, "--passphrase-stdin"],
            stdin: Data(([RatuiProcess.passphrase] + more).map { $0 + "\n" }.joined().utf8), environment: environment)
    }

    /// A registry with alice (ra-manager) and one operator of `role` named after it.
    func registry(with role: String) throws {
        try ratui.bootstrap()
        let added = try ratui.run(
            ["operator", "add", "--role", role, role] + asAlice,
            stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")
    }

    func operators() throws -> [[String: Any]] {
        let list = try ratui.run(["operator", "list", "--json"] + asAlice)
        return try list.json["operators"] as? [[String: Any]] ?? []
    }

    @Test("a pma-member cannot grant themselves operator.manage with --forms or RATUI_FORMS")
    func pmaMemberBringsTheirOwnPermissions() throws {
        try registry(with: "pma-member")
        let generous = try forms("generous") {
            $0.replacingOccurrences(
                of: #""pma-member": ["registry.read", "audit.read", "request.read", "revocation.request"]"#,
                with:
                    #""pma-member": ["registry.read", "audit.read", "request.read", "revocation.request", "operator.manage"]"#
            )
        }
        let viaOption = try run(
            ["operator", "add", "--role", "ra-manager", "mallory", "--forms", generous], as: "pma-member",
            then: [RatuiProcess.passphrase])
        #expect(viaOption.status == 64)
        #expect(viaOption.stderr.contains("policy apply"))
        let viaEnvironment = try run(
            ["operator", "add", "--role", "ra-manager", "mallory"], as: "pma-member", then: [RatuiProcess.passphrase],
            environment: ["RATUI_FORMS": generous])
        #expect(viaEnvironment.status == 64)
        #expect(viaEnvironment.stderr.contains("RATUI_FORMS"))
        // And with the registry's own policy, refused as it should be.
        let plain = try run(
            ["operator", "add", "--role", "ra-manager", "mallory"], as: "pma-member", then: [RatuiProcess.passphrase])
        #expect(plain.status == 77)
        #expect(try operators().map { $0["name"] as? String } == ["alice", "pma-member"])
    }

    @Test("an auditor cannot submit by bringing a policy that lets them, nor apply one")
    func auditorSubmits() throws {
        try registry(with: "auditor")
        let generous = try forms("generous") {
            $0.replacingOccurrences(
                of: #""auditor": ["registry.read", "audit.read", "request.read"]"#,
                with:
                    #""auditor": ["registry.read", "audit.read", "request.read", "organisation.submit", "policy.apply"]"#
            )
        }
        let form = try ratui.write(
            "a.json", RatuiProcess.form([("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        #expect(try run(["org", "submit", form, "--forms", generous], as: "auditor").status == 64)
        #expect(try run(["org", "submit", form], as: "auditor").status == 77)
        let apply = try run(["policy", "apply", generous], as: "auditor")
        #expect(apply.status == 77)
        #expect(apply.stderr.contains("policy.apply"))
        #expect(
            try ratui.run(["org", "list", "--json"] + db).json["organisations"] as? [Any] == nil
                || (try ratui.run(["org", "list", "--json"] + db).json["organisations"] as? [Any])?.isEmpty == true)
        #expect(try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int == 1)
    }

    @Test(
        "no folder may switch off the check that protects other organisations' identifiers",
        arguments: ["off", "warning"])
    func overlapCheckStays(_ severity: String) throws {
        try registry(with: "ra-personnel")
        let lax = try forms("lax-\(severity)") {
            $0.replacingOccurrences(
                of: "\"range.overlaps-organisation\": {\n      \"severity\": \"error\"",
                with: "\"range.overlaps-organisation\": {\n      \"severity\": \"\(severity)\"")
        }
        let first = try ratui.write(
            "a.json",
            RatuiProcess.form(name: "First", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        let second = try ratui.write(
            "b.json",
            RatuiProcess.form(name: "Second", [("other-user", "00-00-00-00-00-00-00-80", "00-00-00-00-00-00-01-FF")]))
        #expect(try run(["org", "submit", first], as: "ra-personnel").status == 0)
        // Given as the folder of the command, as the folder to apply, and at creation: refused.
        #expect(try run(["org", "submit", second, "--forms", lax], as: "ra-personnel").status != 0)
        let apply = try ratui.run(["policy", "apply", lax] + asAlice)
        #expect(apply.status == 65)
        #expect(apply.stderr.contains("range.overlaps-organisation"))
        let fresh = RatuiProcess()
        #expect(try fresh.run(["init", "--forms", lax, "--db", fresh.registryPath]).status == 65)
        #expect(try run(["org", "submit", second], as: "ra-personnel").status == 65)
    }

    @Test(
        "a policy given at creation is stored; diff shows each change by JSON Pointer; apply records it and it takes effect"
    )
    func createDiffApply() throws {
        let site = try forms("site") {
            $0.replacingOccurrences(of: "\"idleLockMinutes\": 10", with: "\"idleLockMinutes\": 15")
        }
        #expect(try ratui.run(["init", "--forms", site] + db).status == 0)
        try ratui.bootstrap()
        let shown = try ratui.run(["policy", "show", "--json"] + db).json
        #expect(shown["version"] as? Int == 1)
        #expect(shown["origin"] as? String == site)
        #expect(try ratui.run(["forms", "list"] + db).stdout.contains("registry policy version 1"))

        // pma-member gains operator.manage in the new policy.
        let next = try forms("next") {
            $0.replacingOccurrences(of: "\"idleLockMinutes\": 15", with: "\"idleLockMinutes\": 10")
                .replacingOccurrences(
                    of: #""pma-member": ["registry.read", "audit.read", "request.read", "revocation.request"]"#,
                    with:
                        #""pma-member": ["registry.read", "audit.read", "request.read", "revocation.request", "operator.manage"]"#
                )
        }
        let diff = try ratui.run(["policy", "diff", "--json", next] + db)
        #expect(diff.status == 0)
        let changes = try diff.json["changes"] as? [[String: Any]] ?? []
        #expect(changes.map { $0["pointer"] as? String } == ["/permissions/pma-member/4", "/signIn/idleLockMinutes"])
        #expect(changes.last?["old"] as? Int == 15 && changes.last?["new"] as? Int == 10)
        #expect(changes.first?["old"] == nil && changes.first?["new"] as? String == "operator.manage")
        #expect(
            try ratui.run(["policy", "diff", next] + db).stdout.contains("rules.json /signIn/idleLockMinutes: 15 -> 10")
        )

        let added = try ratui.run(
            ["operator", "add", "--role", "pma-member", "pat"] + asAlice,
            stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
        #expect(added.status == 0)
        #expect(try run(["operator", "disable", "alice"], as: "pat").status == 77)

        let apply = try ratui.run(
            ["policy", "apply", "--sole-manager-override", "--reason", "the only ra-manager", "--json", next] + asAlice)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(try (apply.json["to"] as? [String: Any])?["version"] as? Int == 2)
        let event =
            try ratui.run(["audit", "list", "--json", "--action", "policy.applied"] + asAlice).json["events"]
            as? [[String: Any]]
        let details = event?.first?["details"] as? [String: Any]
        #expect((details?["changes"] as? [Any])?.count == 2)
        #expect((details?["from"] as? [String: Any])?["hash"] as? String == shown["hash"] as? String)
        #expect(event?.first?["policyVersion"] as? Int == 2)

        // In force at once, for every command: pat may now manage operators (not themselves).
        #expect(
            try run(["operator", "set-roles", "pat", "--role", "ra-manager"], as: "pat").status == 77,
            "nobody changes their own roles")
        #expect(try run(["operator", "disable", "alice"], as: "pat").status == 0)
        // The same folder again changes nothing.
        let again = try run(
            ["policy", "apply", "--sole-manager-override", "--reason", "the only ra-manager", next], as: "alice")
        #expect(again.status == 77, "alice is disabled now")
        #expect(try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int == 2)
        #expect(try ratui.run(["audit", "verify"] + db + ["--operator", "pat", "--passphrase-stdin"]).status == 0)
    }

    @Test("applying the policy in force stores nothing; a policy stranding operators' roles is refused")
    func unchangedAndStranded() throws {
        try registry(with: "ra-personnel")
        let same = try forms("same")
        let unchanged = try ratui.run(
            ["policy", "apply", "--sole-manager-override", "--reason", "the only ra-manager", same] + asAlice)
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout.contains("No changes"))
        let withoutPersonnel = try forms("without") {
            $0.replacingOccurrences(of: #"    { "id": "ra-personnel", "name": "SMKI RA Personnel" },"# + "\n", with: "")
                .replacingOccurrences(
                    of:
                        #"    "ra-personnel": ["registry.read", "organisation.submit", "organisation.amend", "audit.read", "organisation.preconditions", "request.read", "request.submit", "request.check", "request.verify", "request.approve", "request.issue", "request.reject", "request.withdraw", "evidence.read","#
                        + "\n"
                        + #"                     "revocation.request", "revocation.decide", "revocation.revoke"],"#
                        + "\n", with: ""
                )
                .withoutRevocationRole("ra-personnel")
        }
        let stranded = try ratui.run(
            ["policy", "apply", "--sole-manager-override", "--reason", "the only ra-manager", withoutPersonnel]
                + asAlice)
        #expect(stranded.status == 65, "\(stranded.stderr)")
        #expect(stranded.stderr.contains("ra-personnel"))
        #expect(try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int == 1)
    }

    @Test(
        "a folder naming a role it does not define, or leaving nobody able to manage operators and the policy, cannot be loaded"
    )
    func invariantsAtLoad() throws {
        try ratui.bootstrap()
        let unknownRole = try forms("unknown-role") {
            $0.replacingOccurrences(
                of: #""auditor": ["registry.read", "audit.read", "request.read"]"#,
                with: #""auditor": ["registry.read", "audit.read", "request.read"], "root": ["operator.manage"]"#)
        }
        let refused = try ratui.run(["policy", "diff", unknownRole] + db)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("root"))
        let nobody = try forms("nobody") {
            $0.replacingOccurrences(of: #", "policy.apply", "registry.backup","#, with: #", "registry.backup","#)
        }
        let locked = try ratui.run(["policy", "apply", nobody] + asAlice)
        #expect(locked.status == 65)
        #expect(locked.stderr.contains("policy.apply"))
    }

    @Test("a registry from before stored policies gets the built-in one, and is told how to apply a folder")
    func migration() throws {
        // A registry as ratui wrote it before schema 4: the first three migrations only.
        let schemas = Self.builtInForms.deletingLastPathComponent().appending(path: "Schemas")
        let old = try DatabaseQueue(path: ratui.registryPath)
        var migrator = DatabaseMigrator()
        for name in ["0001_registry", "0002_operators_audit", "0003_organisation_search"] {
            let sql = try String(contentsOf: schemas.appending(path: "\(name).sql"), encoding: .utf8)
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        try migrator.migrate(old)
        try old.close()
        let site = try forms("site")
        // A command that only reads changes nothing, not even to migrate: it says what will.
        let before = try Data(contentsOf: URL(fileURLWithPath: ratui.registryPath))
        let reading = try ratui.run(["org", "list"] + db)
        #expect(reading.status == 74)
        #expect(reading.stderr.contains("needs migrating") && reading.stderr.contains("ratui init"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: ratui.registryPath)) == before)
        let told = try ratui.run(["init", "--forms", site] + db)
        #expect(told.status == 64)
        #expect(told.stderr.contains("built-in policy is now stored in it as version 1"))
        #expect(told.stderr.contains("ratui policy apply"))
        let shown = try ratui.run(["policy", "show", "--json"] + db).json
        #expect(shown["version"] as? Int == 1)
        #expect(shown["origin"] as? String == "built-in")
    }

    @Test("ranges check --forms DIR is a what-if and says so")
    func whatIf() throws {
        try ratui.bootstrap()
        let strict = try forms("strict") {
            $0.replacingOccurrences(
                of: "\"eui64.local-bit\": {\n      \"severity\": \"warning\"",
                with: "\"eui64.local-bit\": {\n      \"severity\": \"error\"")
        }
        let local = try ratui.write(
            "local.json", RatuiProcess.form([("other-user", "02-00-00-00-00-00-00-00", "02-00-00-00-00-00-00-FF")]))
        #expect(try ratui.run(["ranges", "check", local] + db).status == 0)
        let whatIf = try ratui.run(["ranges", "check", local, "--forms", strict] + db)
        #expect(whatIf.status == 65)
        #expect(whatIf.stdout.contains("What-if"))
        #expect(try ratui.run(["ranges", "check", "--json", local, "--forms", strict] + db).json["whatIf"] != nil)
        #expect(try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int == 1)
    }

    @Test("export writes the registry's policy, or the built-in one, to a new folder that diff and apply read back")
    func export() throws {
        let site = try forms("site") {
            $0.replacingOccurrences(of: "\"idleLockMinutes\": 10", with: "\"idleLockMinutes\": 15")
        }
        #expect(try ratui.run(["init", "--forms", site] + db).status == 0)
        try ratui.bootstrap()
        let stored = ratui.folder.appending(path: "stored").path
        #expect(try ratui.run(["policy", "export", stored] + db).status == 0)
        #expect(try ratui.run(["policy", "diff", "--json", stored] + db).json["changes"] as? [Any] != nil)
        #expect((try ratui.run(["policy", "diff", "--json", stored] + db).json["changes"] as? [Any])?.isEmpty == true)
        let builtIn = ratui.folder.appending(path: "built-in").path
        #expect(try ratui.run(["policy", "export", "--built-in", builtIn] + db).status == 0)
        let diff = try ratui.run(["policy", "diff", builtIn] + db)
        #expect(diff.stdout.contains("rules.json /signIn/idleLockMinutes: 15 -> 10"))
        #expect(
            try ratui.run(
                ["policy", "apply", "--sole-manager-override", "--reason", "the only ra-manager", builtIn] + asAlice
            ).status == 0)
        #expect(try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int == 2)
        // Never over an existing folder.
        #expect(try ratui.run(["policy", "export", stored] + db).status == 64)
    }
}

extension String {
    /// The rules file with `role` taken out of its `revocation` section, which names roles an
    /// edit removes.
    func withoutRevocationRole(_ role: String) -> String {
        guard let start = range(of: "  \"revocation\": {"), let end = range(of: "  \"remotePartyRoles\"") else {
            return self
        }
        let section = String(self[start.lowerBound..<end.lowerBound])
            .replacingOccurrences(of: ", \"\(role)\"", with: "").replacingOccurrences(of: "\"\(role)\", ", with: "")
            .replacingOccurrences(of: "[\"\(role)\"]", with: "[]")
        return replacingCharacters(in: start.lowerBound..<end.lowerBound, with: section)
    }
}
