import Foundation
import GRDB
import RAPPModel
import Testing

/// The built `ratui` binary in a real terminal (tmux): an A1 form entered by keys, and the
/// terminal given back sane after a normal exit and after a crash.
@Suite(.serialized)
final class TmuxEndToEndTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "ratui-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var database: String { folder.appending(path: "registry.sqlite").path }
    var sttyFile: String { folder.appending(path: "stty.txt").path }

    static let operatorName = "tester"
    static let passphrase = "correct horse battery staple"

    /// Runs a ratui subcommand with the operator's passphrase on stdin (for --passphrase-stdin).
    func runWithPassphrase(_ arguments: [String], passphrase: String) throws -> (status: Int32, output: String) {
        try runRatui(arguments, stdin: [passphrase])
    }

    /// Creates the registry's first ra-manager from the command line, as a new site would.
    func createOperator() throws {
        let result = try runWithPassphrase(
            ["operator", "bootstrap", "--name", Self.operatorName, "--passphrase-stdin", "--db", database],
            passphrase: Self.passphrase)
        guard result.status == 0 else { throw TestFailure("bootstrap failed: \(result.output)") }
    }

    /// Signs in as the registry's first ra-manager, as a person types, and waits for Home.
    func signIn(_ tmux: Tmux) throws {
        try tmux.signIn(as: Self.operatorName, passphrase: Self.passphrase)
    }

    /// A shell command line: ratui in the terminal, then its exit status and the terminal's
    /// settings saved for the test, then the shell waits to be killed.
    func command(_ environment: String = "", arguments: String = "") -> String {
        "env TERM=tmux-256color LANG=C.UTF-8 LC_ALL= LC_CTYPE= SWIFT_BACKTRACE=enable=no \(environment) \(Tmux.ratui.path) --db \(database) \(arguments); "
            + "echo \"ratui-exit=$?\"; stty -a > \(sttyFile); echo settings-saved; exec sleep 600"
    }

    /// Checks the terminal after ratui ended: line editing and echo back on, primary screen.
    func expectSaneTerminal(_ tmux: Tmux) throws {
        try tmux.waitFor("settings-saved")
        let settings = try String(contentsOfFile: sttyFile, encoding: .utf8)
        let flags = Set(settings.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(flags.contains(flag), "terminal flag \(flag) is not restored: \(settings)")
        }
        #expect(try !tmux.alternateScreenOn())
    }

    @Test func anA1FormWithAConflictIsFixedAndStored() throws {
        let form = folder.appending(path: "existing.json")
        try Data(
            """
            {"form": "A1", "organisation": {"legalName": "Existing Supply Ltd", "companyNumber": "01234567",
             "registeredAddress": "1 High Street", "secPartyId": "SECP-1", "contactName": "Jo Bloggs",
             "contactEmail": "jo@example.org", "contactPhone": "+44 113 496 0000", "sroName": "Sam Smith",
             "sroJobTitle": "Director", "sroEmail": "sam@example.org", "sroPhone": "+44 113 496 0001",
             "dateSigned": "2026-11-20"},
             "userRoleRanges": [{"role": "import-supplier", "first": "90-B3-D5-10-00-00-00-00", "last": "90-B3-D5-10-FF-FF-FF-FF"}]}
            """.utf8
        ).write(to: form)
        try Tmux.requireTools()
        try createOperator()
        let submitted = try runWithPassphrase(
            ["org", "submit", "--db", database, "--operator", Self.operatorName, "--passphrase-stdin", form.path],
            passphrase: Self.passphrase)
        #expect(submitted.status == 0, "\(submitted.output)")

        let tmux = try Tmux(command: command())
        try signIn(tmux)
        try tmux.keys("n")
        try tmux.waitFor("New organisation: A1 form")
        for value in [
            "Newcomer Energy Ltd", "SC123456", "1 Dock Road", "SECP-77", "Ann Lee", "ann@newcomer.example",
            "+44 20 7946 0001", "Raj Patel", "Director", "raj@newcomer.example", "+44 20 7946 0002", "2026-11-20",
        ] {
            try tmux.type(value)
            try tmux.keys("Tab")
        }
        try tmux.keys("Enter")
        try tmux.waitFor("User Role for row 1")
        try tmux.keys("Enter", "Tab")
        try tmux.type("90-B3-D5-10-80-00-00-00")
        try tmux.keys("Tab")
        try tmux.type("90-B3-D5-11-00-00-00-00")
        try tmux.keys("C-s")
        // The conflict names the organisation whose range it overlaps.
        try tmux.waitFor(all: ["range.overlaps-organisation", "Existing Supply Ltd"])

        try tmux.keys("C-u")
        try tmux.type("90-B3-D5-11-00-00-00-00")
        try tmux.keys("Tab", "C-u")
        try tmux.type("90-B3-D5-11-FF-FF-FF-FF")
        try tmux.keys("C-s")
        try tmux.waitFor("Store this form?")
        try tmux.keys("Tab", "Enter")
        try tmux.waitFor("Stored organisation 2, version 1")
        try tmux.keys("Escape")
        try tmux.waitFor("Register a new organisation")
        try tmux.keys("q")
        try tmux.waitFor("ratui-exit=0")
        try expectSaneTerminal(tmux)

        let shown = try runRatui(["org", "show", "2", "--json", "--db", database])
        #expect(shown.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
        #expect(json["name"] as? String == "Newcomer Energy Ltd")
        let ranges = try #require(json["userRoleRanges"] as? [[String: Any]])
        #expect(ranges.count == 1)
        #expect(ranges.first?["role"] as? String == "import-supplier")
        #expect(ranges.first?["first"] as? String == "90-B3-D5-11-00-00-00-00")
        #expect(ranges.first?["last"] as? String == "90-B3-D5-11-FF-FF-FF-FF")
    }

    @Test func theTerminalIsRestoredAfterACrash() throws {
        try createOperator()
        let tmux = try Tmux(command: command("RATUI_TEST_CRASH=1"))
        try signIn(tmux)
        try tmux.keys("n")
        try tmux.waitFor("New organisation: A1 form")
        try tmux.keys("F12")
        let screen = try tmux.waitFor("ratui-exit=")
        #expect(!screen.contains("ratui-exit=0"), "a forced crash must not exit 0")
        try expectSaneTerminal(tmux)
    }

    @Test func theTerminalIsRestoredAfterSIGTERM() throws {
        try createOperator()
        let tmux = try Tmux(command: command())
        try signIn(tmux)
        let pid = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        // The pane's shell runs ratui as its child: signal that child.
        let children = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
            .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let child = try #require(children.first)
        kill(child, SIGTERM)
        try tmux.waitFor("ratui-exit=143")
        try expectSaneTerminal(tmux)
    }

    @Test func withoutATerminalItSaysSoAndExits64() throws {
        try Tmux.requireTools()
        let result = try runRatui(["--db", database])
        #expect(result.status == 64)
        #expect(result.output.contains("is not a terminal"))
        // The subcommands still work in scripts.
        #expect(try runRatui(["init", "--db", database]).status == 0)
    }
}

extension TmuxEndToEndTests {
    @Test func aTerminalWithoutUTF8GetsPlainDrawingByItself() throws {
        try createOperator()
        for environment in ["LANG=C", "TERM=vt100"] {
            let tmux = try Tmux(command: command(environment))
            let screen = try tmux.waitFor("Sign in with your operator name")
            #expect(screen.contains("ratui: Sign in"), "plain title with \(environment)")
            #expect(!screen.contains("│"), "no box drawing with \(environment)")
            try tmux.keys("C-c")
            try tmux.waitFor("ratui-exit=0")
        }
    }

    @Test func anUnknownTerminalTypeGivesAMessageAndExit64() throws {
        let tmux = try Tmux(
            command:
                "env TERM=no-such-terminal \(Tmux.ratui.path) --db \(database); echo \"ratui-exit=$?\"; exec sleep 600")
        let screen = try tmux.waitFor("ratui-exit=")
        #expect(screen.contains("ratui-exit=64"))
        #expect(screen.contains("TERM=no-such-terminal is not known"))
    }

    /// Stores an A1 form this build cannot decode as the policy in force, with the policy's hash
    /// made to match, as a registry written by another build (or by hand) might hold: the rules
    /// still load, the whole policy does not.
    func storeUndecodableForm() throws {
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER policy_file_no_update")
            try db.execute(sql: "DROP TRIGGER policy_version_no_update")
            let version = try Int64.fetchOne(db, sql: "SELECT max(version) FROM policy_version")!
            try db.execute(
                sql:
                    "UPDATE policy_file SET content = ? WHERE version = ? AND path = 'A1-organisation-information.json'",
                arguments: [Data(#"{"kind": "form", "id": "A1"}"#.utf8), version])
            let rows = try Row.fetchAll(
                db, sql: "SELECT path, content FROM policy_file WHERE version = ?", arguments: [version])
            let files = PolicyFiles(
                Dictionary(uniqueKeysWithValues: rows.map { ($0["path"] as String, $0["content"] as Data) }))
            try db.execute(
                sql: "UPDATE policy_version SET hash = ? WHERE version = ?", arguments: [files.hash, version])
        }
        try queue.close()
    }

    @Test func aPolicyWhoseFormsCannotBeReadStopsTheInterfaceBeforeSignInAsTheCommandLineDoes() throws {
        try createOperator()
        try storeUndecodableForm()
        // A command that reads the whole policy refuses it: the interface says the same, in the
        // same words and with the same exit status, once the terminal is given back.
        let refused = try runRatui(["forms", "list", "--db", database])
        #expect(refused.status != 0)
        #expect(refused.output.contains("registry.policy"), "\(refused.output)")
        let line = try #require(refused.output.split(separator: "\n").first.map(String.init))
        let tmux = try Tmux(command: command(), width: 400)
        let screen = try tmux.waitFor("ratui-exit=")
        #expect(screen.contains("ratui-exit=\(refused.status)"), "\(screen)")
        #expect(screen.contains(line), "\(screen)")
        #expect(!screen.contains("Sign in with your operator name"))
        try expectSaneTerminal(tmux)
    }

    @Test func theFirstFrameIsDrawnWithThePolicysRulesAlone() throws {
        try createOperator()
        try storeUndecodableForm()
        // RATUI_BENCHMARK_FIRST_FRAME quits once the first frame is drawn: it is drawn, and the
        // program ends normally, although the forms of this policy cannot be read.
        let tmux = try Tmux(command: command("RATUI_BENCHMARK_FIRST_FRAME=1"), width: 400)
        let screen = try tmux.waitFor("ratui-exit=")
        #expect(screen.contains("ratui-exit=0"), "\(screen)")
        #expect(!screen.contains("registry.policy"))
        try expectSaneTerminal(tmux)
    }

    @Test func aNewRegistryOffersToCreateTheFirstManagerThenSignsIn() throws {
        let tmux = try Tmux(command: command())
        try tmux.waitFor("This registry has no operators yet")
        try tmux.type("first.manager")
        try tmux.keys("Tab")
        try tmux.type("short")
        try tmux.keys("Tab")
        try tmux.type("short")
        try tmux.keys("Enter")
        try tmux.waitFor("at least 12 characters")
        try tmux.type(Self.passphrase)
        try tmux.keys("Tab")
        try tmux.type(Self.passphrase)
        try tmux.keys("Enter")
        let home = try tmux.waitFor("Register a new organisation")
        #expect(home.contains("first.manager (SMKI RA Manager)"))
        try tmux.keys("q")
        try tmux.waitFor("ratui-exit=0")
        // The account is real: it signs in from the command line, and the audit trail has it.
        let head = try runWithPassphrase(
            ["audit", "list", "--db", database, "--operator", "first.manager", "--passphrase-stdin"],
            passphrase: Self.passphrase)
        #expect(head.status == 0)
        #expect(head.output.contains("operator.bootstrapped"))
    }

    @Test func theSignInScreenOpensWhileAnotherProcessHoldsTheWriteLockAndSignInFollowsItsRelease() throws {
        try createOperator()
        // Another process's write transaction holds the lock while ratui starts.
        let other = try DatabaseQueue(path: database)
        let held = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let ended = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.inTransaction(.immediate) { _ in
                held.signal()
                released.wait()
                return .commit
            }
            ended.signal()
        }
        held.wait()
        let tmux = try Tmux(command: command())
        // Opening needs no write: the screen is up long before the 30-second busy timeout.
        try tmux.waitFor("Sign in with your operator name", timeout: 10)
        released.signal()
        ended.wait()
        try other.close()
        try signIn(tmux)
        try tmux.keys("q")
        try tmux.waitFor("ratui-exit=0")
    }

    @Test func aWrongPassphraseIsRefusedInTheSameWordsAsTheCommandLine() throws {
        try createOperator()
        let tmux = try Tmux(command: command())
        try tmux.waitFor("Sign in with your operator name")
        try tmux.type(Self.operatorName)
        try tmux.keys("Tab")
        try tmux.type("not the passphrase at all")
        try tmux.keys("Enter")
        try tmux.waitFor("Sign-in failed")
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")
    }

    @Test func aDemoEndedByAHangUpLeavesNoRegistryBehind() throws {
        let tmux = try Tmux(
            command:
                "env TERM=tmux-256color LANG=C.UTF-8 TMPDIR=\(folder.path) \(Tmux.ratui.path) demo; echo \"ratui-exit=$?\"; exec sleep 600"
        )
        try tmux.waitFor("Organisations registered:   20")
        let pid = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
            .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let child = try #require(children.first)
        let demo = folder.appending(path: "ratui-demo-\(child)")
        #expect(FileManager.default.fileExists(atPath: demo.path), "the demo's registry is where the test looks")
        kill(child, SIGHUP)
        try tmux.waitFor("ratui-exit=129")
        #expect(
            !FileManager.default.fileExists(atPath: demo.path),
            "left behind: \((try? FileManager.default.contentsOfDirectory(atPath: demo.path)) ?? [])")
    }

    @Test func theDemoOpensOnSampleOrganisations() throws {
        let tmux = try Tmux(
            command:
                "env TERM=tmux-256color LANG=C.UTF-8 LC_ALL= LC_CTYPE= \(Tmux.ratui.path) demo; echo \"ratui-exit=$?\"; exec sleep 600"
        )
        try tmux.waitFor("Organisations registered:   20")
        try tmux.keys("o")
        try tmux.waitFor("Northwind Energy Supply Ltd")
        try tmux.keys("q", "q")
        try tmux.waitFor("ratui-exit=0")
    }
}

extension TmuxEndToEndTests {
    @Test func aResizeMidEditKeepsWhatWasTyped() throws {
        try createOperator()
        let tmux = try Tmux(command: command())
        try signIn(tmux)
        try tmux.keys("n")
        try tmux.waitFor("New organisation: A1 form")
        try tmux.type("Resized Ltd")
        try tmux.waitFor("Resized Ltd")
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "70", "-y", "20"])
        try tmux.waitFor("Terminal too small")
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "132", "-y", "43"])
        try tmux.waitFor("Range map")
        try tmux.type(" & Co")
        try tmux.waitFor("Resized Ltd & Co")
    }
}
