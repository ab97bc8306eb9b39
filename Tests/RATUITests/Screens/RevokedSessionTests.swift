import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// Revocation ends an open session: the operator's next action is refused with `access.revoked`,
/// whatever it needs, and the idle lock cannot be opened again with their passphrase.
@Suite struct RevokedSessionTests {
    /// pat (RA Personnel) is signed in to a driven app; petra (PMA member) files an A7 about
    /// them, carol verifies, dave decides and revokes, all through the registry meanwhile.
    func revokePat(_ test: TestRegistry) throws -> AppDriver {
        var sessions: [String: OperatorSession] = [:]
        for (name, role) in [
            ("pat", "ra-personnel"), ("petra", "pma-member"), ("carol", "ra-personnel"), ("dave", "ra-personnel"),
        ] {
            _ = try test.registry.addOperator(
                name: name, roles: [role], passphrase: TestRegistry.passphrase, by: test.session,
                hasher: TestRegistry.hasher)
            sessions[name] = try test.registry.signIn(
                name: name, passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        }
        let driver = AppDriver(
            start: HomeScreen(), session: sessions["pat"]!, environment: test.environment(),
            effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: 80, height: 24)
        #expect(driver.app.top(HomeScreen.self)?.problem == nil)
        let a7 = FormFile(
            formID: "A7",
            fields: .object([
                "requesterName": .string("Petra Jones"), "requesterCapacity": .string("pma-member"),
                "subject": JSONValue(sessions["pat"]!.operatorID),
                "credentials": .array([.string("operator-account")]), "grounds": .string("compromise"),
                "groundsDetail": .string("Token left in a taxi."), "arrival": .string("ratui"),
                "receivedOn": .string("2026-11-24"),
            ]))
        let id = try test.registry.submitRequest(kind: "ra-revocation", form: a7, by: sessions["petra"]!).request.id
        let evidence: JSONValue = .object([
            "method": .string("call-back"), "checked": .string("Register number."), "verifiedOn": .string("2026-11-24"),
        ])
        _ = try test.registry.act(on: id, action: "verify-requester", evidence: evidence, by: sessions["carol"]!)
        _ = try test.registry.act(on: id, action: "decide-verified", by: sessions["dave"]!)
        #expect(try test.registry.act(on: id, action: "revoke", by: sessions["dave"]!).request.state == "revoked")
        return driver
    }

    @Test func theRevokedOperatorsNextActionIsRefused() throws {
        let test = try TestRegistry()
        var driver = try revokePat(test)
        driver.press(.character("o"))
        #expect(driver.app.top(OrganisationListScreen.self)?.problem?.code == "access.revoked")
        #expect(driver.app.view().text.contains("revoked"))
    }

    @Test("the next idle check ends a revoked operator's session: back to signing in, saying why")
    func theIdleCheckEndsTheSession() throws {
        let test = try TestRegistry()
        var driver = try revokePat(test)
        driver.send(.idle(seconds: 1))
        #expect(driver.app.session == nil)
        #expect(driver.app.top(SignInScreen.self) != nil)
        #expect(driver.app.view().text.contains("was revoked"))
    }

    @Test("a session under the idle lock ends too: the lock never asks a revoked operator for a passphrase")
    func theIdleLockGivesWayToSigningIn() throws {
        let test = try TestRegistry()
        var driver = try revokePat(test)
        driver.send(.idle(seconds: 600))
        #expect(driver.app.lock == nil)
        #expect(driver.app.session == nil)
        #expect(driver.app.top(SignInScreen.self) != nil)
    }

    @Test("an operator not revoked keeps their session through idle checks")
    func anotherOperatorIsUntouched() throws {
        let test = try TestRegistry()
        var driver = AppDriver(
            start: HomeScreen(), session: test.session, environment: test.environment(),
            effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: 80, height: 24)
        driver.send(.idle(seconds: 1))
        #expect(driver.app.session != nil)
        #expect(driver.app.top(HomeScreen.self) != nil)
        // A late answer about another account (signed in before this one) ends nothing.
        let revoked = Failure(RevocationError.revoked(operator: "someone", at: "2026-11-26T08:00:00Z"))
        driver.send(.accountRevoked(revoked, operatorID: test.session.operatorID + 1000))
        #expect(driver.app.session != nil)
    }
}
