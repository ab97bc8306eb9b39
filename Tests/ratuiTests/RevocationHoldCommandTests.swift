import Foundation
import Testing

/// Supplier of Last Resort holds (SEC L16) through the `ratui` binary: `org solr-hold` records
/// the SMKI PMA's decision, an organisation revocation is entered, verified and decided, then
/// waits, `held`, refused at the step that revokes (65, `revocation.held`) until
/// `org solr-release`; then it is carried out.
@Suite("Revocation hold commands")
struct RevocationHoldCommandTests {
    /// The registry of the credential request tests: alice (ra-manager), bob and carol
    /// (ra-personnel), audrey (auditor); organisation 1 with an active ARO credential.
    let setup = CredentialRequestCommandTests()
    var ratui: RatuiProcess { setup.ratui }

    func run(_ arguments: [String], as name: String = "alice") throws -> RatuiProcess.Result {
        try setup.run(arguments, as: name)
    }

    static let revocation = """
        {"form": "OrganisationRevocation", "fields": {"organisation": 1, "target": "organisation", "requestedBy": "aro",
         "requesterName": "Dana Smith", "arrival": "telephone", "receivedOn": "2026-11-24",
         "grounds": "lost-token", "groundsDetail": "Token lost on a train."}}
        """

    @Test("org solr-hold, a revocation held before revoking through every try, org solr-release, then revoked")
    func endToEnd() throws {
        try setup.registryWithARO()
        let held = try run(["org", "solr-hold", "1", "--decision", "PMA-2026-117", "--date", "2026-11-20", "--json"])
        #expect(held.status == 0, "\(held.stderr)")
        #expect(try held.json["held"] as? Bool == true)

        let file = try ratui.write("revocation.json", Self.revocation)
        let entered = try run(["request", "new", "org-revocation", file, "--json"], as: "bob")
        #expect(entered.status == 0, "\(entered.stderr)")
        let id = try #require(try entered.json["id"] as? Int)
        let evidence = try ratui.write("verification.json", RevocationCommandTests.verification)
        #expect(
            try run(["request", "act", "\(id)", "verify-requester", "--file", evidence], as: "carol").status == 0)
        #expect(try run(["request", "act", "\(id)", "decide-verified"]).status == 0)

        let shown = try run(["request", "show", "\(id)", "--json"])
        #expect(try shown.json["state"] as? String == "verified")
        #expect(try shown.json["held"] as? Bool == true)
        #expect((try shown.json["hold"] as? [String: Any])?["decision"] as? String == "PMA-2026-117")
        let text = try run(["request", "show", "\(id)"])
        #expect(text.stdout.contains("State: held. revocation.held:"), "\(text.stdout)")
        #expect(text.stdout.contains("PMA-2026-117"))
        let listed = try run(["request", "list"])
        #expect(listed.stdout.contains("\(id)\torg-revocation\theld\t"), "\(listed.stdout)")

        for name in ["alice", "carol"] {
            let refused = try run(["request", "act", "\(id)", "revoke"], as: name)
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(
                refused.stderr.contains("is held: SMKI PMA decision \"PMA-2026-117\" of 2026-11-20"),
                "\(refused.stderr)")
        }
        let credentials = try run(["credential", "list", "--json", "--state", "active"], as: "audrey")
        #expect((try credentials.json["credentials"] as? [Any])?.count == 1)

        let org = try ratui.run(["org", "show", "1"] + setup.db)
        #expect(
            org.stdout.contains("Revocation held (SEC L16): SMKI PMA decision \"PMA-2026-117\" of 2026-11-20"),
            "\(org.stdout)")
        #expect(
            try run(["org", "solr-release", "1", "--decision", "PMA-2026-121", "--date", "2026-11-25"]).status == 0)
        let orgJSON = try ratui.run(["org", "show", "1", "--json"] + setup.db)
        let hold = try #require(try orgJSON.json["revocationHold"] as? [String: Any])
        #expect(hold["held"] as? Bool == false)
        #expect((hold["directions"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["hold", "release"])

        let revoked = try run(["request", "act", "\(id)", "revoke", "--json"])
        #expect(try revoked.json["state"] as? String == "revoked", "\(revoked.stderr)")
        let events = try run(["audit", "list", "--json", "--action", "organisation.revocation-held"])
        #expect(events.stdout.contains("PMA-2026-117"), "\(events.stdout)")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    @Test("only an ra-manager records a direction (77 for others); bad input is refused (65) and stores nothing")
    func refusals() throws {
        try setup.registryWithARO()
        for name in ["bob", "audrey"] {
            let refused = try run(["org", "solr-hold", "1", "--decision", "PMA-1", "--date", "2026-11-20"], as: name)
            #expect(refused.status == 77, "\(refused.stderr)")
        }
        for (decision, date, words) in [
            ("PMA\u{1B}[2J", "2026-11-20", "control character \\e"),
            (String(repeating: "x", count: 10_000), "2026-11-20", "at most 200"),
            ("PMA-1", "2999-01-01", "in the future"), ("PMA-1", "20-11-2026", "must be a real date"),
        ] {
            let refused = try run(["org", "solr-hold", "1", "--decision", decision, "--date", date])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains(words), "\(refused.stderr)")
            #expect(!refused.stderr.contains("\u{1B}"))
        }
        // Invalid UTF-8 in the argument itself, through a shell.
        let script =
            "exec \"$0\" org solr-hold 1 --decision \"$(printf 'PMA\\377\\376')\" --date 2026-11-20 --db \"$1\" --operator alice --passphrase-stdin"
        let invalid = try ratui.run(
            ["-c", script, RatuiProcess.binary.path, ratui.registryPath],
            stdin: Data((RatuiProcess.passphrase + "\n").utf8), binary: URL(fileURLWithPath: "/bin/sh"))
        #expect(invalid.status == 65, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("U+FFFD (invalid UTF-8"), "\(invalid.stderr)")
        #expect(try run(["org", "solr-release", "1", "--decision", "PMA-1", "--date", "2026-11-20"]).status == 65)
        #expect(try run(["org", "solr-hold", "9", "--decision", "PMA-1", "--date", "2026-11-20"]).status == 65)
        let org = try ratui.run(["org", "show", "1", "--json"] + setup.db)
        #expect(((try org.json["revocationHold"] as? [String: Any])?["directions"] as? [Any])?.isEmpty == true)
        #expect(try run(["audit", "verify"]).status == 0)
    }
}
