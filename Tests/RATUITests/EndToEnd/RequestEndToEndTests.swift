import Foundation
import Testing

/// An ARO nomination through the real binary in a real terminal, one operator at a time, as
/// people would: bob (ra-personnel) enters it from the organisation's screen, carol verifies the
/// identity with evidence, bob sees approve disabled with the reason, dave approves, carol
/// issues and activates, and the credential appears on the organisation.
@Suite(.serialized)
final class RequestEndToEndTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "ratui-e2e-requests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var database: String { folder.appending(path: "registry.sqlite").path }
    static let passphrase = "correct horse battery staple"

    func expectSuccess(_ arguments: [String], stdin lines: [String] = [passphrase]) throws {
        let result = try runRatui(arguments + ["--db", database], stdin: lines)
        guard result.status == 0 else {
            throw TestFailure("\(arguments.joined(separator: " ")) failed: \(result.output)")
        }
    }

    /// A registry with an organisation that passed its entry tests, and bob, carol and dave.
    func prepare() throws {
        try Tmux.requireTools()
        try expectSuccess(["operator", "bootstrap", "--name", "alice", "--passphrase-stdin"])
        for name in ["bob", "carol", "dave"] {
            try expectSuccess(
                ["operator", "add", name, "--role", "ra-personnel", "--operator", "alice", "--passphrase-stdin"],
                stdin: [Self.passphrase, Self.passphrase])
        }
        let form = folder.appending(path: "a1.json")
        try Data(
            """
            {"form": "A1", "organisation": {"legalName": "Northwind Energy Ltd", "companyNumber": "01234567",
             "registeredAddress": "1 High Street", "secPartyId": "SECP-1", "contactName": "Jo Bloggs",
             "contactEmail": "jo@example.org", "contactPhone": "+44 113 496 0000", "sroName": "Sam Smith",
             "sroJobTitle": "Director", "sroEmail": "sam@example.org", "sroPhone": "+44 113 496 0001",
             "dateSigned": "2026-11-20"},
             "userRoleRanges": [{"role": "import-supplier", "first": "90-B3-D5-10-00-00-00-00", "last": "90-B3-D5-10-FF-FF-FF-FF"}]}
            """.utf8
        ).write(to: form)
        try expectSuccess(["org", "submit", form.path, "--operator", "alice", "--passphrase-stdin"])
        try expectSuccess([
            "org", "entry-tests", "1", "--passed", "2026-10-01", "--reference", "ET-1", "--operator", "alice",
            "--passphrase-stdin",
        ])
    }

    /// ratui in a fresh terminal, signed in as `name`, on Home.
    func session(_ name: String, width: Int = 80, height: Int = 24) throws -> Tmux {
        let tmux = try Tmux(
            command:
                "env TERM=tmux-256color LANG=C.UTF-8 LC_ALL= LC_CTYPE= SWIFT_BACKTRACE=enable=no \(Tmux.ratui.path) --db \(database); exec sleep 600",
            width: width, height: height)
        try tmux.signIn(as: name, passphrase: Self.passphrase)
        return tmux
    }

    @Test func aNominationIsEnteredVerifiedApprovedAndIssuedByThreePeople() throws {
        try prepare()

        // bob nominates from the organisation's screen.
        var tmux = try session("bob")
        try tmux.keys("o")
        try tmux.waitFor("Northwind Energy Ltd")
        try tmux.keys("Enter")
        try tmux.waitFor("Organisation 1: Northwind")
        try tmux.keys("r")
        try tmux.waitFor("What kind of request?")
        try tmux.keys("Enter")
        try tmux.waitFor("New request: ARO nomination")
        try tmux.keys("Tab", "Tab")  // past the organisation (filled in) and "renews" (a first nomination)
        try tmux.fill(["Gil Hart", "Head of Metering", "gil@example.org", "+44 20 7946 0003", "1985-05-05"])
        try tmux.keys("Enter")  // the scopes' options
        try tmux.waitFor("Organisation Certificates")
        try tmux.keys("Enter", "Tab")
        try tmux.fill(["Bob Ray"])
        try tmux.type("2026-11-21")
        try tmux.keys("C-s")
        try tmux.waitFor("Enter this request?")
        try tmux.keys("e")
        try tmux.waitFor("Entered request 1: now Checked")

        // carol verifies the identity, with the evidence seen, from her work queue.
        tmux = try session("carol")
        try tmux.waitFor("Work queue: requests waiting for you (1)")
        try tmux.keys("r")
        try tmux.waitFor("Gil Hart")
        try tmux.keys("Enter")
        try tmux.waitFor("Record the identity and screening verification")
        try tmux.keys("Enter")
        try tmux.waitFor("Identity documents seen")
        try tmux.type("passport | PASS999")
        try tmux.keys("Tab", "Enter", "Enter", "Tab", "Tab")
        try tmux.fill(["2026-11-22"])
        try tmux.keys("Enter", "Enter", "Tab", "Tab")
        try tmux.type("SCREEN-9")
        try tmux.keys("C-s")
        try tmux.waitFor("Record this step?")
        try tmux.keys("r")
        try tmux.waitFor("Step recorded: now Identity verified")

        // bob, who entered it, sees approve disabled with the reason, and pressing it takes nothing.
        tmux = try session("bob")
        try tmux.keys("r")
        try tmux.waitFor("Gil Hart")
        try tmux.keys("Enter")
        let maker = try tmux.waitFor("request.separation-of-duties")
        #expect(maker.contains("bob entered the"))  // the engine's message, wrapped
        try tmux.keys("Enter")
        try tmux.waitFor("You may not take \"Approve\"")

        // dave approves.
        tmux = try session("dave")
        try tmux.keys("r")
        try tmux.waitFor("Gil Hart")
        try tmux.keys("Enter")
        try tmux.waitFor("Approve (approve)")
        try tmux.keys("Enter")
        try tmux.waitFor("Take this step?")
        try tmux.keys("t")
        try tmux.waitFor("Request 1 is now Approved")

        // carol issues and makes the credential active.
        tmux = try session("carol")
        try tmux.keys("r")
        try tmux.waitFor("Gil Hart")
        try tmux.keys("Enter")
        try tmux.waitFor("Record the credentials issued")
        try tmux.keys("Enter")
        try tmux.waitFor("Token serial number")
        try tmux.fill(["TK-0099", "4F2A910D", "ghart"])
        try tmux.type("2028-11-22")
        try tmux.keys("C-s")
        try tmux.waitFor("Record this step?")
        try tmux.keys("r")
        try tmux.waitFor("Step recorded: now Issued")
        try tmux.waitFor("Make the credential active")
        try tmux.keys("Enter")
        try tmux.waitFor("Take this step?")
        try tmux.keys("t")
        try tmux.waitFor("Request 1 is now Active")

        // The credential is on the organisation's screen.
        tmux = try session("bob", width: 132, height: 43)
        try tmux.keys("o")
        try tmux.waitFor("Northwind Energy Ltd")
        try tmux.keys("Enter")
        try tmux.waitFor("Organisation 1: Northwind")
        try tmux.keys("i")
        let credentials = try tmux.waitFor("Gil Hart")
        #expect(credentials.contains("active"))
    }
}
