import Foundation
import Testing

/// The built binary in tmux: an operator whose passphrase a manager reset with the command line
/// signs in to the terminal UI, is taken to the change first, makes it, reaches Home, and the
/// command line then takes the new passphrase.
extension TmuxEndToEndTests {
    @Test func aResetPassphraseIsChangedInTheTerminalUIFirstAndTheCommandLineTakesTheNewOne() throws {
        try Tmux.requireTools()
        try createOperator()
        try addOperator("bob", role: "ra-personnel")
        let reset = "a passphrase the manager typed"
        let chosen = "bob chose this one himself"
        let resetting = try runRatui(
            [
                "operator", "reset-passphrase", "bob", "--db", database, "--operator", Self.operatorName,
                "--passphrase-stdin",
            ], stdin: [Self.passphrase, reset])
        #expect(resetting.status == 0, "\(resetting.output)")
        let audit = ["audit", "head", "--db", database, "--operator", "bob", "--passphrase-stdin"]
        let refused = try runWithPassphrase(audit, passphrase: reset)
        #expect(refused.status == 77)
        #expect(refused.output.contains("access.must-change-passphrase"))

        let tmux = try Tmux(command: command())
        try tmux.waitFor("Sign in with your operator name")
        try tmux.type("bob")
        try tmux.keys("Tab")
        try tmux.type(reset)
        try tmux.keys("Enter")
        try tmux.waitFor("Change your passphrase first")
        // The footer is drawn last: waiting for it waits for the whole frame.
        let required = try tmux.waitFor("Esc sign out")
        #expect(required.contains("Change your passphrase first"))
        #expect(!required.contains("What would you like to do?"), "no Home first")
        // A wrong current passphrase: refused in the model's words, counted as at sign-in.
        try tmux.type("not the passphrase at all")
        try tmux.keys("Tab")
        try tmux.type(chosen)
        try tmux.keys("Tab")
        try tmux.type(chosen)
        try tmux.keys("Enter")
        try tmux.waitFor("access.sign-in-failed")
        try tmux.type(reset)
        try tmux.keys("Tab")
        try tmux.type(chosen)
        try tmux.keys("Tab")
        try tmux.type(chosen)
        try tmux.keys("Enter")
        let home = try tmux.waitFor("Your passphrase is changed")
        #expect(home.contains("Home"))
        try tmux.waitFor("What would you like to do?")
        try tmux.keys("C-c")
        try tmux.waitFor("ratui-exit=0")

        let old = try runWithPassphrase(audit, passphrase: reset)
        #expect(old.status == 77, "the reset passphrase no longer signs in")
        let now = try runWithPassphrase(audit, passphrase: chosen)
        #expect(now.status == 0, "\(now.output)")
    }
}
