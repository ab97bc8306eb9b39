import Foundation
import Testing

/// The built binary in tmux, as an RA Manager: managing operators, locking and signing out,
/// searching and exporting the audit trail, and another operator's change appearing by itself.
extension TmuxEndToEndTests {
    /// Adds an operator from the command line, as the bootstrap manager.
    func addOperator(_ name: String, role: String) throws {
        let result = try runRatui(
            [
                "operator", "add", name, "--role", role, "--db", database, "--operator", Self.operatorName,
                "--passphrase-stdin",
            ], stdin: [Self.passphrase, "another long passphrase"])
        guard result.status == 0 else { throw TestFailure("operator add failed: \(result.output)") }
    }

    @Test func aManagerDisablesAnOperatorThenLocksAndSignsOut() throws {
        try Tmux.requireTools()
        try createOperator()
        try addOperator("alice", role: "ra-personnel")
        let tmux = try Tmux(command: command())
        try signIn(tmux)
        try tmux.keys("m")
        let list = try tmux.waitFor("New operators: an RA credential request")
        #expect(list.contains("alice"))
        #expect(list.contains("SMKI RA Personnel") || list.contains("ra-personnel"))
        try tmux.keys("Home", "d")
        try tmux.waitFor("Disable alice?")
        try tmux.keys("d")
        try tmux.waitFor("Disabled alice.")
        // Yourself: refused in the command line's words.
        try tmux.keys("End", "d")
        try tmux.waitFor("Disable tester?")
        try tmux.keys("d")
        try tmux.waitFor("access.self-change")
        // Lock now, unlock, then sign out.
        try tmux.keys("F4")
        try tmux.waitFor("Locked. Unsaved work is kept.")
        try tmux.type(Self.passphrase)
        try tmux.keys("Enter")
        try tmux.waitFor("Unlocked. Welcome back")
        try tmux.keys("C-o")
        try tmux.waitFor("Sign in with your operator name")
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")
        let listed = try runWithPassphrase(
            ["operator", "list", "--db", database, "--operator", Self.operatorName, "--passphrase-stdin"],
            passphrase: Self.passphrase)
        #expect(
            listed.output.contains("alice\tSMKI RA Personnel\tdisabled")
                || listed.output.contains("alice") && listed.output.contains("disabled"))
    }

    @Test func theAuditTrailIsSearchedReadWholeAndExported() throws {
        try Tmux.requireTools()
        try createOperator()
        let tmux = try Tmux(command: command())
        try signIn(tmux)
        try tmux.keys("t")
        try tmux.waitFor("matching")
        try tmux.keys("/")
        try tmux.type("BOOTSTRAP")
        try tmux.keys("Enter")
        let found = try tmux.waitFor("1 matching")
        #expect(found.contains("operator.bootstrapped"))
        try tmux.keys("Enter")
        let details = try tmux.waitFor("Details")
        #expect(details.contains("Audit event 2"))
        try tmux.keys("Escape", "x")
        try tmux.waitFor("New file:")
        let export = folder.appending(path: "bootstrap.jsonl").path
        try tmux.type(export)
        try tmux.keys("Enter")
        try tmux.waitFor("Exported 1 event")
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"action\":\"operator.bootstrapped\"") == true)
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")
    }

    @Test func anOrganisationStoredByAnotherProcessAppearsWithoutAKey() throws {
        try Tmux.requireTools()
        try createOperator()
        let tmux = try Tmux(command: command())
        try signIn(tmux)
        try tmux.keys("o")
        try tmux.waitFor("No organisations registered yet")
        let form = folder.appending(path: "meanwhile.json")
        try Data(
            """
            {"form": "A1", "organisation": {"legalName": "Meanwhile Energy Ltd", "companyNumber": "01234567",
             "registeredAddress": "1 High Street", "secPartyId": "SECP-1", "contactName": "Jo Bloggs",
             "contactEmail": "jo@example.org", "contactPhone": "+44 113 496 0000", "sroName": "Sam Smith",
             "sroJobTitle": "Director", "sroEmail": "sam@example.org", "sroPhone": "+44 113 496 0001",
             "dateSigned": "2026-11-20"},
             "userRoleRanges": [{"role": "import-supplier", "first": "90-B3-D5-10-00-00-00-00", "last": "90-B3-D5-10-FF-FF-FF-FF"}]}
            """.utf8
        ).write(to: form)
        let submitted = try runWithPassphrase(
            ["org", "submit", "--db", database, "--operator", Self.operatorName, "--passphrase-stdin", form.path],
            passphrase: Self.passphrase)
        #expect(submitted.status == 0, "\(submitted.output)")
        // No key pressed: the idle tick reads the data version and the list again.
        let screen = try tmux.waitFor("Meanwhile Energy Ltd", timeout: 10)
        #expect(screen.contains("1 of 1"))
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")
    }
}
