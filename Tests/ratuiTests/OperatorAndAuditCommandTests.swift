import Foundation
import GRDB
import Testing

/// Operators, sign-in and the audit trail through the `ratui` binary.
@Suite("Operator and audit commands")
struct OperatorAndAuditCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var asAlice: [String] { db + ratui.signIn }

    /// Runs as another operator, with their passphrase (and any further lines) on stdin.
    func run(
        _ arguments: [String], as name: String, passphrase: String = RatuiProcess.passphrase, then more: [String] = []
    ) throws -> RatuiProcess.Result {
        try ratui.run(
            arguments + db + ["--operator", name, "--passphrase-stdin"],
            stdin: Data(([passphrase] + more).map { $0 + "\n" }.joined().utf8))
    }

    func form(_ name: String, _ first: String, _ last: String) throws -> String {
        try ratui.write("\(name).json", RatuiProcess.form(name: name, [("other-user", first, last)]))
    }

    @Test("bootstrap creates the first ra-manager once; later attempts are refused")
    func bootstrap() throws {
        let first = try ratui.bootstrap()
        #expect(first.stdout.contains("alice"))
        let again = try ratui.run(["operator", "bootstrap", "--name", "mallory", "--passphrase-stdin"] + db)
        #expect(again.status == 65)
        #expect(again.stderr.contains("already exist"))
        let short = try RatuiProcess().run(
            ["operator", "bootstrap", "--name", "x", "--passphrase-stdin"], stdin: Data("too short\n".utf8))
        #expect(short.status == 65)
        #expect(short.stderr.contains("at least 12"))
    }

    @Test("changing data needs --operator; a wrong passphrase exits 77 without saying which part was wrong")
    func signInRequired() throws {
        try ratui.bootstrap()
        let file = try form("A", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")
        #expect(try ratui.run(["org", "submit", file] + db).status == 64)
        let wrong = try run(["org", "submit", file], as: "alice", passphrase: "not alice's passphrase")
        let unknown = try run(["org", "submit", file], as: "nobody")
        #expect(wrong.status == 77 && unknown.status == 77)
        #expect(wrong.stderr == unknown.stderr)
        #expect((try ratui.run(["org", "list", "--json"] + db).json["organisations"] as? [Any])?.isEmpty == true)
        #expect(try ratui.run(["org", "submit", file] + asAlice, stdin: Data()).status == 64, "no passphrase on stdin")
    }

    @Test("an ra-manager manages operators; others get exit 77; nobody changes their own roles")
    func management() throws {
        try ratui.bootstrap()
        let add = try run(
            ["operator", "add", "--role", "ra-personnel", "--json", "bob"], as: "alice", then: ["bob's own passphrase"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try add.json["roles"] as? [String] == ["ra-personnel"])
        #expect(
            try run(
                ["operator", "add", "--role", "auditor", "carol"], as: "bob", passphrase: "bob's own passphrase",
                then: ["carol's passphrase"]
            ).status == 77)
        #expect(try run(["operator", "list"], as: "bob", passphrase: "bob's own passphrase").status == 77)
        let own = try run(["operator", "set-roles", "--role", "auditor", "alice"], as: "alice")
        #expect(own.status == 77)
        #expect(own.stderr.contains("own account"))
        #expect(try run(["operator", "set-roles", "--role", "auditor", "bob"], as: "alice").status == 0)
        #expect(try run(["operator", "disable", "bob"], as: "alice").status == 0)
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's own passphrase").status == 77)
        #expect(try run(["operator", "enable", "bob"], as: "alice").status == 0)
        #expect(
            try run(["operator", "reset-passphrase", "bob"], as: "alice", then: ["bob's second phrase"]).status == 0)
        // A passphrase alice typed: bob must change it before anything else.
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's second phrase").status == 77)
        #expect(
            try run(
                ["operator", "change-passphrase"], as: "bob", passphrase: "bob's second phrase",
                then: ["bob's third phrase!"]
            ).status == 0)
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's third phrase!").status == 0)
        let list = try run(["operator", "list", "--json"], as: "alice")
        let names = (try list.json["operators"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["alice", "bob"])
        #expect(try run(["operator", "disable", "nobody"], as: "alice").status == 65)
        #expect(
            try run(["operator", "add", "--role", "wizard", "dave"], as: "alice", then: ["dave's passphrase"]).status
                == 65)
    }

    @Test("five wrong passphrases lock an account; an ra-manager unlocks it")
    func lockout() throws {
        try ratui.bootstrap()
        #expect(
            try run(["operator", "add", "--role", "auditor", "bob"], as: "alice", then: ["bob's own passphrase"]).status
                == 0)
        for _ in 0..<5 { #expect(try run(["audit", "head"], as: "bob", passphrase: "guessing wrongly").status == 77) }
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's own passphrase").status == 77, "locked")
        let listed = try run(["operator", "list", "--json"], as: "alice")
        let bob = (try listed.json["operators"] as? [[String: Any]])?.first { $0["name"] as? String == "bob" }
        #expect(bob?["lockedUntil"] is String)
        #expect(try run(["operator", "unlock", "bob"], as: "alice").status == 0)
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's own passphrase").status == 0)
        let locked = try run(["audit", "list", "--json", "--action", "operator.locked"], as: "alice")
        #expect((try locked.json["events"] as? [Any])?.count == 1)
    }

    @Test("forty processes guessing at once, the right passphrase among them, lock an account once; the trail verifies")
    func parallelGuessing() throws {
        try ratui.bootstrap()
        #expect(
            try run(["operator", "add", "--role", "auditor", "bob"], as: "alice", then: ["bob's own passphrase"]).status
                == 0)
        var passphrases = (0..<40).map { "guess number \($0)" }
        passphrases.insert("bob's own passphrase", at: 20)
        let running = try passphrases.map { passphrase in
            try ratui.launch(
                ["audit", "head", "--operator", "bob", "--passphrase-stdin"] + db, stdin: Data((passphrase + "\n").utf8)
            )
        }
        let results = running.map { $0.wait() }
        let signedIn = results[20].status == 0
        #expect(results.enumerated().allSatisfy { $0.offset == 20 || $0.element.status == 77 })
        #expect(results.allSatisfy { $0.status == 0 || $0.status == 77 }, "\(results.map(\.stderr))")

        let listed = try run(["audit", "list", "--json", "--record", "operator/2"], as: "alice")
        let events = (try listed.json["events"] as? [[String: Any]]) ?? []
        let trail = events.compactMap { event -> String? in
            if event["action"] as? String == "operator.locked" { return "locked" }
            return event["action"] as? String == "sign-in.failed"
                ? (event["details"] as? [String: Any])?["reason"] as? String : nil
        }
        // One lock; before it only wrong passphrases (5, or up to 9 if bob got in and cleared the
        // count), after it only refusals of the locked account, the right passphrase's among them
        // if it came too late.
        let lock = trail.firstIndex(of: "locked") ?? trail.endIndex
        #expect(trail.filter { $0 == "locked" }.count == 1, "\(trail)")
        #expect((signedIn ? 5...9 : 5...5).contains(lock), "\(trail)")
        #expect(
            trail[..<lock].allSatisfy { $0 == "wrong passphrase" }
                && trail[lock...].dropFirst().allSatisfy { $0 == "account locked" }, "\(trail)")
        #expect(trail.count == (signedIn ? 41 : 42), "\(trail)")

        #expect(try run(["audit", "verify"], as: "alice").status == 0)
        #expect(try run(["audit", "head"], as: "bob", passphrase: "bob's own passphrase").status == 77, "still locked")
    }

    @Test("audit verify, head, list and export; a tampered file is caught, a truncated one with --expect-head")
    func audit() throws {
        try ratui.bootstrap()
        #expect(
            try ratui.run(
                ["org", "submit", try form("A", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")] + asAlice
            ).status == 0)
        #expect(
            try ratui.run(
                ["org", "submit", try form("B", "00-00-00-00-00-00-01-00", "00-00-00-00-00-00-01-FF")] + asAlice
            ).status == 0)
        let head = try ratui.run(["audit", "head"] + asAlice).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.count == 64)
        let verify = try ratui.run(["audit", "verify", "--json", "--expect-head", head] + asAlice)
        #expect(verify.status == 0)
        #expect(try verify.json["count"] as? Int == 4)
        #expect(try verify.json["head"] as? String == head)

        let jsonl = try ratui.run(
            ["audit", "export", "--format", "jsonl", "--action", "organisation.submitted"] + asAlice)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        let csv = try ratui.run(["audit", "export", "--format", "csv", "--record", "organisation/2"] + asAlice)
        #expect(csv.stdout.hasPrefix("sequence,recorded_at,operator,action,record,details,previous_hash,hash\r\n4,"))
        #expect(try ratui.run(["audit", "list", "--since", "yesterday"] + asAlice).status == 64)
        #expect(
            try ratui.run(["audit", "list", "--since", "2000-01-01", "--until", "2999-12-31T23:59:59Z"] + asAlice)
                .stdout.split(separator: "\n").count == 4)

        // An attacker with file access: drop the triggers, edit an event.
        let queue = try DatabaseQueue(path: ratui.registryPath)
        try queue.write { db in
            try db.execute(
                sql:
                    "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET operator = 'mallory' WHERE sequence = 3"
            )
        }
        try queue.close()
        let tampered = try ratui.run(["audit", "verify"] + asAlice)
        #expect(tampered.status == 65)
        #expect(tampered.stdout.contains("BROKEN at event 3"))

        // Another registry: cut the tail off. The data the cut event recorded is no longer
        // accounted for; --expect-head says the trail was cut.
        let other = RatuiProcess()
        try other.bootstrap()
        let otherDB = ["--db", other.registryPath]
        #expect(
            try other.run(
                [
                    "org", "submit",
                    try other.write(
                        "c.json",
                        RatuiProcess.form(
                            name: "C", [("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF")])),
                ] + otherDB + other.signIn
            ).status == 0)
        let recorded = try other.run(["audit", "head"] + otherDB + other.signIn).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let attacker = try DatabaseQueue(path: other.registryPath)
        try attacker.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE sequence = 3")
        }
        try attacker.close()
        let unaccounted = try other.run(["audit", "verify"] + otherDB + other.signIn)
        #expect(unaccounted.status == 65)
        #expect(
            unaccounted.stdout.contains("organisation/1 is in the registry, but no audit event records it"),
            "\(unaccounted.stdout)")
        let cut = try other.run(["audit", "verify", "--expect-head", recorded] + otherDB + other.signIn)
        #expect(cut.status == 65)
        #expect(cut.stdout.contains("cut short"))
    }

    @Test("no passphrase appears in any output or in the registry file")
    func passphrasesNeverShown() throws {
        let secret = "an unmistakable passphrase 2468"
        let boot = try ratui.run(
            ["operator", "bootstrap", "--name", "alice", "--passphrase-stdin"] + db, stdin: Data((secret + "\n").utf8))
        var outputs = [boot.stdout, boot.stderr]
        for arguments in [
            ["operator", "list", "--json"], ["audit", "list", "--json"], ["audit", "export", "--format", "csv"],
            ["audit", "verify"],
        ] {
            let result = try ratui.run(
                arguments + db + ["--operator", "alice", "--passphrase-stdin"], stdin: Data((secret + "\n").utf8))
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        let failed = try ratui.run(
            ["audit", "head"] + db + ["--operator", "alice", "--passphrase-stdin"], stdin: Data((secret + "x\n").utf8))
        outputs += [failed.stdout, failed.stderr]
        #expect(!outputs.contains { $0.contains("unmistakable") })
        #expect(!outputs.contains { $0.contains("pbkdf2") })
        let file = try Data(contentsOf: URL(fileURLWithPath: ratui.registryPath))
        #expect(file.range(of: Data("unmistakable".utf8)) == nil)
    }

    @Test(
        "a contact address: given at bootstrap and add, changed by a manager or its holder, shown in list and show, audited"
    )
    func contactAddress() throws {
        let first = try ratui.run(
            ["operator", "bootstrap", "--name", "alice", "--email", "alice@ra.example.org", "--passphrase-stdin"] + db)
        #expect(first.status == 0, "\(first.stderr)")
        let add = try run(
            ["operator", "add", "--role", "ra-personnel", "--email", "bob@ra.example.org", "--json", "bob"],
            as: "alice", then: ["bob's own passphrase"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try add.json["email"] as? String == "bob@ra.example.org")
        let listed = try run(["operator", "list", "--json"], as: "alice").json["operators"] as? [[String: Any]]
        #expect(listed?.map { $0["email"] as? String } == ["alice@ra.example.org", "bob@ra.example.org"])
        #expect(try run(["operator", "list"], as: "alice").stdout.contains("\tbob@ra.example.org\n"))

        let changed = try run(["operator", "email", "bob", "bob.smith@ra.example.org", "--json"], as: "alice")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try changed.json["email"] as? String == "bob.smith@ra.example.org")
        // bob changes and reads his own, without operator.manage; not alice's.
        let bob = "bob's own passphrase"
        #expect(try run(["operator", "email", "bob", "bob@home.example.org"], as: "bob", passphrase: bob).status == 0)
        let shown = try run(["operator", "show", "bob", "--json"], as: "bob", passphrase: bob)
        #expect(try shown.json["email"] as? String == "bob@home.example.org")
        #expect(
            try run(["operator", "show", "bob"], as: "bob", passphrase: bob).stdout.contains("bob@home.example.org"))
        #expect(try run(["operator", "email", "alice", "x@evil.example"], as: "bob", passphrase: bob).status == 77)
        #expect(try run(["operator", "show", "alice"], as: "bob", passphrase: bob).status == 77)
        let cleared = try run(["operator", "email", "bob", "--clear"], as: "alice")
        #expect(cleared.status == 0 && cleared.stdout.hasSuffix("\tno e-mail\n"), "\(cleared.stdout)")
        #expect(try run(["operator", "email", "bob"], as: "alice").status == 64, "an address or --clear")
        #expect(try run(["operator", "email", "bob", "a@b.org", "--clear"], as: "alice").status == 64)

        let events = try run(["audit", "list", "--json", "--action", "operator.email-changed"], as: "alice")
        #expect((try events.json["events"] as? [Any])?.count == 3)
        #expect(try run(["audit", "verify"], as: "alice").status == 0)
        // An address redirected behind ratui's back is reported.
        let registry = try DatabaseQueue(path: ratui.registryPath)
        try registry.write { db in
            try db.execute(sql: "UPDATE operator SET email = 'mallory@evil.example' WHERE id = 2")
        }
        let verify = try run(["audit", "verify"], as: "alice")
        #expect(verify.status != 0)
        #expect(verify.stdout.contains("operator/2") || verify.stderr.contains("operator/2"))
    }

    @Test("a hostile contact address is refused with operator.email, echoed escaped, and changes nothing")
    func hostileContactAddress() throws {
        try ratui.bootstrap()
        for address in [
            "bob@example.org\r\nBcc: mallory@evil.example", "Bob <bob@example.org>", "bob@example.org, x@evil.example",
            "\"bob\"@example.org", "bob\u{1B}[2J@example.org", String(repeating: "b", count: 300) + "@example.org",
        ] {
            let refused = try ratui.run(["operator", "email", "alice", address] + asAlice)
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("operator.email"))
            #expect(!refused.stderr.contains("\u{1B}") && !refused.stderr.contains("\r"))
            let bootstrap = try RatuiProcess().run(
                ["operator", "bootstrap", "--name", "x", "--email", address, "--passphrase-stdin"])
            #expect(bootstrap.status == 65 && bootstrap.stderr.contains("operator.email"))
        }
        // Invalid UTF-8 in the argument, as a shell passes it.
        let invalid = try ratui.run(
            [
                "-c",
                "printf '%s\\n' \"$1\" | exec \"$0\" operator email alice \"$(printf 'al\\377ice@example.org')\" --db \"$2\" --operator alice --passphrase-stdin",
                RatuiProcess.binary.path, RatuiProcess.passphrase, ratui.registryPath,
            ], binary: URL(fileURLWithPath: "/bin/sh"))
        #expect(invalid.status == 65, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("operator.email"))
        let listed = try ratui.run(["operator", "list", "--json"] + asAlice).json["operators"] as? [[String: Any]]
        #expect(listed?.first?["email"] is NSNull)
        let events = try ratui.run(["audit", "list", "--json", "--action", "operator.email-changed"] + asAlice)
        #expect((try events.json["events"] as? [Any])?.isEmpty == true)
    }
}
