import Foundation
import GRDB
import Testing

@testable import RAPPModel
@testable import RATUI

/// An operator changes their own passphrase in the terminal UI, under the rules, codes and
/// lockout of `ratui operator change-passphrase`; one whose passphrase someone else set must do
/// it first, and can do nothing else.
@Suite struct ChangePassphraseScreenTests {
    static let reset = "a passphrase the manager typed"
    static let chosen = "bob's own chosen passphrase"

    /// A registry where the tester (ra-manager) reset bob's passphrase, so bob must change it.
    func bobWithResetPassphrase() throws -> TestRegistry {
        let test = try TestRegistry()
        try test.registry.addTestOperator(
            name: "bob", roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, by: test.session,
            hasher: TestRegistry.hasher)
        _ = try test.registry.resetPassphrase(
            of: "bob", to: Self.reset, by: test.session, hasher: TestRegistry.hasher)
        return test
    }

    /// Bob signing in on the sign-in screen.
    func signIn(_ test: TestRegistry, as name: String = "bob", passphrase: String = reset) -> AppDriver {
        var driver = test.driver(start: SignInScreen(mode: .signIn), signedIn: false)
        driver.type(name)
        driver.press(.tab)
        driver.type(passphrase)
        driver.press(.enter)
        return driver
    }

    func fill(_ driver: inout AppDriver, current: String, new: String, again: String) {
        driver.type(current)
        driver.press(.tab)
        driver.type(new)
        driver.press(.tab)
        driver.type(again)
        driver.press(.enter)
    }

    func failures(of name: String, in test: TestRegistry) throws -> Int {
        try test.registry.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM sign_in_failure WHERE operator_id = (SELECT id FROM operator WHERE name = ?)",
                arguments: [name]) ?? -1
        }
    }

    @Test func signingInWithAPassphraseSomeoneElseSetOpensTheChangeAloneAndItLeadsHome() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        #expect(driver.app.session?.name == "bob")
        let screen = try #require(driver.app.top(ChangePassphraseScreen.self), "not Home: the change comes first")
        #expect(screen.required)
        #expect(driver.app.stack.count == 1, "no Home beneath to go back to")
        fill(&driver, current: Self.reset, new: Self.chosen, again: Self.chosen)
        #expect(driver.app.top is HomeScreen)
        #expect(driver.app.status?.kind == .success)
        let bob = try test.registry.signIn(name: "bob", passphrase: Self.chosen, hasher: TestRegistry.hasher)
        #expect(try test.registry.mustChangePassphrase(of: bob) == false)
        // Home works now: the registry no longer refuses bob.
        #expect(driver.app.top(HomeScreen.self)?.problem == nil)
        #expect(driver.app.top(HomeScreen.self)?.organisations == 0)
        var events: [AuditEvent] = []
        try test.registry.auditEvents(matching: AuditFilter(action: "operator.passphrase-changed"), by: test.session) {
            events.append($0)
        }
        #expect(events.map(\.operatorName) == ["bob"])
        #expect(events.first?.details.contains("\"required\":true") == true)
    }

    @Test func escOnTheRequiredChangeSignsOutAndNothingChanges() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        driver.type("half typed")
        driver.press(.escape)
        #expect(driver.app.session == nil)
        #expect(driver.app.top is SignInScreen)
        #expect(driver.app.overlay == nil, "nothing to keep: it does not ask")
        let bob = try test.registry.signIn(name: "bob", passphrase: Self.reset, hasher: TestRegistry.hasher)
        #expect(try test.registry.mustChangePassphrase(of: bob))
    }

    @Test func theRequiredChangeOffersNothingElse() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        driver.press(.function(2), .function(4), .character("q"))
        #expect(driver.app.overlay == nil, "no look-up")
        #expect(driver.app.lock == nil, "no lock key: Esc signs out")
        #expect(driver.app.top(ChangePassphraseScreen.self)?.fields[0] == "q", "q types")
        let keys = driver.app.view().text
        #expect(keys.contains("Esc sign out"))
        #expect(!keys.contains("back"))
        driver.press(.function(1))
        guard case .help = driver.app.overlay else {
            Issue.record("no help")
            return
        }
    }

    @Test func aWrongCurrentPassphraseIsCountedAndLocksTheAccountAsTheCommandLinesSignInDoes() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        let maximum = test.registry.rules.signIn.maximumFailures
        for attempt in 1..<maximum {
            fill(&driver, current: "not my passphrase \(attempt)", new: Self.chosen, again: Self.chosen)
            let screen = try #require(driver.app.top(ChangePassphraseScreen.self))
            #expect(screen.problem?.code == "access.sign-in-failed")
            #expect(screen.fields[0].isEmpty && screen.fields.focus == 0, "typed again")
            #expect(try failures(of: "bob", in: test) == attempt, "each one counted, as a sign-in")
        }
        fill(&driver, current: "not my passphrase either", new: Self.chosen, again: Self.chosen)
        #expect(try failures(of: "bob", in: test) == 0)
        let locked = try test.registry.read { db in
            try String.fetchOne(db, sql: "SELECT locked_until FROM operator WHERE name = 'bob'")
        }
        #expect(locked != nil, "the maximum locks the account")
        // Locked: even the right passphrase is refused now, here and on the command line.
        fill(&driver, current: Self.reset, new: Self.chosen, again: Self.chosen)
        #expect(driver.app.top(ChangePassphraseScreen.self)?.problem?.code == "access.sign-in-failed")
        #expect(throws: AccessError.signInFailed) {
            try test.registry.signIn(name: "bob", passphrase: Self.reset, hasher: TestRegistry.hasher)
        }
        var events: [AuditEvent] = []
        try test.registry.auditEvents(matching: AuditFilter(action: "operator.locked"), by: test.session) {
            events.append($0)
        }
        #expect(events.map(\.operatorName) == ["bob"])
    }

    @Test func theNewPassphraseMeetsThePolicysRulesWithTheModelsCodes() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        let cases: [(new: String, again: String, code: String)] = [
            ("short", "short", "operator.passphrase"),
            (Self.chosen, Self.chosen + "x", "access.passphrases-differ"),
            ("escape \u{1B}[2J in it here", "escape \u{1B}[2J in it here", "operator.passphrase"),
            ("a bell \u{07} and a zero\u{200B}width", "a bell \u{07} and a zero\u{200B}width", "operator.passphrase"),
            (String(repeating: "é", count: 600), String(repeating: "é", count: 600), "operator.passphrase"),
            (Self.reset, Self.reset, "operator.passphrase"),
        ]
        for (new, again, code) in cases {
            fill(&driver, current: Self.reset, new: new, again: again)
            let screen = try #require(driver.app.top(ChangePassphraseScreen.self), "stays for \(code)")
            #expect(screen.problem?.code == code)
            #expect(screen.fields[0] == Self.reset && screen.fields[1].isEmpty && screen.fields[2].isEmpty)
            #expect(screen.fields.focus == 1)
            #expect(!driver.app.view().text.contains("\u{1B}"), "nothing typed reaches the screen raw")
            driver.press(.backTab, .control("u"))
        }
        #expect(try failures(of: "bob", in: test) == 0, "the right current passphrase is not a failure")
        let bob = try test.registry.signIn(name: "bob", passphrase: Self.reset, hasher: TestRegistry.hasher)
        #expect(try test.registry.mustChangePassphrase(of: bob), "nothing changed")
    }

    @Test func anEmptyCurrentPassphraseIsNotSentAndNotCounted() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        driver.press(.tab)
        driver.type(Self.chosen)
        driver.press(.tab)
        driver.type(Self.chosen)
        driver.press(.enter)
        #expect(driver.app.top(ChangePassphraseScreen.self)?.problem?.code == "sign-in.passphrase-missing")
        #expect(try failures(of: "bob", in: test) == 0)
    }

    @Test func hugeInputIsHeldToTheFieldsLimitAndRefusedByTheRules() throws {
        let test = try bobWithResetPassphrase()
        var driver = signIn(test)
        let huge = String(repeating: "x", count: TextField.memoryLimit + 100)
        driver.type(Self.reset)
        driver.press(.tab)
        driver.type(huge)
        driver.press(.tab)
        driver.type(huge)
        #expect(driver.app.top(ChangePassphraseScreen.self)?.fields[1].count == TextField.memoryLimit)
        driver.press(.enter)
        #expect(driver.app.top(ChangePassphraseScreen.self)?.problem?.code == "operator.passphrase")
        #expect(
            driver.app.top(ChangePassphraseScreen.self)?.problem?.message.contains(
                "at most \(Passphrase.maximumBytes) bytes") == true)
    }

    @Test func anyOperatorOpensItFromHomeAndEscGoesBack() throws {
        let test = try TestRegistry()
        var driver = try test.driver(as: "auditor")
        driver.press(.character("p"))
        let screen = try #require(driver.app.top(ChangePassphraseScreen.self))
        #expect(!screen.required)
        driver.press(.escape)
        #expect(driver.app.top is HomeScreen)
        driver.press(.character("p"))
        fill(&driver, current: TestRegistry.passphrase, new: Self.chosen, again: Self.chosen)
        #expect(driver.app.top is HomeScreen)
        #expect(driver.app.stack.count == 1)
        _ = try test.registry.signIn(name: "auditor", passphrase: Self.chosen, hasher: TestRegistry.hasher)
        var events: [AuditEvent] = []
        try test.registry.auditEvents(matching: AuditFilter(action: "operator.passphrase-changed"), by: test.session) {
            events.append($0)
        }
        #expect(events.first?.details.contains("\"required\":false") == true)
    }

    @Test func homeListsItAndHelpDescribesItsKey() throws {
        let test = try TestRegistry()
        var driver = test.driver(width: 132, height: 43)
        #expect(driver.app.view().text.contains("p  Change your passphrase"))
        driver.press(.character("?"))
        #expect(driver.app.view().text.contains("Change your own passphrase"))
    }
}
