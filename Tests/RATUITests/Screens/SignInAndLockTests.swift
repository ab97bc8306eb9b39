import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// Signing in, creating the first RA Manager, the idle lock, permissions and the audit viewer,
/// driven key by key against a real registry.
@Suite struct SignInAndLockTests {
    func signInDriver(_ test: TestRegistry, mode: SignInScreen.Mode = .signIn) -> AppDriver {
        test.driver(start: SignInScreen(mode: mode), signedIn: false)
    }

    @Test func theRightPassphraseOpensHomeAndShowsWhoIsSignedIn() throws {
        let test = try TestRegistry()
        var driver = signInDriver(test)
        driver.type("tester")
        driver.press(.tab)
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.session?.name == "tester")
        guard driver.app.top is HomeScreen else {
            Issue.record("not at Home: \(driver.app.top)")
            return
        }
        #expect(driver.app.view().text.contains("tester (SMKI RA Manager)"))
    }

    @Test func aWrongPassphraseStaysOnSignInWithTheModelsWordsAndClearsThePassphrase() throws {
        let test = try TestRegistry()
        var driver = signInDriver(test)
        driver.type("tester")
        driver.press(.tab)
        driver.type("wrong passphrase here")
        driver.press(.enter)
        #expect(driver.app.session == nil)
        guard let screen = driver.app.top(SignInScreen.self) else {
            Issue.record("left sign-in")
            return
        }
        #expect(screen.problem?.code == "access.sign-in-failed")
        #expect(screen.passphrase.text.isEmpty)
        #expect(driver.app.status?.text == Failure(AccessError.signInFailed).terminalText)
    }

    @Test func creatingTheFirstManagerChecksThePassphraseTwiceAndTheRules() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ratui-first-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try FormLibrary.builtIn()
        let registry = try Registry.open(
            path: folder.appending(path: "registry.sqlite").path, create: true, initialPolicy: library)
        var driver = AppDriver(
            start: SignInScreen(mode: .createFirstManager),
            environment: AppEnvironment(library: library, theme: .standard, registryPath: "x"),
            effects: RegistryEffects(registry: registry, hasher: TestRegistry.hasher),
            width: 80, height: 24)
        driver.type("first.manager")
        driver.press(.tab)
        driver.type("one passphrase here")
        driver.press(.tab)
        driver.type("another passphrase")
        driver.press(.enter)
        guard let mismatch = driver.app.top(SignInScreen.self) else {
            Issue.record("left the screen")
            return
        }
        #expect(mismatch.problem?.code == "access.passphrases-differ")
        #expect(try registry.operatorCount() == 0)
        driver.type("too short")
        driver.press(.tab)
        driver.type("too short")
        driver.press(.enter)
        guard let short = driver.app.top(SignInScreen.self) else {
            Issue.record("left the screen")
            return
        }
        #expect(short.problem?.code == "operator.passphrase")
        #expect(short.problem?.message.contains("at least 12 characters") == true)
        driver.type("one passphrase here")
        driver.press(.tab)
        driver.type("one passphrase here")
        driver.press(.enter)
        #expect(driver.app.session?.roles == ["ra-manager"])
        #expect(try registry.operatorCount() == 1)
    }

    @Test func idlingLocksTheScreenKeepsTheFormAndNeedsThePassphrase() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.type("Half Typed Ltd")
        driver.send(.idle(seconds: 599))
        #expect(driver.app.lock == nil, "not yet: the rules say 10 minutes")
        driver.send(.idle(seconds: 600))
        #expect(driver.app.lock != nil)
        #expect(!driver.app.view().text.contains("Half Typed Ltd"), "nothing of the registry shows while locked")
        driver.type("q")
        driver.press(.control("c"), .escape)
        #expect(!driver.finished, "Ctrl-C asks before it quits and loses the kept work; Esc stays")
        driver.press(.enter)  // "q" as the passphrase: wrong
        #expect(driver.app.lock?.problem?.code == "access.sign-in-failed")
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.lock == nil)
        guard let form = driver.app.top(FormScreen.self) else {
            Issue.record("the form is gone")
            return
        }
        #expect(form.hasUnsavedChanges)
        #expect(driver.app.view().text.contains("Half Typed Ltd"))
    }

    @Test func anOperatorWithoutThePermissionIsRefusedByTheModel() throws {
        let test = try TestRegistry()
        _ = try test.registry.addOperator(
            name: "reader", roles: ["auditor"], passphrase: TestRegistry.passphrase, by: test.session,
            hasher: TestRegistry.hasher)
        let reader = try test.registry.signIn(
            name: "reader", passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        let effects = RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher)
        let form = TestRegistry.form(
            name: "Not Allowed Ltd", ranges: [("other-user", "90-B3-D5-40-00-00-00-00", "90-B3-D5-40-00-00-FF-FF")])
        let store = FormScreen(environment: test.environment(), form: form, amending: nil).store()
        guard case .registry(let task) = store else {
            Issue.record("storing is not registry work")
            return
        }
        func failure(as session: OperatorSession?) -> Failure? {
            guard
                case .stored(.failure(let failure))? = effects.perform(task, session: session).screenMessage(
                    FormScreen.Message.self)
            else { return nil }
            return failure
        }
        #expect(failure(as: reader) == Failure(AccessError.notPermitted(.organisationSubmit, operator: "reader")))
        #expect(failure(as: nil) == RegistryContext.notSignedIn)
        #expect(try test.registry.counts().organisations == 0)
    }
}

/// The idle lock never traps an operator, and the screens offer only what the roles grant.
extension SignInAndLockTests {
    @Test func fiveWrongPassphrasesAtTheIdleLockSayTheAccountIsLockedAndUntilWhen() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.type("Half Typed Ltd")
        driver.send(.idle(seconds: 600))
        for _ in 0..<5 {
            driver.type("wrong words")
            driver.press(.enter)
        }
        let until = try #require(try test.registry.lockedUntil(of: test.session))
        #expect(driver.app.lock?.lockedUntil == until)
        // The right passphrase cannot open it now, and the lock says why in full.
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.lock != nil)
        let screen = driver.app.view().text
        #expect(screen.contains("Your account is locked until \(LockPanel.readable(until))"))
        #expect(screen.contains("Ctrl-O sign out"))
    }

    @Test func theIdleLockOffersSigningOutAndQuittingAskingFirstAboutUnsavedWork() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.type("Half Typed Ltd")
        driver.send(.idle(seconds: 600))
        driver.press(.control("c"))
        #expect(!driver.finished, "asks first: a form has unsaved changes")
        #expect(driver.app.lock?.dialog != nil)
        driver.press(.enter)  // the default button stays locked
        #expect(!driver.finished)
        #expect(driver.app.lock?.dialog == nil)
        driver.press(.control("o"), .character("s"))  // "Sign out and discard", by its letter
        #expect(driver.app.session == nil)
        #expect(driver.app.lock == nil)
        #expect(driver.app.top is SignInScreen)
        #expect(!driver.app.stack.contains { $0.hasUnsavedChanges })

        var quitter = test.driver()
        quitter.send(.idle(seconds: 600))
        quitter.press(.control("c"))
        #expect(quitter.finished, "nothing unsaved: quits at once")
    }

    @Test func theSignInScreenStillSaysOneThingForEveryFailure() throws {
        let test = try TestRegistry()
        for _ in 0..<5 {
            _ = try? test.registry.signIn(name: "tester", passphrase: "wrong words", hasher: TestRegistry.hasher)
        }
        var driver = test.driver(start: SignInScreen(mode: .signIn), signedIn: false)
        driver.type("tester")
        driver.press(.tab)
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.status?.text == Failure(AccessError.signInFailed).terminalText)
        #expect(!driver.app.view().text.contains("locked until"))
    }

    @Test func anAuditorIsNotOfferedWhatTheirRolesDoNotGrant() throws {
        let test = try TestRegistry()
        var driver = try test.driver(as: "auditor")
        let home = driver.app.view().text
        #expect(home.contains("Register a new organisation (A1 form) (needs organisation.submit)"))
        #expect(!home.contains("n new A1"), "the footer lists only keys that work")
        driver.press(.character("n"))
        #expect(driver.app.top is HomeScreen)
        #expect(driver.app.status?.text.contains("needs organisation.submit") == true)
        driver.press(.enter)  // the highlighted menu item is the same action
        #expect(driver.app.top is HomeScreen)
        driver.press(.character("?"))
        guard case .help(let help) = driver.app.overlay else {
            Issue.record("no help")
            return
        }
        #expect(
            help.lines.contains { $0.keys == "n" && $0.description.hasPrefix("Disabled (needs organisation.submit)") })
        driver.press(.escape)
        // What the role grants still works.
        driver.press(.character("t"))
        #expect(driver.app.top is AuditScreen)
    }

    @Test func tabOnTheSignInPassphraseDoesNotSignIn() throws {
        let test = try TestRegistry()
        var driver = test.driver(start: SignInScreen(mode: .signIn), signedIn: false)
        driver.type("tester")
        driver.press(.tab)
        driver.type(TestRegistry.passphrase)
        driver.press(.tab)
        #expect(driver.app.session == nil)
        driver.press(.enter)
        #expect(driver.app.session?.name == "tester")
    }
}
