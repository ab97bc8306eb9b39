import Foundation
import GRDB
import Testing

/// Text an attacker chose, whether in a registry edited by hand, a file name, an argument or a
/// site's forms folder: whatever a command prints, text or JSON, no terminal control sequence and
/// no invisible character reaches the terminal raw, while the text itself is still shown (escaped)
/// and JSON still carries exactly the same data.
@Suite("Nothing hostile reaches the terminal")
struct HostileOutputTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var asAlice: [String] { db + ratui.signIn }

    /// A registry as an attacker with the file leaves it: the triggers that protect stored rows
    /// dropped, then names, fields, an operator's name and audit events overwritten with `Hostile.text`.
    func tamperedRegistry() throws {
        try ratui.bootstrap()
        let added = try ratui.run(
            ["operator", "add", "--role", "auditor", "bob"] + asAlice,
            stdin: Data("\(RatuiProcess.passphrase)\nbob's own passphrase\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")
        let form = try ratui.write(
            "a.json",
            RatuiProcess.form(
                name: "Placeholder Ltd", [("other-user", "90-B3-D5-04-00-00-00-00", "90-B3-D5-04-00-00-FF-FF")]))
        #expect(try ratui.run(["org", "submit", form] + asAlice).status == 0)
        #expect(try ratui.run(["org", "submit", "--amend", "1", "--expect-version", "1", form] + asAlice).status == 0)
        let details = String(
            decoding: try JSONSerialization.data(withJSONObject: ["note": Hostile.text]), as: UTF8.self)
        let queue = try DatabaseQueue(path: ratui.registryPath)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER organisation_version_supersede_only; DROP TRIGGER audit_event_no_update")
            try db.execute(
                sql: """
                    UPDATE organisation_version SET name = :text, submitted_at = :text,
                        fields = json_set(fields, '$.legalName', :text, '$.registeredAddress', :address, '$.contactName', :text)
                    """,
                arguments: ["text": Hostile.text, "address": "1 High St\n" + Hostile.text])
            try db.execute(sql: "UPDATE operator SET name = ? WHERE name = 'bob'", arguments: [Hostile.text])
            try db.execute(
                sql:
                    "UPDATE audit_event SET operator = :text, action = :text, record = :text, recorded_at = :text, details = :details WHERE sequence = 2",
                arguments: ["text": Hostile.text, "details": details])
            try db.execute(
                sql: "UPDATE audit_event SET hash = ? WHERE sequence = (SELECT max(sequence) FROM audit_event)",
                arguments: [Hostile.text])
        }
        try queue.close()
    }

    @Test("every command's text output shows a tampered registry's text escaped, never raw")
    func textOutput() throws {
        try tamperedRegistry()
        let shownWhole: [[String]] = [["org", "show", "1"], ["org", "show", "--history", "1"], ["org", "list"]]
        for arguments in shownWhole {
            let result = try ratui.run(arguments + db)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            Hostile.expectNothingRaw(result, arguments)
            Hostile.expectEscaped(result.stdout, arguments)
        }
        for arguments in [["operator", "list"], ["audit", "list"], ["audit", "export", "--format", "csv"]] {
            let result = try ratui.run(arguments + asAlice)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            Hostile.expectNothingRaw(result, arguments)
            Hostile.expectEscaped(result.stdout, arguments)
        }
        let whois = try ratui.run(["whois", "90-B3-D5-04-00-00-00-10"] + db)
        #expect(whois.status == 0)
        Hostile.expectNothingRaw(whois, "whois")
        #expect(whois.stdout.contains(#"\e]0;owned"#), "the name is shown, escaped (and cut short)")
        let head = try ratui.run(["audit", "head"] + asAlice)
        Hostile.expectNothingRaw(head, "audit head")
        Hostile.expectEscaped(head.stdout, "audit head")
        let verify = try ratui.run(["audit", "verify"] + asAlice)
        #expect(verify.status == 65)
        #expect(verify.stdout.contains("BROKEN at event 2"))
        Hostile.expectNothingRaw(verify, "audit verify")
    }

    @Test("every command's JSON escapes control and invisible characters as \\uXXXX and keeps the exact text")
    func jsonOutput() throws {
        try tamperedRegistry()
        let show = try ratui.run(["org", "show", "--json", "1"] + db)
        Hostile.expectNothingRaw(show, "org show --json")
        #expect(try show.json["name"] as? String == Hostile.text)
        #expect(
            (try show.json["organisation"] as? [String: String])?["registeredAddress"] == "1 High St\n" + Hostile.text)
        for escape in [
            #"\u001b]0;owned\u0007"#, #"\u009b"#, #"\u202e"#, #"\u200b"#, #"\u00ad"#, #"\udb40\udc41"#, #"\u2028"#,
            #"\u3164"#,
        ] {
            #expect(show.stdout.contains(escape), "\(escape)")
        }
        let history = try ratui.run(["org", "show", "--history", "--json", "1"] + db)
        Hostile.expectNothingRaw(history, "org show --history --json")
        #expect(
            (try history.json["versions"] as? [[String: Any]])?.map { $0["name"] as? String } == [
                Hostile.text, Hostile.text,
            ])
        let list = try ratui.run(["org", "list", "--json"] + db)
        Hostile.expectNothingRaw(list, "org list --json")
        #expect((try list.json["organisations"] as? [[String: Any]])?.first?["name"] as? String == Hostile.text)
        let whois = try ratui.run(["whois", "--json", "90-B3-D5-04-00-00-00-10"] + db)
        Hostile.expectNothingRaw(whois, "whois --json")
        #expect(whois.stdout.contains(#"\u001b]0;owned"#))
        let operators = try ratui.run(["operator", "list", "--json"] + asAlice)
        Hostile.expectNothingRaw(operators, "operator list --json")
        #expect(
            (try operators.json["operators"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.contains(
                Hostile.text) == true)
        let events = try ratui.run(["audit", "list", "--json"] + asAlice)
        Hostile.expectNothingRaw(events, "audit list --json")
        let second = (try events.json["events"] as? [[String: Any]])?.first { $0["sequence"] as? Int == 2 }
        #expect(second?["operator"] as? String == Hostile.text)
        #expect((second?["details"] as? [String: String])?["note"] == Hostile.text)
        let jsonl = try ratui.run(["audit", "export", "--format", "jsonl"] + asAlice)
        Hostile.expectNothingRaw(jsonl, "audit export --format jsonl")
        let exported = try jsonl.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(exported.contains { $0?["record"] as? String == Hostile.text })
        for arguments in [["audit", "head", "--json"], ["audit", "verify", "--json"]] {
            let result = try ratui.run(arguments + asAlice)
            Hostile.expectNothingRaw(result, arguments)
            #expect((try? result.json) != nil, "\(arguments): one JSON document")
        }
    }

    @Test("validation reports that quote a tampered organisation (ranges check, submit, import) escape it")
    func reportsQuotingStoredNames() throws {
        try tamperedRegistry()
        let overlapping = RatuiProcess.form(
            name: "Overlap Ltd", [("other-user", "90-B3-D5-04-00-00-00-80", "90-B3-D5-04-00-00-01-00")])
        let file = try ratui.write("overlap.json", overlapping)
        for json in [[], ["--json"]] {
            let check = try ratui.run(["ranges", "check", file] + json + db)
            #expect(check.status == 65)
            #expect(check.stdout.contains("range.overlaps-organisation"))
            Hostile.expectNothingRaw(check, ["ranges", "check"] + json)
            let submit = try ratui.run(["org", "submit", file] + json + asAlice)
            #expect(submit.status == 65)
            Hostile.expectNothingRaw(submit, ["org", "submit"] + json)
            let lines = try ratui.write("forms.jsonl", overlapping.replacingOccurrences(of: "\n", with: "") + "\n")
            let imported = try ratui.run(["org", "import", lines] + json + asAlice)
            #expect(imported.status == 65)
            #expect(imported.stdout.contains("range.overlaps-organisation"))
            Hostile.expectNothingRaw(imported, ["org", "import"] + json)
        }
    }

    @Test("errors that echo a file name, an operator name or an argument escape it")
    func echoedInput() throws {
        try ratui.bootstrap()
        let name = "evil" + Hostile.text
        let missing = ratui.folder.appending(path: name + ".json").path
        let hostileForm = try ratui.write(
            name + "-form.json",
            RatuiProcess.form(
                name: Hostile.text, [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")]))
        let unknownKey = String(
            decoding: try JSONSerialization.data(withJSONObject: ["form": "A1", Hostile.text: 1]), as: UTF8.self)
        let lines = try ratui.write(name + ".jsonl", unknownKey + "\n")
        let runs: [(arguments: [String], status: Int32)] = [
            (["ranges", "check", missing] + db, 66),
            (["ranges", "check", hostileForm] + db, 65),
            (["org", "submit", hostileForm] + asAlice, 65),
            (["org", "submit", missing] + asAlice, 66),
            (["org", "import", missing] + asAlice, 66),
            (["org", "import", lines] + asAlice, 65),
            (["operator", "disable", name] + asAlice, 65),
            (["audit", "head", "--operator", name, "--passphrase-stdin"] + db, 77),
            (["org", "show", name] + db, 64),
            (["forms", "show", name], 65),
            (["audit", "list", "--since", name] + asAlice, 64),
            (["whois", name] + db, 65),
            (["whois", "--json", name] + db, 65),
            (
                ["operator", "bootstrap", "--name", name, "--passphrase-stdin"] + [
                    "--db", ratui.folder.appending(path: "other.sqlite").path,
                ], 65
            ),
        ]
        for (arguments, status) in runs {
            let result = try ratui.run(arguments)
            #expect(result.status == status, "\(arguments.prefix(2)): \(result.stderr)")
            Hostile.expectNothingRaw(result, arguments.prefix(2))
            // A failed sign-in never says whether the name exists, so it does not echo it.
            guard !arguments.contains("--operator") || arguments.contains("alice") else { continue }
            #expect(
                (result.stdout + result.stderr).contains(#"\e]0;owned"#)
                    || (result.stdout + result.stderr).contains(#"\u001b]0;owned"#),
                "\(arguments.prefix(2)): the input is shown, escaped")
        }
    }

    @Test("a site's forms folder with hostile titles, labels and help is listed and shown escaped")
    func hostileFormsFolder() throws {
        let site = ratui.folder.appending(path: "site-forms")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appending(path: "Forms")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appending(path: name), to: site.appending(path: name))
        }
        let a1 = site.appending(path: "A1-organisation-information.json")
        var definition = try JSONSerialization.jsonObject(with: Data(contentsOf: a1)) as! [String: Any]
        definition["title"] = Hostile.text
        definition["purpose"] = Hostile.text
        var sections = definition["sections"] as! [[String: Any]]
        var fields = sections[0]["fields"] as! [[String: Any]]
        fields[0]["label"] = Hostile.text
        fields[0]["help"] = Hostile.text
        sections[0]["fields"] = fields
        sections[0]["title"] = Hostile.text
        definition["sections"] = sections
        try JSONSerialization.data(withJSONObject: definition).write(to: a1)
        for arguments in [
            ["forms", "list"], ["forms", "show", "A1"], ["forms", "list", "--json"], ["forms", "show", "--json", "A1"],
        ] {
            let result = try ratui.run(arguments + ["--forms", site.path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            Hostile.expectNothingRaw(result, arguments)
            if !arguments.contains("--json") { Hostile.expectEscaped(result.stdout, arguments) }
        }
        let title = try ratui.run(["forms", "show", "--json", "A1", "--forms", site.path]).json["title"] as? String
        #expect(title == Hostile.text)
    }
}

/// The attacker's text and what may never reach the terminal raw.
enum Hostile {
    /// Terminal-active sequences: an OSC title change, clear screen, a C1 CSI (U+009B), a bidi override.
    static let active = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}"

    /// Invisible characters seen stored: format characters (Cf) and look-alikes of a space or nothing.
    static let invisible: [Unicode.Scalar] = [
        0x034F, 0x2028, 0x2029, 0x3164, 0x2800, 0x200B, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0xE0041, 0x00AD, 0x2060,
        0xFFF9,
    ].map { Unicode.Scalar($0)! }

    static let text = "Evil" + active + " Ltd" + invisible.map { "x" + String($0) }.joined()

    /// The visible form of a character that `VisibleText` escapes, such as `\u{200B}`.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Characters no output may hold: C0 controls but tab, line feed and carriage return; DEL and
    /// C1; the bidi overrides and isolates; and the invisible characters above.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: invisible.contains(scalar)
        }
    }

    static func expectNothingRaw(
        _ result: RatuiProcess.Result, _ label: some CustomStringConvertible,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (stream, bytes) in [("stdout", result.stdoutBytes), ("stderr", result.stderrBytes)] {
            #expect(!bytes.contains(0x1B), "\(label) \(stream): a raw ESC", sourceLocation: sourceLocation)
            let forbidden = String(decoding: bytes, as: UTF8.self).unicodeScalars.filter(isForbidden)
            #expect(
                forbidden.isEmpty, "\(label) \(stream): raw \(forbidden.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
        }
    }

    /// The text output shows every hostile character in its escaped form.
    static func expectEscaped(
        _ output: String, _ label: some CustomStringConvertible, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(output.contains(#"\e]0;owned\u{7}\e[2J\u{9B}31m\u{202E}"#), "\(label)", sourceLocation: sourceLocation)
        let missing = invisible.filter { !output.contains(escaped($0)) }
        #expect(missing.isEmpty, "\(label): not shown escaped: \(missing.map(escaped))", sourceLocation: sourceLocation)
    }
}
