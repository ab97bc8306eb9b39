import RAPPModel
import SnapshotTesting
import Testing

@testable import RATUI

/// Golden snapshots of every screen, at 80x24 and 132x43, in the default and plain themes.
///
/// The registry holds an ordinary name, a CJK name (two cells a character), a name with
/// combining marks (no cells of their own) and a hostile name full of escape sequences, which
/// must show as visible `\e` text and never reach the terminal raw.
@Suite(.serialized)
struct ScreenSnapshotTests {
    static let sizes = [(80, 24), (132, 43)]
    static let themes: [Theme] = [.standard, .plain]

    /// Runs `steps` on a fresh app for every size and theme, and checks the screen it ends on.
    func check(
        _ name: String, start: any Screen = HomeScreen(), signedIn: Bool = true, role: String? = nil,
        file: StaticString = #filePath, testName: String = #function, line: UInt = #line,
        steps: (inout AppDriver, [Int64]) -> Void
    ) throws {
        for (width, height) in Self.sizes {
            for theme in Self.themes {
                let (registry, ids) = try TestRegistry.sample()
                var driver = registry.driver(theme, width: width, height: height, start: start, signedIn: signedIn)
                if let role { driver = try registry.driver(as: role, theme, width: width, height: height) }
                steps(&driver, ids)
                assertSnapshot(
                    of: driver.app.view(), as: .screen, named: "\(name)-\(width)x\(height)-\(theme.kind.rawValue)",
                    file: file, testName: testName, line: line)
            }
        }
    }

    @Test func home() throws {
        try check("home") { _, _ in }
    }

    @Test func changePassphraseRequired() throws {
        try check("change-passphrase-required", start: ChangePassphraseScreen(required: true)) { driver, _ in
            driver.type("typed")
            driver.press(.tab)
        }
    }

    @Test func changePassphraseFromHomeRefused() throws {
        try check("change-passphrase-differ") { driver, _ in
            driver.press(.character("p"))
            driver.type(TestRegistry.passphrase)
            driver.press(.tab)
            driver.type("one new passphrase")
            driver.press(.tab)
            driver.type("another new passphrase")
            driver.press(.enter)
        }
    }

    @Test func organisationList() throws {
        try check("organisations") { driver, _ in driver.press(.character("o")) }
    }

    @Test func organisationListSearch() throws {
        try check("organisations-search") { driver, _ in
            driver.press(.character("o"), .character("/"))
            driver.type("zoe")
        }
    }

    @Test func organisationWithHostileName() throws {
        try check("organisation-hostile") { driver, _ in
            driver.press(.character("o"), .end, .enter)
        }
    }

    @Test func organisationWithCJKName() throws {
        try check("organisation-cjk") { driver, _ in
            driver.press(.character("o"), .down, .enter)
        }
    }

    @Test func newForm() throws {
        try check("form-new") { driver, _ in driver.press(.character("n")) }
    }

    @Test func formWithRangeConflict() throws {
        try check("form-conflict") { driver, _ in
            driver.press(.character("n"))
            driver.fillValidFields(legalName: "Acme Export Ltd")
            // The range table: a role, then a range overlapping organisation 2's.
            driver.press(.enter, .down, .enter, .tab)  // choose "Export Supplier", then on
            driver.type("90-B3-D5-02-08-00-00-00")
            driver.press(.tab)
            driver.type("90-B3-D5-02-1F-FF-FF-FF")
            driver.press(.control("s"))
        }
    }

    @Test func whoisOverlay() throws {
        try check("whois") { driver, _ in
            driver.press(.function(2))
            driver.type("90-B3-D5-01-00-00-00-01")
            driver.press(.enter)
        }
    }

    @Test func helpOverlayOnForm() throws {
        try check("help-form") { driver, _ in
            driver.press(.character("n"), .function(1))
        }
    }

    @Test func unsavedChangesDialog() throws {
        try check("form-leave-dialog") { driver, _ in
            driver.press(.character("n"))
            driver.type("Half-typed Ltd")
            driver.press(.escape)
        }
    }

    @Test func roleChooser() throws {
        try check("form-role-chooser") { driver, _ in
            driver.press(.character("n"))
            driver.fillValidFields(legalName: "Chooser Ltd")
            driver.press(.enter, .down, .down)
        }
    }

    @Test func submitConfirmation() throws {
        try check("form-submit-confirmation") { driver, _ in
            driver.press(.character("n"))
            driver.fillValidFields(legalName: "Confirm Me Ltd")
            driver.press(.enter, .enter, .tab)
            driver.type("90-B3-D5-09-00-00-00-00")
            driver.press(.tab)
            driver.type("90-B3-D5-09-00-FF-FF-FF")
            driver.press(.control("s"))
        }
    }

    @Test func terminalTooSmall() throws {
        let (registry, _) = try TestRegistry.sample()
        var driver = registry.driver(width: 60, height: 20)
        driver.press(.character("n"))
        assertSnapshot(of: driver.app.view(), as: .screen, named: "too-small-60x20")
    }

    @Test func signIn() throws {
        try check("sign-in", start: SignInScreen(mode: .signIn), signedIn: false) { driver, _ in
            driver.type("tester")
            driver.press(.tab)
            driver.type("secret words")
        }
    }

    @Test func signInRefused() throws {
        try check("sign-in-refused", start: SignInScreen(mode: .signIn), signedIn: false) { driver, _ in
            driver.type("tester")
            driver.press(.tab)
            driver.type("not the passphrase")
            driver.press(.enter)
        }
    }

    @Test func createFirstManager() throws {
        try check("create-first-manager", start: SignInScreen(mode: .createFirstManager), signedIn: false) {
            driver, _ in
            driver.type("first.manager")
            driver.press(.tab)
            driver.type("twelve chars")
        }
    }

    @Test func idleLockOverAFormWithUnsavedChanges() throws {
        try check("idle-lock") { driver, _ in
            driver.press(.character("n"))
            driver.type("Half Typed Ltd")
            driver.send(.idle(seconds: 600))
            driver.type("abc")
        }
    }

    @Test func auditTrail() throws {
        try check("audit-trail") { driver, _ in driver.press(.character("t")) }
    }

    @Test func auditEventDetails() throws {
        try check("audit-details") { driver, _ in driver.press(.character("t"), .enter) }
    }

    @Test func auditTrailSearched() throws {
        try check("audit-trail-search") { driver, _ in
            driver.press(.character("t"), .character("/"))
            driver.type("SUBMITTED since:2026-01-01")
        }
    }

    @Test func auditExport() throws {
        try check("audit-export") { driver, _ in
            driver.press(.character("t"), .character("/"))
            driver.type("submitted")
            driver.press(.enter, .character("x"))
        }
    }

    @Test func operatorList() throws {
        try check("operators") { driver, _ in driver.press(.character("m")) }
    }

    @Test func operatorRoles() throws {
        try check("operator-roles") { driver, _ in
            driver.press(.character("m"), .character("r"), .down, .character(" "))
        }
    }

    @Test func organisationListFindsNothing() throws {
        try check("organisations-nothing-found") { driver, _ in
            driver.press(.character("o"), .character("/"))
            driver.type("no such thing")
        }
    }

    @Test func organisationListByName() throws {
        try check("organisations-by-name") { driver, _ in driver.press(.character("o"), .character("s")) }
    }

    @Test func organisationChangesOfTheFirstVersion() throws {
        try check("organisation-changes") { driver, _ in driver.press(.character("o"), .enter, .character("d")) }
    }

    @Test func organisationHistory() throws {
        try check("organisation-history") { driver, _ in driver.press(.character("o"), .end, .enter, .character("h")) }
    }

    @Test func homeAsAnAuditorShowsWhatTheRolesDoNotGrantDisabled() throws {
        try check("home-auditor", role: "auditor") { _, _ in }
    }

    @Test func helpAsAnAuditorSaysWhatEachDisabledKeyNeeds() throws {
        try check("help-home-auditor", role: "auditor") { driver, _ in driver.press(.character("?")) }
    }

    @Test func idleLockOnceWrongPassphrasesLockedTheAccount() throws {
        try check("idle-lock-locked-out") { driver, _ in
            driver.press(.character("n"))
            driver.type("Half Typed Ltd")
            driver.send(.idle(seconds: 600))
            // As the registry answers once the account is locked, at a fixed time for the snapshot.
            driver.send(.unlockRefused(Failure(AccessError.signInFailed), lockedUntil: "2026-11-20T14:05:09.120Z"))
        }
    }

    @Test func removingAFilledRangeRowAsksFirst() throws {
        try check("form-remove-row-dialog") { driver, _ in
            driver.press(.character("n"))
            driver.fillValidFields(legalName: "Remove Me Ltd")
            driver.press(.enter, .enter, .control("x"))
        }
    }

    @Test func aMessageTooLongForTheStatusLineIsReadWhole() throws {
        try check("status-message-whole", role: "auditor") { driver, _ in
            driver.press(.character("n"), .control("r"))
        }
    }
}
