import Foundation
import Testing

/// The traps a new operator fell into, each walked through in a real terminal (tmux): the idle
/// lock, Tab on the last field, an over-long identifier, a role without the permission, and a
/// range row with more than one problem.
@Suite(.serialized)
final class OperatorTrapTests {
    let base: TmuxEndToEndTests

    init() throws { base = try TmuxEndToEndTests() }

    var database: String { base.database }

    /// Adds an operator with one role, from the command line, as the ra-manager.
    func addOperator(_ name: String, role: String) throws {
        let added = try base.runWithPassphrase(
            [
                "operator", "add", "--db", database, "--operator", TmuxEndToEndTests.operatorName, "--passphrase-stdin",
                "--role", role, name,
            ],
            passphrase: "\(TmuxEndToEndTests.passphrase)\n\(TmuxEndToEndTests.passphrase)")
        guard added.status == 0 else { throw TestFailure("operator add failed: \(added.output)") }
    }

    @Test func wrongPassphrasesAtTheIdleLockSayLockedAndUntilWhenAndSigningOutStillWorks() throws {
        try base.createOperator()
        let tmux = try Tmux(command: base.command("RATUI_TEST_IDLE_LOCK_SECONDS=2"))
        try base.signIn(tmux)
        try tmux.keys("n")
        try tmux.type("Half Typed Ltd")
        try tmux.waitFor("Locked after")
        for attempt in 1...5 {
            try tmux.type("wrong words \(attempt)")
            try tmux.keys("Enter")
            if attempt < 5 { try tmux.waitFor("Sign-in failed") }
        }
        try tmux.waitFor("an RA Manager can unlock it sooner")
        let locked = try tmux.capture()
        #expect(locked.contains("Your account is locked until"))
        // The right passphrase cannot open it now; signing out can, after a question.
        try tmux.type(TmuxEndToEndTests.passphrase)
        try tmux.keys("Enter")
        try tmux.waitFor("Your account is locked until")
        try tmux.keys("C-o")
        try tmux.waitFor("Sign out and lose them?")
        try tmux.keys("s")
        try tmux.waitFor("Signed out. Unsaved work was discarded.")
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")
        try base.expectSaneTerminal(tmux)
    }

    @Test func tabOnTheLastFieldStaysAndAnOverLongIdentifierIsKeptAndRefused() throws {
        try base.createOperator()
        let tmux = try Tmux(command: base.command(), width: 132, height: 43)
        try base.signIn(tmux)
        try tmux.keys("n")
        try tmux.waitFor("New organisation: A1 form")
        for _ in 0..<12 { try tmux.keys("Tab") }
        try tmux.keys("Enter")
        try tmux.waitFor("User Role for row 1")
        try tmux.keys("Enter", "Tab")
        try tmux.type("90-B3-D5-1F-30-01-FF-FE-00")
        try tmux.keys("Tab")
        let refused = try tmux.waitFor("eui64.length")
        #expect(refused.contains("90-B3-D5-1F-30-01-FF-FE-00"), "what was typed stays, whole")
        #expect(refused.contains("The first identifier"))
        #expect(!refused.contains("field.required"), "fields passed over untouched are not errors yet")
        // The last field: Tab, Enter and Down stay there; what is typed next lands in it.
        try tmux.keys("Tab", "Enter", "Down")
        try tmux.type("90-B3-D5-1F-30-01-FF-FF")
        let screen = try tmux.waitFor("90-B3-D5-1F-30-01-FF-FF")
        #expect(!screen.contains("Store this form?"))
        #expect(!screen.contains("Checking the form"), "moving never submits or checks the whole form")
        #expect(screen.contains("90-B3-D5-1F-30-01-FF-FE…"), "a value wider than its cell shows it goes on")
        try tmux.keys("C-c")
        try tmux.waitFor("Quit ratui?")
        try tmux.keys("q")
        try tmux.waitFor("ratui-exit=0")
    }

    @Test func anAuditorIsNotOfferedANewOrganisationAndTheKeySaysWhy() throws {
        try base.createOperator()
        try addOperator("reader", role: "auditor")
        let tmux = try Tmux(command: base.command())
        try tmux.signIn(as: "reader", passphrase: TmuxEndToEndTests.passphrase)
        let home = try tmux.capture()
        #expect(home.contains("Register a new organisation (A1 form) (needs organisation.submit)"))
        #expect(!home.contains("n new A1"))
        try tmux.keys("n")
        try tmux.waitFor("Error: You may not register organisations")
        #expect(try !tmux.capture().contains("New organisation: A1 form"))
        try tmux.keys("C-r")
        try tmux.waitFor("which your roles (Auditor (read-only)) do not")
        try tmux.keys("Escape", "t")
        try tmux.waitFor("operator.added")
        try tmux.keys("q", "q")
        try tmux.waitFor("ratui-exit=0")
    }

    @Test func aSecondRowForARoleShowsEveryProblemOfThatRowAtOnce() throws {
        try base.createOperator()
        let form = base.folder.appending(path: "existing.json")
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
        let submitted = try base.runWithPassphrase(
            [
                "org", "submit", "--db", database, "--operator", TmuxEndToEndTests.operatorName, "--passphrase-stdin",
                form.path,
            ],
            passphrase: TmuxEndToEndTests.passphrase)
        #expect(submitted.status == 0, "\(submitted.output)")
        let tmux = try Tmux(command: base.command(), width: 132, height: 43)
        try base.signIn(tmux)
        try tmux.keys("n")
        try tmux.waitFor("New organisation: A1 form")
        for _ in 0..<12 { try tmux.keys("Tab") }
        // Row 1: Import Supplier, clear of everyone. Row 2: Import Supplier again, over Existing's range.
        try tmux.keys("Enter", "Enter", "Tab")
        try tmux.type("90-B3-D5-20-00-00-00-00")
        try tmux.keys("Tab")
        try tmux.type("90-B3-D5-20-00-00-FF-FF")
        try tmux.keys("C-n", "Enter", "Enter", "Tab")
        try tmux.type("90-B3-D5-10-00-00-00-00")
        try tmux.keys("Tab")
        try tmux.type("90-B3-D5-10-00-00-FF-FF")
        try tmux.keys("Tab")
        let screen = try tmux.waitFor("range.overlaps-organisation")
        #expect(screen.contains("range.not-continuous"))
        #expect(screen.contains("Existing Supply Ltd"))
    }
}
