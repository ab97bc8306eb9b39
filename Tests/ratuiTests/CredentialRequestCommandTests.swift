import Foundation
import GRDB
import Testing

/// Authorised System credentials, RA credentials and policy changes through the `ratui` binary:
/// each kind runs on the same request engine, a second person is never bypassed, and a refused
/// step changes nothing.
@Suite("Credential requests, part 2")
struct CredentialRequestCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    /// Runs as `name`, whose passphrase (or `passphrase`) goes on stdin, then any further lines.
    func run(
        _ arguments: [String], as name: String = "alice", passphrase: String = RatuiProcess.passphrase,
        then more: [String] = []
    ) throws -> RatuiProcess.Result {
        try ratui.run(
            arguments + db + ["--operator", name, "--passphrase-stdin"],
            stdin: Data(([passphrase] + more).map { $0 + "\n" }.joined().utf8))
    }

    /// `operator add` as alice: refused once the registry has a second operator manager.
    func add(_ name: String, role: String) throws -> RatuiProcess.Result {
        try run(["operator", "add", "--role", role, name], then: [RatuiProcess.passphrase])
    }

    func operatorCount() throws -> Int {
        (try run(["operator", "list", "--json"]).json["operators"] as? [Any])?.count ?? -1
    }

    /// alice (ra-manager), bob and carol (ra-personnel), audrey (auditor); organisation 1 an
    /// Import Supplier with an active ARO credential (credential 1), organisation 2 an Export
    /// Supplier.
    func registryWithARO() throws {
        try ratui.bootstrap()
        for (name, role) in [("bob", "ra-personnel"), ("carol", "ra-personnel"), ("audrey", "auditor")] {
            let added = try add(name, role: role)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let first = try ratui.write(
            "a1.json", RatuiProcess.form([("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]))
        #expect(try run(["org", "submit", first]).status == 0)
        let second = try ratui.write(
            "a1-2.json",
            RatuiProcess.form(
                name: "Southwind Power Ltd", [("export-supplier", "90-B3-D5-1F-30-02-00-00", "90-B3-D5-1F-30-02-FF-FF")]
            ))
        #expect(try run(["org", "submit", second]).status == 0)
        #expect(try run(["org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1"]).status == 0)
        let nomination = try ratui.write("aro.json", RequestCommandTests.nomination)
        #expect(try run(["request", "new", "aro-nomination", nomination], as: "bob").status == 0)
        let identity = try ratui.write("identity.json", RequestCommandTests.identity)
        #expect(try run(["request", "act", "1", "verify-identity", "--file", identity], as: "carol").status == 0)
        #expect(try run(["request", "act", "1", "approve"]).status == 0)
        let issued = try ratui.write("issued.json", RequestCommandTests.issued)
        #expect(try run(["request", "act", "1", "issue", "--file", issued], as: "carol").status == 0)
        #expect(try run(["request", "act", "1", "activate"], as: "carol").status == 0)
    }

    static func system(organisation: Int, name: String, interfaces: [String]) -> String {
        let list = interfaces.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"form": "SYS", "fields": {"organisation": \(organisation), "systemName": "\(name)", "interfaces": [\(list)],
             "aroName": "Dana Smith", "dateSigned": "2026-11-22"}}
            """
    }

    func pendingCodes(_ result: RatuiProcess.Result) throws -> [String] {
        (try result.json["pendingChecks"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test("an Authorised System credential from entry to active: one name per interface, Ad Hoc only for suppliers")
    func systemCredential() throws {
        try registryWithARO()
        let request = try ratui.write(
            "sys.json", Self.system(organisation: 1, name: "HES-1", interfaces: ["ad-hoc", "batched"]))
        let entered = try run(["request", "new", "system-credential", request, "--json"], as: "bob")
        #expect(entered.status == 0, "\(entered.stderr)")
        #expect(try entered.json["state"] as? String == "checked")
        let id = try #require(try entered.json["id"] as? Int)

        let verification = try ratui.write(
            "verify.json", #"{"fields": {"aroCredential": 1, "method": "call-back", "verifiedOn": "2026-11-23"}}"#)
        #expect(
            try run(["request", "act", "\(id)", "verify-requester", "--file", verification], as: "carol").status == 0)
        for name in ["bob", "carol"] {
            let refused = try run(["request", "act", "\(id)", "approve"], as: name)
            #expect(refused.status == 77, "\(name) entered or verified it: \(refused.stderr)")
        }
        #expect(try run(["request", "act", "\(id)", "approve"]).status == 0)
        let certificate = try ratui.write(
            "sys-issued.json", #"{"fields": {"certificateSerial": "0A:1B:2C:3D", "expiryDate": "2027-11-23"}}"#)
        #expect(try run(["request", "act", "\(id)", "issue", "--file", certificate], as: "carol").status == 0)
        let active = try run(["request", "act", "\(id)", "activate", "--json"], as: "carol")
        #expect(try active.json["state"] as? String == "active", "\(active.stderr)")

        let listed = try run(
            ["credential", "list", "--json", "--organisation", "1", "--state", "active"], as: "audrey")
        let system = try #require(
            (try listed.json["credentials"] as? [[String: Any]])?.first { $0["kind"] as? String == "system" })
        #expect(system["scopes"] as? [String] == ["ad-hoc", "batched"])
        #expect((system["holder"] as? [String: Any])?["name"] as? String == "HES-1")
        #expect((system["details"] as? [String: Any])?["certificateSerial"] as? String == "0A:1B:2C:3D")

        // The same system name on an interface it already has: the automatic check waits.
        let again = try ratui.write(
            "sys-again.json", Self.system(organisation: 1, name: "hes-1", interfaces: ["batched"]))
        let duplicate = try run(["request", "new", "system-credential", again, "--json"], as: "bob")
        #expect(try duplicate.json["state"] as? String == "submitted")
        #expect(try pendingCodes(duplicate) == ["credential.duplicate"])

        // Ad Hoc for an Export Supplier: the rules file keeps it for Import and Gas Suppliers.
        let adHoc = try ratui.write(
            "sys-adhoc.json", Self.system(organisation: 2, name: "HES-2", interfaces: ["ad-hoc"]))
        let refused = try run(["request", "new", "system-credential", adHoc, "--json"], as: "bob")
        #expect(try pendingCodes(refused) == ["credential.scope"])
        let refusedID = try #require(try refused.json["id"] as? Int)
        let check = try run(["request", "act", "\(refusedID)", "check"], as: "bob")
        #expect(check.status == 65)
        #expect(check.stderr.contains("credential.scope") || check.stdout.contains("credential.scope"))
        let batched = try ratui.write(
            "sys-batched.json", Self.system(organisation: 2, name: "HES-2", interfaces: ["batched"]))
        #expect(
            try run(["request", "new", "system-credential", batched, "--json"], as: "bob").json["state"] as? String
                == "checked")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    /// Takes a system-credential request from entry to active: carol verifies, alice approves.
    func activateSystem(_ file: String, expiry: String) throws -> Int {
        let entered = try run(["request", "new", "system-credential", file, "--json"], as: "bob")
        #expect(try entered.json["state"] as? String == "checked", "\(entered.stdout)")
        let id = try #require(try entered.json["id"] as? Int)
        let verification = try ratui.write(
            "verify-\(id).json", #"{"fields": {"aroCredential": 1, "method": "call-back", "verifiedOn": "2026-11-23"}}"#
        )
        #expect(
            try run(["request", "act", "\(id)", "verify-requester", "--file", verification], as: "carol").status == 0)
        #expect(try run(["request", "act", "\(id)", "approve"]).status == 0)
        let certificate = try ratui.write(
            "issued-\(id).json",
            "{\"fields\": {\"certificateSerial\": \"0A1B2C\(String(format: "%02X", id))\", \"expiryDate\": \"\(expiry)\"}}"
        )
        #expect(try run(["request", "act", "\(id)", "issue", "--file", certificate], as: "carol").status == 0)
        let active = try run(["request", "act", "\(id)", "activate", "--json"], as: "carol")
        #expect(try active.json["state"] as? String == "active", "\(active.stderr)")
        return id
    }

    func expiring(within days: Int) throws -> [[String: Any]] {
        let listed = try run(["credential", "list", "--expiring-within", "\(days)", "--json"], as: "audrey")
        #expect(listed.status == 0, "\(listed.stderr)")
        return try listed.json["credentials"] as? [[String: Any]] ?? []
    }

    @Test("an expired credential is listed by --expiring-within; a renewal supersedes the credential it replaces")
    func expiryAndRenewal() throws {
        try registryWithARO()
        let file = try ratui.write("sys.json", Self.system(organisation: 1, name: "HES-1", interfaces: ["batched"]))
        _ = try activateSystem(file, expiry: "2026-01-31")
        let expired = try expiring(within: 0)
        #expect(expired.map { $0["kind"] as? String } == ["system"])
        #expect(expired.first?["expiresOn"] as? String == "2026-01-31")
        let old = try #require(expired.first?["id"] as? Int)
        #expect(try run(["credential", "list", "--expiring-within", "100000"], as: "audrey").status == 64)
        // The ARO credential expires on 2028-11-22: within 1000 days, not within 30.
        #expect(Set(try expiring(within: 1000).compactMap { $0["kind"] as? String }) == ["aro", "system"])
        #expect(try run(["credential", "list", "--expiring-within", "30"], as: "audrey").stdout.contains("2026-01-31"))

        // A renewal naming another organisation's or holder's credential waits on its check.
        let wrong = try ratui.write(
            "wrong.json",
            Self.system(organisation: 1, name: "HES-9", interfaces: ["batched"])
                .replacingOccurrences(of: #""organisation": 1,"#, with: "\"organisation\": 1, \"renews\": \(old),"))
        let refused = try run(["request", "new", "system-credential", wrong, "--json"], as: "bob")
        #expect(try pendingCodes(refused) == ["credential.renewal"])

        let renewal = try ratui.write(
            "renew.json",
            Self.system(organisation: 1, name: "HES-1", interfaces: ["batched"])
                .replacingOccurrences(of: #""organisation": 1,"#, with: "\"organisation\": 1, \"renews\": \(old),"))
        _ = try activateSystem(renewal, expiry: "2027-12-31")
        let shown = try run(["credential", "show", "\(old)", "--json"], as: "audrey").json
        #expect(shown["state"] as? String == "superseded")
        #expect(try expiring(within: 0).isEmpty, "the superseded credential is no longer active")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    @Test("an auditor without evidence.read never sees a date of birth or document reference in any output")
    func personalEvidenceWithheld() throws {
        try registryWithARO()
        let secrets = ["1980-02-29", "PASS123456", "SCREEN-42"]
        let outputs: [[String]] = [
            ["request", "show", "1"], ["request", "show", "1", "--json"], ["request", "list"],
            ["request", "list", "--json"],
            ["credential", "list"], ["credential", "list", "--json"], ["credential", "show", "1"],
            ["credential", "show", "1", "--json"],
            ["audit", "list"], ["audit", "list", "--json"], ["audit", "export", "--format", "jsonl"],
            ["audit", "export", "--format", "csv"],
        ]
        for arguments in outputs {
            let result = try run(arguments, as: "audrey")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            for secret in secrets {
                #expect(
                    !result.stdout.contains(secret) && !result.stderr.contains(secret), "\(arguments) shows \(secret)")
            }
        }
        let shown = try run(["request", "show", "1"], as: "audrey").stdout
        #expect(shown.contains("(withheld: needs evidence.read)"))
        let json = try run(["request", "show", "1", "--json"], as: "audrey").json
        #expect((json["personal"] as? [String: Any])?["withheld"] as? Bool == true)
        // RA Personnel hold evidence.read.
        let personnel = try run(["request", "show", "1"], as: "carol").stdout
        #expect(secrets.allSatisfy { personnel.contains($0) })
    }

    @Test(
        "a closed request's personal evidence is redacted only after the retention period, audited, the trail still verifying"
    )
    func redaction() throws {
        try registryWithARO()
        #expect(try run(["request", "redact", "1"], as: "audrey").status == 77)
        let kept = try run(["request", "redact", "1"])
        #expect(kept.status == 65)
        #expect(kept.stderr.contains("2190 days"))

        // A site that keeps closed requests' evidence no longer than their closing day.
        let folder = ratui.folder.appending(path: "zero").path
        #expect(try ratui.run(["policy", "export", folder] + db).status == 0)
        let rules = URL(fileURLWithPath: folder).appending(path: "rules.json")
        let text = try String(contentsOf: rules, encoding: .utf8)
        let edited = text.replacingOccurrences(
            of: #""personalDataRetentionDays": 2190"#, with: #""personalDataRetentionDays": 0"#)
        precondition(edited != text)
        try Data(edited.utf8).write(to: rules)
        #expect(
            try run(["policy", "apply", "--sole-manager-override", "--reason", "retention set by the RA", folder])
                .status == 0)

        let open = try ratui.write("sys.json", Self.system(organisation: 1, name: "HES-1", interfaces: ["batched"]))
        let openID = try #require(
            try run(["request", "new", "system-credential", open, "--json"], as: "bob").json["id"] as? Int)
        #expect(try run(["request", "redact", "\(openID)"]).status == 65, "an open request keeps its evidence")

        let redacted = try run(["request", "redact", "1", "--json"])
        #expect(redacted.status == 0, "\(redacted.stderr)")
        let shown = try run(["request", "show", "1"], as: "carol").stdout
        #expect(!shown.contains("1980-02-29") && !shown.contains("PASS123456"))
        #expect(shown.contains("(redacted)"))
        let event =
            try run(["audit", "list", "--json", "--action", "request.redacted"]).json["events"] as? [[String: Any]]
        #expect(((event?.first?["details"] as? [String: Any])?["digests"] as? [String])?.count == 2)
        #expect(try run(["request", "redact", "1"]).status == 65, "nothing left to redact")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    static func unlock(name: String, phone: String, dateOfBirth: String) -> String {
        """
        {"form": "UNLOCK", "fields": {"credential": 1, "callerName": "\(name)", "callerPhone": "\(phone)",
         "callerDateOfBirth": "\(dateOfBirth)", "calledOn": "2026-11-24"}}
        """
    }

    @Test("a Repository login unlock is recorded only for a caller matching their ARO Nomination Form")
    func repositoryUnlock() throws {
        try registryWithARO()
        // The nomination recorded Dana Smith, +44 20 7946 0002, born 1980-02-29.
        let wrongBirth = try ratui.write(
            "u1.json", Self.unlock(name: "Dana Smith", phone: "+44 20 7946 0002", dateOfBirth: "1980-03-01"))
        let refused = try run(["request", "new", "repository-unlock", wrongBirth, "--json"], as: "bob")
        #expect(try refused.json["state"] as? String == "submitted")
        #expect(try pendingCodes(refused) == ["credential.caller"])
        #expect(!refused.stdout.contains("1980-02-29"), "the recorded date of birth is never shown")
        let refusedID = try #require(try refused.json["id"] as? Int)
        #expect(try run(["request", "act", "\(refusedID)", "check"], as: "bob").status == 65)

        let caller = try ratui.write(
            "u2.json", Self.unlock(name: "dana  SMITH", phone: "+44 (20) 7946-0002", dateOfBirth: "1980-02-29"))
        let entered = try run(["request", "new", "repository-unlock", caller, "--json"], as: "bob")
        #expect(try entered.json["state"] as? String == "caller-verified", "\(entered.stdout)")
        let id = try #require(try entered.json["id"] as? Int)
        #expect(try run(["request", "act", "\(id)", "unlock"], as: "audrey").status == 77)
        let unlocked = try run(["request", "act", "\(id)", "unlock", "--json"], as: "carol")
        #expect(try unlocked.json["state"] as? String == "unlocked", "\(unlocked.stderr)")
        #expect(try run(["audit", "verify"]).status == 0)
    }

    @Test(
        "the dormant-credential report lists active credentials without recorded activity for N days, as lines and JSON"
    )
    func dormantReport() throws {
        try registryWithARO()
        #expect(try run(["credential", "dormant", "--json"], as: "audrey").json["credentials"] as? [Any] != nil)
        #expect(
            (try run(["credential", "dormant", "--json"], as: "audrey").json["credentials"] as? [Any])?.isEmpty == true,
            "nothing is a year old")
        let all =
            try run(["credential", "dormant", "--days", "0", "--json"], as: "audrey").json["credentials"]
            as? [[String: Any]]
        #expect(all?.map { $0["id"] as? Int } == [1])
        #expect(all?.first?["lastActivity"] as? String != nil)
        let text = try run(["credential", "dormant", "--days", "0"], as: "audrey")
        #expect(text.stdout.hasPrefix("1\taro\tactive\tDana Smith"))
        #expect(try run(["credential", "dormant", "--days", "-1"], as: "audrey").status == 64)
    }

    static let raCredential = """
        {"form": "RA", "fields": {"fullName": "Erin Moss", "email": "erin@example.org", "dateOfBirth": "1990-05-17",
         "operatorName": "erin", "roles": ["ra-personnel"]}}
        """
    static let initialPassphrase = "an initial passphrase erin changes"
    static let erinsPassphrase = "erin's own passphrase, chosen by her"

    @Test(
        "an RA credential: no account before a second ra-manager approves and it is issued; the initial passphrase must be changed"
    )
    func raCredential() throws {
        try ratui.bootstrap()
        #expect(try add("carol", role: "ra-personnel").status == 0)
        // alice is the only operator manager: she makes the second one with `operator add`.
        #expect(try add("bob", role: "ra-manager").status == 0)
        let count = try operatorCount()
        let refused = try add("dave", role: "auditor")
        #expect(refused.status == 77)
        #expect(
            refused.stderr.contains("second ra-manager approves")
                && refused.stderr.contains("request new ra-credential"))
        #expect(try operatorCount() == count)

        let form = try ratui.write("ra.json", Self.raCredential)
        #expect(
            try run(["request", "new", "ra-credential", form], as: "carol").status == 77,
            "ra-personnel may not ask for accounts")
        let entered = try run(["request", "new", "ra-credential", form, "--json"])
        #expect(entered.status == 0, "\(entered.stderr)")
        #expect(try entered.json["state"] as? String == "checked")
        #expect((try entered.json["fields"] as? [String: Any])?["dateOfBirth"] == nil)
        let id = try #require(try entered.json["id"] as? Int)
        #expect(
            try run(["request", "list"], as: "erin", passphrase: Self.initialPassphrase).status == 77, "no account yet")

        let identity = try ratui.write("identity.json", RequestCommandTests.identity)
        #expect(try run(["request", "act", "\(id)", "verify-identity", "--file", identity], as: "carol").status == 0)
        #expect(try run(["request", "act", "\(id)", "approve"]).status == 77, "alice entered it")
        #expect(
            try run(["request", "act", "\(id)", "approve"], as: "carol").status == 77,
            "carol verified it and may not manage operators")
        // Issuing before approval is not a step the workflow has now.
        #expect(try run(["request", "act", "\(id)", "issue"], as: "bob", then: [Self.initialPassphrase]).status == 65)
        #expect(try run(["request", "act", "\(id)", "approve"], as: "bob").status == 0)
        #expect(
            try run(["request", "list"], as: "erin", passphrase: Self.initialPassphrase).status == 77,
            "approved, not issued")
        #expect(try operatorCount() == count)

        // The initial passphrase must meet the sign-in rules: too short is refused, nothing made.
        #expect(try run(["request", "act", "\(id)", "issue"], as: "alice", then: ["short"]).status == 65)
        let issued = try run(
            ["request", "act", "\(id)", "issue", "--json"], as: "alice", then: [Self.initialPassphrase])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(try issued.json["state"] as? String == "active")
        #expect(try operatorCount() == count + 1)

        let mustChange = try run(["request", "list"], as: "erin", passphrase: Self.initialPassphrase)
        #expect(mustChange.status == 77)
        #expect(
            mustChange.stderr.contains("must change the passphrase")
                && mustChange.stderr.contains("operator change-passphrase"))
        let changed = try run(
            ["operator", "change-passphrase"], as: "erin", passphrase: Self.initialPassphrase,
            then: [Self.erinsPassphrase])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try run(["request", "list"], as: "erin", passphrase: Self.initialPassphrase).status == 77)
        #expect(try run(["request", "list"], as: "erin", passphrase: Self.erinsPassphrase).status == 0)
        // The form's e-mail field is the account's contact address.
        let erin = try run(["operator", "show", "erin", "--json"], as: "erin", passphrase: Self.erinsPassphrase)
        #expect(try erin.json["email"] as? String == "erin@example.org")

        let credentials = try run(["credential", "list", "--json"]).json["credentials"] as? [[String: Any]]
        let ra = try #require(credentials?.first { $0["kind"] as? String == "ra" })
        #expect((ra["holder"] as? [String: Any])?["operator"] as? Int != nil)
        #expect(ra["scopes"] as? [String] == ["ra-personnel"])

        // The passphrase is in no event, and nowhere but its hash.
        let registry = try DatabaseQueue(path: ratui.registryPath)
        let leaks = try registry.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM audit_event WHERE details LIKE ? OR details LIKE ?",
                arguments: ["%\(Self.initialPassphrase)%", "%\(Self.erinsPassphrase)%"])
        }
        #expect(leaks == 0)
        #expect(try run(["audit", "verify"]).status == 0)

        // The same name again: the automatic check waits on it.
        let again = try run(["request", "new", "ra-credential", form, "--json"])
        #expect(try pendingCodes(again) == ["operator.name-taken"])
    }

    @Test(
        "hostile input: an override reason with escape sequences or too long, an account name with invisible characters"
    )
    func hostileInput() throws {
        try ratui.bootstrap()
        let five = try policyFolder("five", idleLockMinutes: 5)
        for reason in ["\u{1B}[2J wiped", "   ", String(repeating: "x", count: 2001), "reason\u{202E}"] {
            let refused = try run(["policy", "apply", "--sole-manager-override", "--reason", reason, five])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("override needs a reason"))
            #expect(!refused.stderr.contains("\u{1B}"))
        }
        #expect(try policyVersion() == 1)
        #expect(try add("bob", role: "ra-manager").status == 0)
        for name in ["erin\u{202E}", "1erin", "er in", String(repeating: "e", count: 65)] {
            let form = try ratui.write(
                "ra.json",
                Self.raCredential.replacingOccurrences(
                    of: #""operatorName": "erin""#, with: "\"operatorName\": \"\(name)\""))
            let entered = try run(["request", "new", "ra-credential", form, "--json"])
            #expect(entered.status == 0 || entered.status == 65, "\(entered.stderr)")
            if entered.status == 0 {
                #expect(try entered.json["state"] as? String == "submitted", "\(name) must not pass the account check")
                #expect(try pendingCodes(entered) == ["operator.name"])
            }
        }
        // An address the form's format lets through but that is not one plain address waits on the check.
        for email in ["<erin@example.org>", "erin,mallory@example.org", "erin@exa_mple.org"] {
            let form = try ratui.write(
                "ra.json",
                Self.raCredential.replacingOccurrences(of: "erin@example.org", with: email))
            let entered = try run(["request", "new", "ra-credential", form, "--json"])
            #expect(entered.status == 0, "\(entered.stderr)")
            #expect(try pendingCodes(entered) == ["operator.email"])
        }
        let roles = try ratui.write(
            "ra-roles.json", Self.raCredential.replacingOccurrences(of: #"["ra-personnel"]"#, with: #"["wizard"]"#))
        #expect(try run(["request", "new", "ra-credential", roles]).status == 65, "not one of the form's options")
    }

    /// The built-in policy exported to a folder, with `idleLockMinutes` set to `minutes`.
    func policyFolder(_ name: String, idleLockMinutes minutes: Int) throws -> String {
        let folder = ratui.folder.appending(path: name).path
        #expect(try ratui.run(["policy", "export", "--built-in", folder] + db).status == 0)
        let rules = URL(fileURLWithPath: folder).appending(path: "rules.json")
        let text = try String(contentsOf: rules, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""idleLockMinutes": 10"#, with: "\"idleLockMinutes\": \(minutes)")
        precondition(edited != text)
        try Data(edited.utf8).write(to: rules)
        return folder
    }

    func policyVersion() throws -> Int {
        try ratui.run(["policy", "show", "--json"] + db).json["version"] as? Int ?? -1
    }

    @Test(
        "a policy change: a sole ra-manager applies only with the audited override; with two, one proposes and the other approves"
    )
    func policyChange() throws {
        try ratui.bootstrap()
        let five = try policyFolder("five", idleLockMinutes: 5)
        let alone = try run(["policy", "apply", five])
        #expect(alone.status == 77)
        #expect(alone.stderr.contains("needs a second person") && alone.stderr.contains("--sole-manager-override"))
        #expect(try policyVersion() == 1)
        let reason = "Only ra-manager until the deputy starts on Monday"
        let overridden = try run(["policy", "apply", "--sole-manager-override", "--reason", reason, five, "--json"])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(try policyVersion() == 2)
        let events =
            try run(["audit", "list", "--json", "--action", "policy.applied"]).json["events"] as? [[String: Any]]
        let override = (events?.last?["details"] as? [String: Any])?["override"] as? [String: Any]
        #expect(override?["reason"] as? String == reason)
        #expect(override?["soleManager"] as? String == "alice")

        #expect(try add("bob", role: "ra-manager").status == 0)
        let seven = try policyFolder("seven", idleLockMinutes: 7)
        let refused = try run(["policy", "apply", "--sole-manager-override", "--reason", reason, seven])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("override is refused"))
        #expect(try policyVersion() == 2)

        let proposed = try run(["policy", "propose", "--summary", "Idle lock after 7 minutes", seven, "--json"])
        #expect(proposed.status == 0, "\(proposed.stderr)")
        #expect(try proposed.json["state"] as? String == "proposed")
        let changes = (try proposed.json["proposal"] as? [String: Any])?["changes"] as? [[String: Any]]
        #expect(changes?.map { $0["pointer"] as? String } == ["/signIn/idleLockMinutes"])
        let id = try #require(try proposed.json["id"] as? Int)
        #expect(
            try run(["request", "show", "\(id)"], as: "bob").stdout.contains(
                "rules.json /signIn/idleLockMinutes: 5 -> 7"))
        #expect(try run(["request", "act", "\(id)", "approve"]).status == 77, "nobody approves their own proposal")
        #expect(try run(["request", "act", "\(id)", "apply"]).status == 65, "not approved yet")
        #expect(try policyVersion() == 2)
        #expect(try run(["request", "act", "\(id)", "approve"], as: "bob").status == 0)
        let applied = try run(["request", "act", "\(id)", "apply", "--json"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try applied.json["state"] as? String == "applied")
        #expect(try policyVersion() == 3)
        let last =
            try run(["audit", "list", "--json", "--action", "policy.applied"]).json["events"] as? [[String: Any]]
        #expect((last?.last?["details"] as? [String: Any])?["request"] as? Int == id)
        #expect(try run(["audit", "verify"]).status == 0)

        // A proposal made against a version no longer in force is not applied.
        let eight = try policyFolder("eight", idleLockMinutes: 8)
        let stale = try #require(
            try run(["policy", "propose", "--summary", "8", eight, "--json"], as: "bob").json["id"] as? Int)
        let nine = try policyFolder("nine", idleLockMinutes: 9)
        let newer = try #require(
            try run(["policy", "propose", "--summary", "9", nine, "--json"], as: "bob").json["id"] as? Int)
        #expect(try run(["request", "act", "\(stale)", "approve"]).status == 0)
        #expect(try run(["request", "act", "\(newer)", "approve"]).status == 0)
        #expect(try run(["request", "act", "\(newer)", "apply"], as: "bob").status == 0)
        let outdated = try run(["request", "act", "\(stale)", "apply"], as: "bob")
        #expect(outdated.status == 65)
        #expect(outdated.stderr.contains("proposed against policy version 3"))
        #expect(try policyVersion() == 4)
    }
}
