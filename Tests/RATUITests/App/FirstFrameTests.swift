import Testing

@testable import RAPPModel
@testable import RATUI

/// The interface draws its first frame with the policy's rules alone: the sign-in screen needs
/// nothing else. The rest of the policy is read before the first key, and sign-in works as ever.
@Suite struct FirstFrameTests {
    @Test func theSignInScreenDrawnWithTheRulesAloneIsTheOneDrawnWithTheWholePolicy() throws {
        let test = try TestRegistry()
        let rulesOnly = try Registry.open(path: test.registry.path, create: false, parts: .rules)
        #expect(rulesOnly.policyParts == .rules)
        let environment = AppEnvironment(
            rules: rulesOnly.rules, theme: .standard, registryPath: "/srv/ratui/registry.sqlite")
        var driver = AppDriver(
            start: SignInScreen(mode: .signIn), environment: environment,
            effects: RegistryEffects(registry: rulesOnly, hasher: TestRegistry.hasher), width: 80, height: 24)
        let whole = test.driver(start: SignInScreen(mode: .signIn), signedIn: false)
        #expect(!driver.app.environment.hasWholePolicy)
        #expect(driver.app.view().text == whole.app.view().text)

        try rulesOnly.readWholePolicy()
        #expect(rulesOnly.policyParts == .all)
        driver.send(.policyRead(rulesOnly.policy))
        #expect(driver.app.environment.hasWholePolicy)
        #expect(driver.app.environment.library.organisationForm.id == test.library.organisationForm.id)
        driver.type("tester")
        driver.press(.tab)
        driver.type(TestRegistry.passphrase)
        driver.press(.enter)
        #expect(driver.app.top is HomeScreen)
    }
}
