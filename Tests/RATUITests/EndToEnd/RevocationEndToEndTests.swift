import Foundation
import Testing

/// A revocation on form A7 through the real binary (RAPP 8.3.3, 8.3.4): pat, a PMA member, files
/// it from Home naming dave by name; carol verifies the requester with evidence; bob decides and
/// revokes; dave, signed in all along in another terminal, is signed out at his next idle tick.
extension RequestEndToEndTests {
    @Test func aPMAMemberFilesAnA7AndTheSubjectsOpenSessionEndsWhenTwoRAPeopleRevoke() throws {
        try prepare()
        try expectSuccess(
            ["operator", "add", "pat", "--role", "pma-member", "--operator", "alice", "--passphrase-stdin"],
            stdin: [Self.passphrase, Self.passphrase])

        // dave, the subject, is signed in meanwhile, and stays on Home.
        let subject = try session("dave")

        // pat files the A7 from Home, choosing dave from the list of those a PMA member may name.
        var tmux = try session("pat")
        try tmux.waitFor("a  Request revocation (A7)")
        try tmux.keys("a")
        try tmux.waitFor("New request: RA credential revocation (A7)")
        try tmux.fill(["Pat Quill", ""])  // the requester's name; their operator id is left to the engine
        try tmux.keys("Enter")  // the capacity's options
        try tmux.waitFor("An SMKI PMA Member")
        try tmux.keys("Enter", "Tab", "Tab")  // past the (optional) contact
        try tmux.waitFor("Enter opens the list of the")  // the subjects were read
        try tmux.keys("Enter")
        try tmux.waitFor("dave (operator")
        try tmux.type("d")  // type-ahead to dave
        try tmux.keys("Enter")
        try tmux.waitFor("That is dave (operator")
        try tmux.keys("Tab", "Enter")  // the credentials' options: the operator account
        try tmux.waitFor("[ ] Their ratui operator account")
        try tmux.keys("Enter", "Tab", "Enter")  // the grounds' options: compromise
        try tmux.waitFor("compromised")
        try tmux.keys("Enter", "Tab")
        try tmux.fill(["Token left unattended in the RA office"])
        try tmux.keys("Enter")  // the arrival's options: filed in ratui
        try tmux.waitFor("Filed in ratui by the requester")
        try tmux.keys("Enter", "Tab")
        try tmux.type("2026-11-25")
        try tmux.keys("C-s")
        try tmux.waitFor("Enter this request?")
        try tmux.keys("e")
        try tmux.waitFor("Entered request 1: now Entitlement checked")

        // carol verifies the requester and the request, with the evidence, from her work queue.
        tmux = try session("carol")
        try tmux.waitFor("Work queue: requests waiting for you (1)")
        try tmux.keys("r")
        try tmux.waitFor("Pat Quill")
        try tmux.keys("Enter")
        try tmux.waitFor("Record how the requester and the request were verified")
        try tmux.keys("Enter")
        try tmux.waitFor("How it was verified")
        try tmux.keys("Enter")  // the method's options: call-back
        try tmux.waitFor("Call back on a number from a register")
        try tmux.keys("Enter", "Tab")
        try tmux.fill(["Called Pat back on the number the PMA lists"])
        try tmux.type("2026-11-25")
        try tmux.keys("C-s")
        try tmux.waitFor("Record this step?")
        try tmux.keys("r")
        try tmux.waitFor("Step recorded: now Requester verified")

        // bob, a different RA person, decides it verified and revokes.
        tmux = try session("bob")
        try tmux.keys("r")
        try tmux.waitFor("Pat Quill")
        try tmux.keys("Enter")
        try tmux.waitFor("Decide: verified, revoke")
        try tmux.keys("Enter")
        try tmux.waitFor("Take this step?")
        try tmux.keys("t")
        try tmux.waitFor("Request 1 is now Verified")
        try tmux.waitFor("Revoke the credentials now")
        try tmux.keys("Enter")
        try tmux.waitFor("Take this step?")
        try tmux.keys("t")
        try tmux.waitFor("Request 1 is now Revoked")

        // dave's open session ends at his next idle tick, back to signing in, saying why.
        let screen = try subject.waitFor("was revoked at", timeout: 30)
        #expect(screen.contains("Sign in with your operator name"))
    }
}
