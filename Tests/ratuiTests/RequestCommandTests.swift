import Foundation
import GRDB
import RAPPModel
import Testing

/// ARO nominations through the `ratui` binary, as a script would run them: the JSON shapes
/// scripts rely on, the exit codes of refused steps, and that a refused step changes nothing.
@Suite("Request and credential commands")
struct RequestCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    /// Runs as `name`, whose passphrase goes on stdin.
    func run(_ arguments: [String], as name: String = "alice") throws -> RatuiProcess.Result {
        try ratui.run(arguments + db + ["--operator", name, "--passphrase-stdin"])
    }

    static let nomination = """
        {"form": "ARO", "fields": {"organisation": 1, "nomineeName": "Dana Smith", "nomineeJobTitle": "Head of Metering",
         "nomineeEmail": "dana@example.org", "nomineePhone": "+44 20 7946 0002", "dateOfBirth": "1980-02-29",
         "scopes": ["organisation-certificates", "smki-repository"], "signatoryName": "Bob Ray", "dateSigned": "2026-11-21"}}
        """
    static let identity = """
        {"fields": {"documents": [{"type": "passport", "reference": "PASS123456"}], "method": "video", "verifiedOn": "2026-11-22",
         "screeningStandard": "bs7858-2019", "screeningReference": "SCREEN-42"}}
        """
    static let issued = """
        {"fields": {"tokenSerial": "TK-0001", "certificateSerial": "4F2A910C", "repositoryUserName": "dsmith", "expiryDate": "2028-11-22"}}
        """

    /// alice (ra-manager), bob and carol (ra-personnel), audrey (auditor), and organisation 1.
    func registry() throws {
        try ratui.bootstrap()
        for (name, role) in [("bob", "ra-personnel"), ("carol", "ra-personnel"), ("audrey", "auditor")] {
            let added = try ratui.run(
                ["operator", "add", "--role", role, name] + db + ratui.signIn,
                stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
            #expect(added.status == 0, "\(added.stderr)")
        }
        let form = try ratui.write(
            "a1.json", RatuiProcess.form([("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]))
        #expect(try run(["org", "submit", form]).status == 0)
    }

    func transitions(_ id: Int) throws -> Int {
        (try run(["request", "show", "\(id)", "--json"]).json["transitions"] as? [Any])?.count ?? -1
    }

    @Test("an ARO nomination from entry to an active credential, every shape as JSON")
    func endToEnd() throws {
        try registry()
        let file = try ratui.write("aro.json", Self.nomination)
        let entered = try run(["request", "new", "aro-nomination", file, "--json"], as: "bob")
        #expect(entered.status == 0, "\(entered.stderr)")
        let request = try entered.json
        #expect(request["id"] as? Int == 1)
        #expect(request["state"] as? String == "submitted")
        #expect(
            (request["pendingChecks"] as? [[String: Any]])?.map { $0["code"] as? String } == [
                "organisation.entry-tests"
            ])
        #expect((request["fields"] as? [String: Any])?["dateOfBirth"] == nil)
        #expect(((request["personal"] as? [String: Any])?["digest"] as? String)?.hasPrefix("sha256:") == true)

        let tests = try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1", "--json"])
        #expect(tests.status == 0)
        #expect((try tests.json["entryTests"] as? [String: Any])?["reference"] as? String == "ET-1")
        #expect(try run(["request", "act", "1", "check"], as: "bob").status == 0)

        let evidence = try ratui.write("identity.json", Self.identity)
        let verified = try run(["request", "act", "1", "verify-identity", "--file", evidence, "--json"], as: "carol")
        #expect(try verified.json["state"] as? String == "identity-verified")

        // Neither the submitter nor the verifier may approve: 77, and nothing changes.
        let steps = try transitions(1)
        for name in ["bob", "carol"] {
            let refused = try run(["request", "act", "1", "approve"], as: name)
            #expect(refused.status == 77, "\(name): \(refused.stderr)")
            #expect(refused.stderr.contains("Separation of duties"))
        }
        #expect(try transitions(1) == steps)
        let shown = try run(["request", "show", "1", "--json"], as: "bob").json
        let approve = try #require(
            (shown["actions"] as? [[String: Any]])?.first { $0["action"] as? String == "approve" })
        #expect(approve["allowed"] as? Bool == false)
        #expect(approve["roles"] as? [String] == ["ra-manager", "ra-personnel"])
        #expect(
            Set((approve["excluded"] as? [[String: Any]] ?? []).compactMap { $0["operator"] as? String }) == [
                "bob", "carol",
            ])

        #expect(try run(["request", "act", "1", "approve", "--note", "Checked the screening myself"]).status == 0)
        let issue = try ratui.write("issued.json", Self.issued)
        #expect(try run(["request", "act", "1", "issue", "--file", issue], as: "carol").status == 0)
        let active = try run(["request", "act", "1", "activate", "--json"], as: "carol")
        #expect(try active.json["state"] as? String == "active")
        #expect((try active.json["actions"] as? [Any])?.isEmpty == true)

        let listed = try run(
            ["credential", "list", "--json", "--organisation", "1", "--state", "active"], as: "audrey")
        #expect(listed.status == 0, "\(listed.stderr)")
        let credentials = try #require(try listed.json["credentials"] as? [[String: Any]])
        #expect(credentials.count == 1)
        #expect(credentials.first?["kind"] as? String == "aro")
        #expect((credentials.first?["details"] as? [String: Any])?["tokenSerial"] as? String == "TK-0001")
        let holder = try #require((credentials.first?["holder"] as? [String: Any])?["id"] as? Int)
        #expect(
            (try run(["credential", "list", "--json", "--holder", "\(holder)"], as: "audrey").json["credentials"]
                as? [Any])?.count == 1)
        let shownCredential = try run(["credential", "show", "1"], as: "audrey")
        #expect(shownCredential.status == 0)
        #expect(shownCredential.stdout.contains("Dana Smith") && shownCredential.stdout.contains("TK-0001"))
        #expect(!shownCredential.stdout.lowercased().contains("pin"))

        let text = try run(["request", "show", "1"], as: "audrey")
        #expect(text.stdout.contains("verify-identity: checked -> identity-verified, by carol"))
        #expect(text.stdout.contains("Checked the screening myself"))
        #expect(try run(["audit", "verify"]).status == 0)
    }

    @Test("failed checks: 65, the model's code and words on stderr, each issue on stdout; nothing changes")
    func failedChecks() throws {
        try registry()  // organisation 1 has not passed its entry tests
        let file = try ratui.write("aro.json", Self.nomination)
        #expect(try run(["request", "new", "aro-nomination", file], as: "bob").status == 0)
        let steps = try transitions(1)
        let failed = try run(["request", "act", "1", "check"], as: "bob")
        #expect(failed.status == 65)
        let lines = failed.stderr.split(separator: "\n").map(String.init)
        let summary = RequestError.checksFailed([]).summary
        #expect(lines.first == "ratui: request.checks-failed: \(summary)", "\(failed.stderr)")
        // The issues are a report, on stdout like an invalid form's.
        #expect(failed.stdout.contains("error organisation.entry-tests"), "\(failed.stdout)")
        #expect(try transitions(1) == steps)
    }

    @Test("refused steps: no permission 77, not allowed now 65, invalid evidence 65 with the report; nothing changes")
    func refusals() throws {
        try registry()
        #expect(try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1"]).status == 0)
        let file = try ratui.write("aro.json", Self.nomination)
        #expect(try run(["request", "new", "aro-nomination", file], as: "bob").status == 0)
        let steps = try transitions(1)

        let auditor = try run(["request", "act", "1", "reject", "--reason", "other"], as: "audrey")
        #expect(auditor.status == 77)
        #expect(auditor.stderr.contains("request.reject"))
        #expect(try run(["request", "new", "aro-nomination", file], as: "audrey").status == 77)

        let early = try run(["request", "act", "1", "approve"])
        #expect(early.status == 65)
        #expect(early.stderr.contains("verify-identity"))

        let bad = try ratui.write(
            "bad.json", #"{"fields": {"documents": [], "method": "telepathy", "verifiedOn": "2026-02-30"}}"#)
        let invalid = try run(["request", "act", "1", "verify-identity", "--file", bad, "--json"], as: "carol")
        #expect(invalid.status == 65)
        let report = try invalid.json
        #expect(report["code"] as? String == "request.invalid")
        let codes = Set((report["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        #expect(codes == ["field.required", "field.choice", "field.format"])

        let noReason = try run(["request", "act", "1", "reject"], as: "carol")
        #expect(noReason.status == 65)
        #expect(noReason.stdout.contains("request.reason"))
        #expect(try run(["request", "act", "1", "approve"], as: "nobody").status == 77)
        #expect(try run(["request", "act", "9", "approve"]).status == 65)
        #expect(try transitions(1) == steps)
        #expect(try run(["request", "new", "policy-change", file]).status == 65)
    }

    @Test(
        "hostile request files are refused with escaped messages",
        arguments: [
            Labelled("invalid UTF-8", Data([0x7B, 0x22, 0x66, 0xFF, 0x22, 0x3A, 0x31, 0x7D])),
            Labelled(
                "an escape sequence in a name",
                Data(Self.nomination.replacingOccurrences(of: "Dana Smith", with: #"Dana\u001b]0;owned\u0007"#).utf8)),
            Labelled(
                "a zero-width space",
                Data(Self.nomination.replacingOccurrences(of: "Dana Smith", with: "Dana\u{200B}Smith").utf8)),
            Labelled(
                "a number for a name", Data(Self.nomination.replacingOccurrences(of: #""Dana Smith""#, with: "42").utf8)
            ),
            Labelled(
                "a huge job title",
                Data(
                    Self.nomination.replacingOccurrences(
                        of: "Head of Metering", with: String(repeating: "x", count: 500_000)
                    ).utf8)),
            Labelled(
                "the wrong form",
                Data(Self.nomination.replacingOccurrences(of: #""form": "ARO""#, with: #""form": "A1""#).utf8)),
            Labelled(
                "no such organisation",
                Data(Self.nomination.replacingOccurrences(of: #""organisation": 1"#, with: #""organisation": 77"#).utf8)
            ),
        ])
    func hostileFiles(_ content: Labelled<Data>) throws {
        try registry()
        let path = ratui.folder.appending(path: "hostile.json")
        try content.value.write(to: path)
        for json in [false, true] {
            let result = try run(["request", "new", "aro-nomination", path.path] + (json ? ["--json"] : []), as: "bob")
            #expect(result.status == 65, "\(result.stderr)")
            Hostile.expectNothingRaw(result, content.label)
        }
        #expect((try run(["request", "list", "--json"], as: "bob").json["requests"] as? [Any])?.isEmpty == true)
    }

    @Test("request list pages by id, filters by kind, state and what waits for me")
    func lists() throws {
        try registry()
        #expect(try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1"]).status == 0)
        for name in ["Ann", "Ben", "Cat"] {
            let file = try ratui.write(
                "\(name).json", Self.nomination.replacingOccurrences(of: "Dana Smith", with: name))
            #expect(try run(["request", "new", "aro-nomination", file], as: "bob").status == 0)
        }
        let evidence = try ratui.write("identity.json", Self.identity)
        #expect(try run(["request", "act", "2", "verify-identity", "--file", evidence], as: "carol").status == 0)
        let all =
            try run(["request", "list", "--json", "--limit", "2", "--after", "1"], as: "audrey").json["requests"]
            as? [[String: Any]]
        #expect(all?.map { $0["id"] as? Int } == [2, 3])
        #expect(all?.first?["name"] as? String == "Ben")
        let verified =
            try run(
                ["request", "list", "--json", "--state", "identity-verified", "--kind", "aro-nomination"], as: "audrey"
            ).json["requests"] as? [[String: Any]]
        #expect(verified?.map { $0["id"] as? Int } == [2])
        // Request 2 waits for alice (she may approve it) and for bob and carol only as far as rejecting or withdrawing goes.
        let mine =
            try run(["request", "list", "--json", "--waiting-for-me", "--state", "identity-verified"]).json["requests"]
            as? [[String: Any]]
        #expect(mine?.map { $0["id"] as? Int } == [2])
        #expect(
            (try run(["request", "list", "--json", "--waiting-for-me"], as: "audrey").json["requests"] as? [Any])?
                .isEmpty == true)
        let text = try run(["request", "list"], as: "audrey")
        #expect(text.stdout.split(separator: "\n").count == 3)
    }

    @Test("org allocation and preconditions: recorded, reported, shown; malformed ranges refused")
    func preconditions() throws {
        try registry()
        let recorded = try run([
            "org", "allocation", "1", "--range", "90-B3-D5-1F-30-00-00-00", "90-B3-D5-1F-30-FF-FF-FF",
            "--range", "00-11-22-00-00-00-00-00", "00-11-22-00-00-00-FF-FF", "--json",
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(((try recorded.json["allocation"] as? [String: Any])?["ranges"] as? [Any])?.count == 2)
        #expect((try recorded.json["outsideAllocation"] as? [Any])?.isEmpty == true)
        let shown = try ratui.run(["org", "preconditions", "1", "--json"] + db)
        #expect(try shown.json["entryTests"] is NSNull)
        #expect(try run(["org", "allocation", "1", "--range", "90-B3-D5-1F-30-00-00-00"]).status == 64)
        #expect(try run(["org", "allocation", "1", "--range", "nonsense", "90-B3-D5-1F-30-00-00-00"]).status == 65)
        #expect(
            try run(["org", "allocation", "1", "--range", "90-B3-D5-1F-30-00-00-01", "90-B3-D5-1F-30-00-00-00"]).status
                == 65)
        #expect(
            try run(["org", "allocation", "7", "--range", "90-B3-D5-1F-30-00-00-00", "90-B3-D5-1F-30-00-00-01"]).status
                == 65)
        #expect(try run(["org", "entry-tests", "1", "--passed", "yesterday", "--reference", "ET"]).status == 65)
        #expect(
            try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET"], as: "audrey").status
                == 77)
        // An amendment outside the allocation is refused with the rule's code.
        let outside = try ratui.write(
            "out.json", RatuiProcess.form([("import-supplier", "90-B3-D5-1F-31-00-00-00", "90-B3-D5-1F-31-00-FF-FF")]))
        let amended = try run(["org", "submit", outside, "--amend", "1", "--expect-version", "1", "--json"])
        #expect(amended.status == 65)
        #expect(amended.stdout.contains("range.outside-allocation"))
    }

    @Test("a tampered request, step and credential are shown escaped, text and JSON, never raw")
    func tamperedOutput() throws {
        try registry()
        #expect(try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1"]).status == 0)
        let file = try ratui.write("aro.json", Self.nomination)
        #expect(try run(["request", "new", "aro-nomination", file], as: "bob").status == 0)
        for (action, name, evidence) in [
            ("verify-identity", "carol", Self.identity), ("approve", "alice", nil), ("issue", "carol", Self.issued),
            ("activate", "carol", nil),
        ] {
            let extra = try evidence.map { ["--file", try ratui.write("\(action).json", $0)] } ?? []
            #expect(try run(["request", "act", "1", action] + extra, as: name).status == 0)
        }
        let queue = try DatabaseQueue(path: ratui.registryPath)
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER request_no_update; DROP TRIGGER request_transition_supersede_only; DROP TRIGGER credential_no_update;
                    DROP TRIGGER credential_holder_no_update; DROP TRIGGER personal_data_redact_only
                    """)
            try db.execute(
                sql: "UPDATE request SET fields = json_set(fields, '$.nomineeName', :text, '$.nomineeJobTitle', :text)",
                arguments: ["text": Hostile.text])
            try db.execute(
                sql:
                    "UPDATE request_transition SET note = :text, evidence = json_set(coalesce(evidence, '{}'), '$.tokenSerial', :text)",
                arguments: ["text": Hostile.text])
            try db.execute(
                sql: "UPDATE personal_data SET content = json_set(content, '$.dateOfBirth', :text)",
                arguments: ["text": Hostile.text])
            try db.execute(
                sql: "UPDATE credential SET details = json_set(details, '$.tokenSerial', :text)",
                arguments: ["text": Hostile.text])
            try db.execute(sql: "UPDATE credential_holder SET name = :text", arguments: ["text": Hostile.text])
        }
        try queue.close()
        for arguments in [
            ["request", "show", "1"], ["request", "list"], ["credential", "list"], ["credential", "show", "1"],
        ] {
            let text = try run(arguments, as: "audrey")
            #expect(text.status == 0, "\(arguments): \(text.stderr)")
            Hostile.expectNothingRaw(text, arguments.joined(separator: " "))
            let json = try run(arguments + ["--json"], as: "audrey")
            Hostile.expectNothingRaw(json, arguments.joined(separator: " ") + " --json")
            #expect(json.stdout.contains(#"\u001b"#), "\(arguments) --json")
        }
    }
}
