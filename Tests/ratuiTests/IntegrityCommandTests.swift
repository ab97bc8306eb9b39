import Foundation
import GRDB
import Testing

/// `audit verify` reconciling the data, `--anchors`, and `org submit --expect-version`, through
/// the binary, attacked as someone holding the registry file would.
@Suite("Integrity through the command line")
struct IntegrityCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var signedIn: [String] { db + ratui.signIn }

    /// Writes to the registry as an attacker would: plain SQLite, triggers dropped.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: ratui.registryPath)
        try queue.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    func submit(_ name: String, _ first: String, _ last: String, amend: [String] = []) throws -> RatuiProcess.Result {
        let file = try ratui.write(
            "\(UUID().uuidString).json", RatuiProcess.form(name: name, [("other-user", first, last)]))
        return try ratui.run(["org", "submit", "--json"] + amend + [file] + signedIn)
    }

    @Test("--amend needs --expect-version; a stale one exits 65 naming the current version and who stored it")
    func expectVersion() throws {
        try ratui.bootstrap()
        #expect(try submit("Old", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF").status == 0)
        let file = try ratui.write(
            "amended.json",
            RatuiProcess.form(name: "New", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        let missing = try ratui.run(["org", "submit", "--amend", "1", file] + signedIn)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--amend needs --expect-version"))
        #expect(try ratui.run(["org", "submit", "--expect-version", "1", file] + signedIn).status == 64)
        #expect(
            try submit(
                "First amendment", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF",
                amend: ["--amend", "1", "--expect-version", "1"]
            ).status == 0)
        let stale = try submit(
            "Second amendment", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF",
            amend: ["--amend", "1", "--expect-version", "1"])
        #expect(stale.status == 65)
        let errors = try stale.json["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["code"] as? String } == ["organisation.stale-version"])
        #expect((errors.first?["message"] as? String)?.contains("is at version 2, stored by \"alice\" at ") == true)
        let text = try ratui.run(["org", "submit", "--amend", "1", "--expect-version", "1", file] + signedIn)
        #expect(
            text.stdout.contains("organisation.stale-version") || text.stderr.contains("organisation.stale-version"))
    }

    @Test("two processes amending the same version at once: exactly one is stored")
    func concurrentAmendments() throws {
        try ratui.bootstrap()
        #expect(try submit("Old", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF").status == 0)
        let running = try (0..<6).map { index in
            let file = try ratui.write(
                "amend-\(index).json",
                RatuiProcess.form(
                    name: "Amendment \(index)", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
            return try ratui.launch(["org", "submit", "--amend", "1", "--expect-version", "1", file] + signedIn)
        }
        let results = running.map { $0.wait() }
        #expect(results.map(\.status).sorted() == [0, 65, 65, 65, 65, 65], "\(results.map(\.stderr))")
        let history = try ratui.run(["org", "show", "--json", "--history", "1"] + db)
        #expect((try history.json["versions"] as? [Any])?.count == 2)
        #expect(try ratui.run(["audit", "verify"] + signedIn).status == 0)
    }

    @Test("audit verify names each record changed behind ratui's back, in text and JSON")
    func reconciliation() throws {
        try ratui.bootstrap()
        #expect(try submit("Org", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF").status == 0)
        #expect(
            try ratui.run(
                ["operator", "add", "--role", "auditor", "bob"] + signedIn,
                stdin: Data((RatuiProcess.passphrase + "\n" + "bob's passphrase 12345\n").utf8)
            ).status == 0)
        let clean = try ratui.run(["audit", "verify"] + signedIn)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("the data matches the trail"))
        try tamper(
            """
            UPDATE operator_role SET role = 'ra-manager' WHERE operator_id = 2;
            UPDATE operator SET passphrase_hash = (SELECT passphrase_hash FROM operator WHERE id = 1) WHERE id = 2;
            UPDATE organisation_version SET name = 'Forged' WHERE organisation_id = 1
            """)
        let text = try ratui.run(["audit", "verify"] + signedIn)
        #expect(text.status == 65)
        #expect(text.stdout.contains("BROKEN: 2 records do not match the audit trail"))
        #expect(text.stdout.contains(#"operator/2 does not match event"#))
        #expect(
            text.stdout.contains(#"passphrase is "#)
                && text.stdout.contains(#"roles is ["ra-manager"] in the registry but ["auditor"] in the trail"#))
        #expect(text.stdout.contains("organisation/1 does not match event"))
        #expect(!text.stdout.contains("pbkdf2"))
        let json = try ratui.run(["audit", "verify", "--json"] + signedIn)
        #expect(json.status == 65)
        #expect(try json.json["intact"] as? Bool == false)
        let differences = try json.json["differences"] as? [[String: Any]] ?? []
        #expect(Set(differences.compactMap { $0["record"] as? String }) == ["operator/2", "organisation/1"])
    }

    @Test("verify's reports of hostile stored text and hostile anchor lines escape it, text and JSON")
    func hostileReports() throws {
        try ratui.bootstrap()
        #expect(try submit("Org", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF").status == 0)
        try tamper(
            """
            UPDATE organisation_version SET name = char(27) || ']0;pwned' || char(7) || char(8238);
            UPDATE operator SET locked_until = char(27) || '[2J' || char(8238) WHERE id = 1
            """)
        let anchors = try ratui.write(
            "anchors",
            "ratui-anchor 1 \u{1B}[2J\n\u{1B}]0;x\u{07} ratui-anchor 2 2 " + String(repeating: "a", count: 64)
                + " \u{1B}[31m\n")
        for format in [[], ["--json"]] {
            let result = try ratui.run(["audit", "verify", "--anchors", anchors] + format + signedIn)
            #expect(result.status == 65)
            #expect(!result.stdoutBytes.contains(0x1B) && !result.stdoutBytes.contains(0x07), "\(format)")
            #expect(!result.stdout.contains("\u{202E}"))
            #expect(result.stdout.contains("organisation/1") && result.stdout.contains("operator/1"))
        }
    }

    @Test("a policy names a file anchor; --anchors passes, then catches a consistently rewritten trail and a gap")
    func anchors() throws {
        let anchor = ratui.folder.appending(path: "anchor.log").path
        let forms = ratui.folder.appending(path: "forms")
        try FileManager.default.copyItem(at: PolicyCommandTests.builtInForms, to: forms)
        let rules = forms.appending(path: "rules.json")
        let text = try String(contentsOf: rules, encoding: .utf8)
            .replacingOccurrences(
                of: #""formats": {"#, with: #""auditAnchor": {"file": "\#(anchor)", "systemLog": false}, "formats": {"#)
        try Data(text.utf8).write(to: rules)
        #expect(try ratui.run(["init", "--forms", forms.path] + db).status == 0)
        try ratui.bootstrap()
        #expect(try submit("Org", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF").status == 0)
        let good = try ratui.run(["audit", "verify", "--anchors", anchor] + signedIn)
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("Anchors: all 2 anchored heads"))

        // Cut the last event and the organisation it stored: chain and data agree, the anchor does not.
        try tamper(
            "DELETE FROM audit_event WHERE sequence = 3; DELETE FROM user_role_range; DELETE FROM organisation_version; DELETE FROM organisation"
        )
        #expect(try ratui.run(["audit", "verify"] + signedIn).status == 0)
        let cut = try ratui.run(["audit", "verify", "--json", "--anchors", anchor] + signedIn)
        #expect(cut.status == 65)
        let findings = (try cut.json["anchors"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["kind"] as? String } == ["beyond-chain"])

        // An anchor that cannot be written: the change is stored, stderr says so.
        try FileManager.default.removeItem(atPath: anchor)
        try FileManager.default.createDirectory(atPath: anchor, withIntermediateDirectories: false)
        let unanchored = try submit("Again", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")
        #expect(unanchored.status == 0)
        #expect(unanchored.stderr.contains("could not be appended to the anchor"))
        #expect(
            try ratui.run(
                ["audit", "verify", "--anchors", ratui.folder.appending(path: "nothing-here").path] + signedIn
            ).status == 66)
    }
}
