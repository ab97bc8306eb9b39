import Foundation
import Testing

/// Revocation through the `ratui` binary: a PMA member files form A7, RA Personnel verify, decide
/// and revoke, the subject's sign-in then ends in 77 (`access.revoked`) and `operator enable`
/// refuses them; revoking the last ra-manager leaves the registry in recovery, and
/// `operator recover` makes a new one on two sign-ins.
@Suite("Revocation commands")
struct RevocationCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    func run(_ arguments: [String], as name: String = "alice", stdin: Data? = nil) throws -> RatuiProcess.Result {
        try ratui.run(arguments + db + ["--operator", name, "--passphrase-stdin"], stdin: stdin)
    }

    /// alice (ra-manager, 1), bob (2), carol (3), dave (4): ra-personnel; petra (5): pma-member.
    func registry() throws {
        try ratui.bootstrap()
        for (name, role) in [
            ("bob", "ra-personnel"), ("carol", "ra-personnel"), ("dave", "ra-personnel"), ("petra", "pma-member"),
        ] {
            let added = try ratui.run(
                ["operator", "add", "--role", role, name] + db + ratui.signIn,
                stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
            #expect(added.status == 0, "\(added.stderr)")
        }
    }

    static func a7(subject: Int, capacity: String = "pma-member") -> String {
        """
        {"form": "A7", "fields": {"requesterName": "Petra Jones", "requesterCapacity": "\(capacity)", "subject": \(subject),
         "credentials": ["operator-account", "recorded-credentials"], "grounds": "compromise",
         "groundsDetail": "The token was seen on an unattended desk.", "arrival": "ratui", "receivedOn": "2026-11-24"}}
        """
    }
    static let verification = """
        {"fields": {"method": "call-back", "checked": "Called the number in the PMA member register.", "verifiedOn": "2026-11-24"}}
        """

    /// Files an A7 as petra about `subject` and takes it to revoked: carol verifies, dave decides and revokes.
    func revoke(_ subject: Int, id: Int) throws {
        let file = try ratui.write("a7-\(subject).json", Self.a7(subject: subject))
        let filed = try run(["request", "new", "ra-revocation", file, "--json"], as: "petra")
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(try filed.json["state"] as? String == "entitled")
        let evidence = try ratui.write("verification.json", Self.verification)
        let verified = try run(
            ["request", "act", "\(id)", "verify-requester", "--file", evidence, "--json"], as: "carol")
        #expect(try verified.json["state"] as? String == "requester-verified", "\(verified.stderr)")
        #expect(try run(["request", "act", "\(id)", "decide-verified"], as: "carol").status == 77)
        #expect(try run(["request", "act", "\(id)", "decide-verified"], as: "dave").status == 0)
        let revoked = try run(["request", "act", "\(id)", "revoke", "--json"], as: "dave")
        #expect(try revoked.json["state"] as? String == "revoked", "\(revoked.stderr)")
    }

    @Test(
        "ratui request new ra-revocation A7.json, request act ...: bob's sign-in is refused with 77 and operator enable refuses him"
    )
    func endToEnd() throws {
        try registry()
        // The subject may take no step in their own revocation.
        let own = try ratui.write("own.json", Self.a7(subject: 2, capacity: "holder"))
        #expect(
            try run(["request", "new", "ra-revocation", own, "--json"], as: "bob").json["state"] as? String
                == "received")
        #expect(try run(["request", "act", "1", "confirm-entitlement"], as: "bob").status == 77)
        #expect(try run(["request", "act", "1", "withdraw"], as: "bob").status == 65)

        try revoke(2, id: 2)
        let refused = try run(["request", "list"], as: "bob")
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("revoked"), "\(refused.stderr)")
        let enable = try run(["operator", "enable", "bob"])
        #expect(enable.status == 77)
        #expect(enable.stderr.contains("revoked"))
        let listed = try run(["operator", "list"])
        #expect(listed.stdout.contains("bob") && listed.stdout.contains("revoked at"))
        let shown = try run(["request", "show", "2"], as: "carol")
        #expect(shown.stdout.contains("revoke: verified -> revoked, by dave"), "\(shown.stdout)")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    @Test(
        "revoking the last ra-manager: the registry is in recovery; operator recover needs two sign-ins, one a PMA member's"
    )
    func recovery() throws {
        try registry()
        let early = try ratui.run(
            [
                "operator", "recover", "--name", "nina", "--operator", "petra", "--operator", "carol",
                "--passphrase-stdin",
            ] + db)
        #expect(early.status == 65)
        try revoke(1, id: 1)
        let passphrases = Data(
            "\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8)
        let withoutPMA = try ratui.run(
            [
                "operator", "recover", "--name", "nina", "--operator", "carol", "--operator", "dave",
                "--passphrase-stdin",
            ] + db, stdin: passphrases)
        #expect(withoutPMA.status == 77)
        #expect(withoutPMA.stderr.contains("PMA"), "\(withoutPMA.stderr)")
        let recovered = try ratui.run(
            [
                "operator", "recover", "--name", "nina", "--operator", "petra", "--operator", "carol",
                "--passphrase-stdin", "--json",
            ] + db,
            stdin: passphrases)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try recovered.json["roles"] as? [String] == ["ra-manager"])
        #expect(try run(["operator", "list"], as: "nina").status == 0)
        #expect(try run(["operator", "list"], as: "alice").status == 77)
        let events = try run(["audit", "list", "--json", "--action", "operator.recovered"], as: "nina")
        #expect(events.stdout.contains("petra"), "\(events.stdout)")
    }
}
