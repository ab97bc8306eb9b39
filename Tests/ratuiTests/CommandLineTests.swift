import Foundation
import Testing

/// The `ratui` binary end to end: exit codes, JSON on stdout, messages on stderr.
@Suite("The ratui command line")
struct CommandLineTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    /// Registry and sign-in arguments, for commands that change data.
    var signedIn: [String] { db + ratui.signIn }

    @Test("init creates the registry; check, submit, whois, list and show work together")
    func happyPath() throws {
        #expect(try ratui.run(["init"] + db).status == 0)
        try ratui.bootstrap()
        let form = try ratui.write(
            "a1.json",
            RatuiProcess.form([
                ("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                ("gas-supplier", "90b3d51f30010000", "90:B3:D5:1F:30:01:FF:FF"),
            ]))
        let check = try ratui.run(["ranges", "check", "--json", form] + db)
        #expect(check.status == 0)
        #expect(try check.json["valid"] as? Bool == true)

        let submit = try ratui.run(["org", "submit", "--json", form] + signedIn)
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(try submit.json["id"] as? Int == 1)
        #expect(try submit.json["version"] as? Int == 1)

        let whois = try ratui.run(["whois", "--json", "90-b3-d5-1f-30-01-ab-cd"] + db)
        #expect(whois.status == 0)
        let owners = try whois.json["owners"] as? [[String: Any]] ?? []
        #expect(Set(owners.compactMap { $0["role"] as? String }) == ["import-supplier", "gas-supplier"])

        let nobody = try ratui.run(["whois", "00-00-00-00-00-00-00-01"] + db)
        #expect(nobody.status == 1)

        let list = try ratui.run(["org", "list", "--json"] + db)
        let organisations = try list.json["organisations"] as? [[String: Any]] ?? []
        #expect(organisations.map { $0["name"] as? String } == ["Northwind Energy Ltd"])

        let show = try ratui.run(["org", "show", "--json", "1"] + db)
        #expect(try (show.json["organisation"] as? [String: String])?["legalName"] == "Northwind Energy Ltd")
        let human = try ratui.run(["org", "show", "1"] + db)
        #expect(human.stdout.contains("Import Supplier: 90-B3-D5-1F-30-01-00-00 to 90-B3-D5-1F-30-01-FF-FF"))
    }

    @Test("a conflicting submission exits 65, prints what ranges check prints, and stores nothing")
    func conflict() throws {
        let first = try ratui.write(
            "first.json",
            RatuiProcess.form(name: "First", [("other-user", "90-B3-D5-00-00-00-00-00", "90-B3-D5-00-00-00-FF-FF")]))
        let second = try ratui.write(
            "second.json",
            RatuiProcess.form(
                name: "Second", [("export-supplier", "90-B3-D5-00-00-00-80-00", "90-B3-D5-00-00-01-00-00")]))
        try ratui.bootstrap()
        #expect(try ratui.run(["org", "submit", first] + signedIn).status == 0)
        let check = try ratui.run(["ranges", "check", "--json", second] + db)
        let submit = try ratui.run(["org", "submit", "--json", second] + signedIn)
        #expect(check.status == 65)
        #expect(submit.status == 65)
        #expect(submit.stdout == check.stdout)
        let errors = try submit.json["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["code"] as? String } == ["range.overlaps-organisation"])
        #expect(errors.first?["field"] as? String == "userRoleRanges[0].first")
        let list = try ratui.run(["org", "list", "--json"] + db)
        #expect((try list.json["organisations"] as? [Any])?.count == 1)
    }

    @Test(
        "ranges check reports every problem of every row in one run: a second row for a role is still checked against the registry and the other roles"
    )
    func everyProblemOfEveryRow() throws {
        let first = try ratui.write(
            "first.json",
            RatuiProcess.form(name: "First", [("other-user", "90-B3-D5-00-00-00-00-00", "90-B3-D5-00-00-00-FF-FF")]))
        let second = try ratui.write(
            "second.json",
            RatuiProcess.form(
                name: "Second",
                [
                    ("gas-supplier", "90-B3-D5-00-00-10-00-00", "90-B3-D5-00-00-10-FF-FF"),
                    ("gas-supplier", "90-B3-D5-00-00-00-80-00", "90-B3-D5-00-00-01-00-00"),
                    ("export-supplier", "90-B3-D5-00-00-00-C0-00", "90-B3-D5-00-00-00-C0-FF"),
                ]))
        try ratui.bootstrap()
        #expect(try ratui.run(["org", "submit", first] + signedIn).status == 0)
        let check = try ratui.run(["ranges", "check", "--json", second] + db)
        #expect(check.status == 65)
        let errors = try check.json["errors"] as? [[String: Any]] ?? []
        let found = Set(errors.map { "\($0["code"] as? String ?? "") \($0["field"] as? String ?? "")" })
        #expect(
            found == [
                "range.not-continuous userRoleRanges[1].role",
                "range.overlaps-organisation userRoleRanges[1].first",
                "range.overlaps-organisation userRoleRanges[2].first",
                "range.overlaps-role userRoleRanges[2].first",
            ])
    }

    @Test("an amendment adds a version; --history shows both")
    func amend() throws {
        let form = try ratui.write(
            "a.json",
            RatuiProcess.form(name: "Old", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        let amended = try ratui.write(
            "b.json",
            RatuiProcess.form(name: "New", [("other-user", "00-00-00-00-00-00-00-80", "00-00-00-00-00-00-01-FF")]))
        try ratui.bootstrap()
        #expect(try ratui.run(["org", "submit", form] + signedIn).status == 0)
        let result = try ratui.run(
            ["org", "submit", "--json", "--amend", "1", "--expect-version", "1", amended] + signedIn)
        #expect(try result.json["version"] as? Int == 2)
        let history = try ratui.run(["org", "show", "--json", "--history", "1"] + db)
        let versions = try history.json["versions"] as? [[String: Any]] ?? []
        #expect(versions.map { $0["name"] as? String } == ["Old", "New"])
        #expect(versions.map { $0["current"] as? Bool } == [false, true])
        #expect(
            try ratui.run(["org", "submit", "--amend", "99", "--expect-version", "1", amended] + signedIn).status == 65)
    }

    @Test("exit codes: 64 usage, 65 invalid data, 66 missing input, 74 registry error")
    func exitCodes() throws {
        #expect(try ratui.run(["org", "submit"] + db).status == 64)
        #expect(try ratui.run(["whois", "--no-such-flag", "00"] + db).status == 64)
        #expect(try ratui.run(["org", "list", "--limit", "0"] + db).status == 64)
        #expect(try ratui.run(["whois", "90B3D51F3001000G"] + db).status == 65)
        #expect(try ratui.run(["ranges", "check", ratui.folder.appending(path: "absent.json").path] + db).status == 66)
        #expect(try ratui.run(["ranges", "check", ratui.folder.path] + db).status == 66)
        #expect(try ratui.run(["org", "list"] + db).status == 66, "a read-only command does not create a registry")
        #expect(!FileManager.default.fileExists(atPath: ratui.registryPath))
        let foreign = try ratui.write("foreign.sqlite", "just text")
        let refused = try ratui.run(["init", "--db", foreign])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("not a ratui registry"))
        #expect(refused.stdout.isEmpty)
    }

    @Test(
        "hostile form files get their errors in words and a clean exit",
        arguments: [
            "", "\u{1B}[2J\u{1B}]0;pwned\u{07}", "{\"form\":\"A1\"}", "[1,2,3]",
            String(repeating: "{\"a\":", count: 5_000),
            "{\"form\":\"A1\",\"organisation\":{},\"userRoleRanges\":[{\"role\":\"other-user\",\"first\":\"\u{1B}[31m\",\"last\":\"\(String(repeating: "F", count: 70_000))\"}]}",
        ].map { Labelled($0.count > 40 ? "\($0.count) characters" : $0.debugDescription, $0) })
    func hostileFiles(_ example: Labelled<String>) throws {
        let text = example.value
        let file = try ratui.write("hostile.json", text)
        let result = try ratui.run(["ranges", "check", "--json", file] + db)
        #expect(result.status == 65)
        #expect(try result.json["valid"] as? Bool == false)
        #expect(!result.stdout.utf8.contains(0x1B), "no raw escape byte reaches the terminal")
        #expect(result.stdout.utf8.count < 20_000)
    }

    @Test("a file of invalid UTF-8 is refused in words")
    func invalidUTF8() throws {
        let url = ratui.folder.appending(path: "latin1.json")
        try Data([0x7B, 0x22, 0xE9, 0x22, 0x3A, 0x31, 0x7D]).write(to: url)
        let result = try ratui.run(["ranges", "check", url.path] + db)
        #expect(result.status == 65)
        #expect(result.stdout.contains("form.syntax"))
    }

    @Test("a hostile organisation name is shown with its control characters made visible")
    func hostileName() throws {
        let form = try ratui.write(
            "a.json",
            RatuiProcess.form(
                name: "Evil\u{1B}]0;owned\u{07} Ltd",
                [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        try ratui.bootstrap()
        let submit = try ratui.run(["org", "submit", form] + signedIn)
        #expect(submit.status == 65, "a control character in a name is refused")
        #expect(submit.stdout.contains("field.control-character"))
        #expect(!submit.stdout.utf8.contains(0x1B))
    }

    @Test("import stores good lines, rejects bad ones with line numbers, exits 65 if any was rejected")
    func importFile() throws {
        let good = RatuiProcess.form(name: "A", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")])
            .replacingOccurrences(of: "\n", with: "")
        let clash = good.replacingOccurrences(of: "\"A\"", with: "\"B\"")
        let file = try ratui.write("forms.jsonl", [good, clash, "{"].joined(separator: "\n") + "\n")
        try ratui.bootstrap()
        let result = try ratui.run(["org", "import", "--json", file] + signedIn)
        #expect(result.status == 65)
        #expect(try result.json["stored"] as? Int == 1)
        let rejections = try result.json["rejections"] as? [[String: Any]] ?? []
        #expect(rejections.map { $0["line"] as? Int } == [2, 3])
        #expect(rejections.map { $0["codes"] as? [String] } == [["range.overlaps-organisation"], ["form.syntax"]])
        #expect(!result.stderr.contains("\r"), "no progress line when stderr is not a terminal")
        #expect(
            try ratui.run(["org", "import", ratui.folder.appending(path: "none.jsonl").path] + signedIn).status == 66)
    }

    @Test("the registry location: --db, else RATUI_DB, else XDG_DATA_HOME/ratui/registry.sqlite")
    func location() throws {
        #expect(try ratui.run(["init"]).status == 0)
        let xdg = ratui.folder.appending(path: "data/ratui/registry.sqlite").path
        #expect(FileManager.default.fileExists(atPath: xdg))
        let env = ratui.folder.appending(path: "env.sqlite").path
        #expect(try ratui.run(["init"], environment: ["RATUI_DB": env]).status == 0)
        #expect(FileManager.default.fileExists(atPath: env))
        let home = try ratui.run(["init", "--json"], environment: ["XDG_DATA_HOME": ""])
        #expect(
            try home.json["path"] as? String == ratui.folder.appending(path: ".local/share/ratui/registry.sqlite").path)
    }

    @Test("forms list and show; --forms and RATUI_FORMS load a site's copy; a bad copy is named")
    func forms() throws {
        let list = try ratui.run(["forms", "list", "--json"])
        #expect(try list.json["origin"] as? String == "built-in")
        let show = try ratui.run(["forms", "show", "--json", "A1"])
        #expect(try show.json["title"] as? String == "Organisation Information Form")
        #expect(try ratui.run(["forms", "show", "Z9"]).status == 65)

        let site = ratui.folder.appending(path: "site-forms")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appending(path: "Forms")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appending(path: name), to: site.appending(path: name))
        }
        #expect(
            try ratui.run(["forms", "list", "--json", "--forms", site.path]).json["origin"] as? String == site.path)
        #expect(
            try ratui.run(["forms", "list", "--json"], environment: ["RATUI_FORMS": site.path]).json["origin"]
                as? String == site.path)
        try Data("{\"kind\": \"rules\", \"userRoles\": 7}".utf8).write(to: site.appending(path: "rules.json"))
        let broken = try ratui.run(["forms", "list", "--forms", site.path])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("rules.json"))
        #expect(broken.stderr.contains("userRoles"))
    }

    @Test("the binary works from any folder, without the source tree")
    func standalone() throws {
        let copy = ratui.folder.appending(path: "bin/ratui")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RatuiProcess.binary, to: copy)
        let form = try ratui.write(
            "a.json", RatuiProcess.form([("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        try ratui.bootstrap()
        let result = try ratui.run(
            ["org", "submit", "--json", form] + signedIn, directory: URL(fileURLWithPath: "/"), binary: copy)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("two processes creating a registry at once: exactly one bootstrap succeeds, none sees a locked database")
    func concurrentCreation() throws {
        for round in 0..<4 {
            let path = ratui.folder.appending(path: "fresh-\(round).sqlite").path
            let running = try ["alice", "bob"].map {
                try ratui.launch(
                    ["operator", "bootstrap", "--name", $0, "--passphrase-stdin", "--db", path],
                    stdin: Data((RatuiProcess.passphrase + "\n").utf8))
            }
            let results = running.map { $0.wait() }
            #expect(results.map(\.status).sorted() == [0, 65], "round \(round): \(results.map(\.stderr))")
            #expect(!results.contains { $0.stderr.localizedCaseInsensitiveContains("locked") })
        }
    }

    @Test("two processes submitting conflicting forms at once: exactly one succeeds, none sees a locked database")
    func concurrentWriters() throws {
        try ratui.bootstrap()
        for round in 0..<8 {
            let base = String(format: "%02X", round)
            let a = try ratui.write(
                "a\(round).json",
                RatuiProcess.form(
                    name: "A\(round)", [("other-user", "\(base)-00-00-00-00-00-00-00", "\(base)-00-00-00-00-00-FF-FF")])
            )
            let b = try ratui.write(
                "b\(round).json",
                RatuiProcess.form(
                    name: "B\(round)",
                    [("export-supplier", "\(base)-00-00-00-00-00-80-00", "\(base)-00-00-00-00-01-00-00")]))
            let running = try [a, b].map {
                try ratui.launch(["org", "submit", $0] + signedIn, stdin: Data((RatuiProcess.passphrase + "\n").utf8))
            }
            let results = running.map { $0.wait() }
            #expect(results.map(\.status).sorted() == [0, 65], "round \(round): \(results.map(\.stderr))")
            #expect(!results.contains { $0.stderr.localizedCaseInsensitiveContains("locked") })
        }
        let list = try ratui.run(["org", "list", "--json"] + db)
        #expect((try list.json["organisations"] as? [Any])?.count == 8)
    }
}
