import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// `registry.read` in the terminal UI: a role the policy does not let read the registry signs in
/// but is shown nothing of it, and is told why.
@Suite struct ReadPermissionTests {
    @Test func anOperatorWithoutRegistryReadSeesNothingOfTheRegistry() throws {
        let test = try TestRegistry()
        try test.store("Hidden Ltd", [("other-user", "90-B3-D5-60-00-00-00-00", "90-B3-D5-60-00-00-FF-FF")])
        var files = FormLibrary.builtInFiles(in: "Forms")
        let rules = String(decoding: files["rules.json"]!, as: UTF8.self)
            .replacingOccurrences(
                of: #""auditor": ["registry.read", "audit.read", "request.read"]"#,
                with: #""auditor": ["audit.read", "request.read"]"#)
        files["rules.json"] = Data(rules.utf8)
        let policy = try FormLibrary.load(
            files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
        _ = try test.registry.applyPolicy(
            policy, soleManagerOverride: "the only ra-manager, in a test", by: test.session)
        _ = try test.registry.addOperator(
            name: "reader", roles: ["auditor"], passphrase: TestRegistry.passphrase, by: test.session,
            hasher: TestRegistry.hasher)
        let reader = try test.registry.signIn(
            name: "reader", passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)

        var driver = AppDriver(
            start: HomeScreen(), session: reader, environment: test.environment(),
            effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: 80, height: 24)
        let refused = Failure(AccessError.notPermitted(.registryRead, operator: "reader"))
        #expect(driver.app.top(HomeScreen.self)?.problem == refused)
        #expect(driver.app.top(HomeScreen.self)?.organisations == nil)
        driver.press(.character("o"))
        #expect(driver.app.top(OrganisationListScreen.self)?.problem == refused)
        #expect(driver.app.top(OrganisationListScreen.self)?.rows.isEmpty == true)
        #expect(!driver.app.view().text.contains("Hidden Ltd"))
        driver.press(.escape, .character("w"))
        driver.type("90-B3-D5-60-00-00-00-01")
        driver.press(.enter)
        #expect(driver.app.status?.text == refused.terminalText)
        #expect(!driver.app.view().text.contains("Hidden Ltd"))
        // The audit trail is theirs to read.
        driver.press(.escape, .character("t"))
        #expect(driver.app.top(AuditScreen.self)?.problem == nil)
    }
}
