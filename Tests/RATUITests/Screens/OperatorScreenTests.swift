import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// An RA Manager manages operators from the terminal UI, under the rules and codes of
/// `ratui operator`; anyone else is not offered it, and the registry refuses it anyway.
@Suite
struct OperatorScreenTests {
    func managerWithColleague() throws -> (TestRegistry, AppDriver) {
        let test = try TestRegistry()
        _ = try test.registry.addOperator(
            name: "alice", roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, by: test.session,
            hasher: TestRegistry.hasher)
        var driver = test.driver()
        driver.press(.character("m"))
        return (test, driver)
    }

    func select(_ name: String, in driver: inout AppDriver) {
        driver.press(.home)
        while let screen = driver.app.top(OperatorListScreen.self), screen.selectedAccount?.name != name,
            screen.selected + 1 < screen.accounts.count
        {
            driver.press(.down)
        }
    }

    @Test func theListSaysHowOperatorsAreAddedAndDisablingAsksThenStoresAndAudits() throws {
        let (test, driver0) = try managerWithColleague()
        var driver = driver0
        guard let list = driver.app.top(OperatorListScreen.self) else {
            Issue.record("not the operator list")
            return
        }
        #expect(list.accounts.map(\.name) == ["alice", "tester"])
        #expect(driver.app.view().text.contains(OperatorListScreen.addingOperators))
        select("alice", in: &driver)
        driver.press(.character("d"))
        #expect(driver.app.overlay != nil, "asks first")
        driver.press(.character("d"))  // the dialog's Disable button
        #expect(driver.app.status?.text == "Disabled alice.")
        #expect(driver.app.top(OperatorListScreen.self)?.selectedAccount?.isDisabled == true)
        var events: [AuditEvent] = []
        try test.registry.auditEvents(matching: AuditFilter(action: "operator.disabled"), by: test.session) {
            events.append($0)
        }
        #expect(events.map(\.operatorName) == ["tester"])
        driver.press(.character("e"), .character("e"))
        #expect(driver.app.status?.text == "Enabled alice.")
        #expect(driver.app.top(OperatorListScreen.self)?.selectedAccount?.isDisabled == false)
    }

    @Test func theHighlightedOperatorsContactAddressIsShownUnderTheList() throws {
        let test = try TestRegistry()
        _ = try test.registry.addOperator(
            name: "alice", roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, email: "alice@ra.example.org",
            by: test.session, hasher: TestRegistry.hasher)
        var driver = test.driver()
        driver.press(.character("m"))
        select("alice", in: &driver)
        #expect(driver.app.view().text.contains("2 operators, e-mail: alice@ra.example.org"))
        select("tester", in: &driver)
        #expect(driver.app.view().text.contains("2 operators, e-mail: none (delivery by hand)"))
    }

    @Test func disablingYourselfIsRefusedWithTheCommandLinesCodeAndNothingChanges() throws {
        let (test, driver0) = try managerWithColleague()
        var driver = driver0
        select("tester", in: &driver)
        driver.press(.character("d"), .character("d"))
        #expect(driver.app.status?.kind == .error)
        #expect(driver.app.status?.text.hasPrefix("access.self-change: ") == true)
        #expect(try test.registry.operators(by: test.session).first { $0.name == "tester" }?.isDisabled == false)
    }

    @Test func rolesAreTickedConfirmedAndStored() throws {
        let (test, driver0) = try managerWithColleague()
        var driver = driver0
        select("alice", in: &driver)
        driver.press(.character("r"))
        guard let roles = driver.app.top(OperatorRolesScreen.self) else {
            Issue.record("no roles screen")
            return
        }
        let auditor = try #require(roles.roles.firstIndex { $0.id == "auditor" })
        for _ in 0..<auditor { driver.press(.down) }
        driver.press(.character(" "), .enter)
        #expect(driver.app.view().text.contains("After:"))
        driver.press(.character("s"))  // Store
        #expect(driver.app.top is OperatorListScreen)
        #expect(driver.app.status?.text == "Stored the roles of alice.")
        #expect(
            Set(try test.registry.operators(by: test.session).first { $0.name == "alice" }?.roles ?? []) == [
                "ra-personnel", "auditor",
            ])
    }

    @Test func aNewPassphraseIsTypedTwiceCheckedByThePolicyAndStored() throws {
        let (test, driver0) = try managerWithColleague()
        var driver = driver0
        select("alice", in: &driver)
        driver.press(.character("p"))
        #expect(driver.app.top is OperatorPassphraseScreen)
        driver.type("short")
        driver.press(.tab)
        driver.type("short")
        driver.press(.enter)
        #expect(driver.app.status?.kind == .error, "the policy's minimum length, as on the command line")
        #expect(driver.app.top is OperatorPassphraseScreen)
        driver.press(.backTab, .control("u"))
        driver.type("a brand new passphrase here")
        driver.press(.tab, .control("u"))
        driver.type("a brand new passphrase here")
        driver.press(.enter)
        #expect(driver.app.status?.text == "Stored a new passphrase for alice.")
        #expect(
            (try? test.registry.signIn(
                name: "alice", passphrase: "a brand new passphrase here", hasher: TestRegistry.hasher)) != nil)
    }

    @Test func anAuditorIsNotOfferedOperatorsAndTheRegistryRefusesThemAnyway() throws {
        let test = try TestRegistry()
        var driver = try test.driver(as: "auditor")
        driver.press(.character("m"))
        #expect(driver.app.top is HomeScreen)
        #expect(driver.app.status?.text.contains("operator.manage") == true)
        // Pushed anyway (a screen reached some other way): the read is refused by the registry.
        var pushed = AppDriver(
            start: OperatorListScreen(), session: driver.app.session, environment: test.environment(),
            effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: 80, height: 24)
        #expect(pushed.app.top(OperatorListScreen.self)?.problem?.code == "access.not-permitted")
        pushed.press(.character("d"))
        #expect(pushed.app.overlay == nil)
    }

    @Test func lockNowAndSignOutAreKeysEverywhere() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("o"))
        driver.press(.function(4))
        #expect(driver.app.lock != nil)
        #expect(driver.app.view().text.contains("Locked. Unsaved work is kept."))
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.lock == nil)
        #expect(driver.app.top is OrganisationListScreen, "back where it was")
        driver.press(.control("o"))
        #expect(driver.app.session == nil)
        #expect(driver.app.top is SignInScreen)
    }

    @Test func signingOutOverUnsavedWorkAsksFirst() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.type("Half Typed Ltd")
        driver.press(.control("o"))
        #expect(driver.app.session != nil)
        #expect(driver.app.overlay != nil)
        driver.press(.enter)  // the safe button
        #expect(driver.app.session != nil)
        #expect(driver.app.top is FormScreen)
    }
}
