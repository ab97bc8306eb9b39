import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// The request screens know no kind of request: a workflow defined here, in the test alone (a
/// request for an operator's credential, about that operator), is entered from Home on its
/// own form, and its subject sees every step disabled with the engine's reason.
@Suite struct GenericRequestKindTests {
    static let form = """
        {"kind": "form", "id": "RAC", "title": "RA credential request", "annex": "test", "purpose": "test", "nameField": "why",
         "sections": [{"id": "s", "title": "Request", "fields": [
           {"id": "holder", "label": "Holder", "type": "reference", "references": "operator", "required": true, "help": "The operator's id.", "rules": []},
           {"id": "why", "label": "Why", "type": "text", "required": true, "maxLength": 200, "help": "", "rules": []}]}]}
        """
    static let workflow = """
        {"kind": "workflow", "id": "test-credential", "title": "Test credential", "about": "A test kind.", "form": "RAC",
         "submit": {"permission": "request.submit"}, "initial": "submitted", "subjectField": "holder",
         "states": [
           {"id": "submitted", "label": "Submitted", "transitions": [
             {"action": "verify", "label": "Verify", "to": "verified", "kind": "verification", "permission": "request.verify"},
             {"action": "withdraw", "label": "Withdraw", "to": "withdrawn", "kind": "exit", "permission": "request.withdraw"}]},
           {"id": "verified", "label": "Verified", "transitions": [
             {"action": "approve", "label": "Approve", "to": "approved", "kind": "approval", "permission": "request.approve"}]},
           {"id": "approved", "label": "Approved", "terminal": true, "transitions": []},
           {"id": "withdrawn", "label": "Withdrawn", "terminal": true, "transitions": []}]}
        """

    @Test func aKindDefinedOnlyInThePolicyIsEnteredAndShownWithItsReasons() throws {
        var files = FormLibrary.builtInFiles(in: "Forms")
        files["RAC.json"] = Data(Self.form.utf8)
        files["workflows/test-credential.json"] = Data(Self.workflow.utf8)
        let policy = try FormLibrary.load(
            files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
        let test = try TestRegistry(policy: policy)
        func add(_ name: String) throws -> OperatorSession {
            let record = try test.registry.addOperator(
                name: name, roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, by: test.session,
                hasher: TestRegistry.hasher)
            _ = record
            return try test.registry.signIn(
                name: name, passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        }
        let (carol, dave, bob) = (try add("carol"), try add("dave"), try add("bob"))
        func driver(_ session: OperatorSession, start: any Screen = HomeScreen()) -> AppDriver {
            AppDriver(
                start: start, session: session, environment: test.environment(),
                effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: 80, height: 24)
        }

        // carol asks, from Home, for dave's RA credential: the kind and its form come from the policy.
        var asCarol = driver(carol)
        asCarol.press(.character("e"))
        #expect(asCarol.app.view().text.contains("Test credential"))
        let kinds = NewRequestScreen.kinds(organisation: nil, library: policy)
        let position = try #require(kinds.firstIndex { $0.id == "test-credential" })
        for _ in 0..<position { asCarol.press(.down) }
        asCarol.press(.enter)
        #expect(asCarol.app.top(RequestFormScreen.self)?.entry.definition.id == "RAC")
        asCarol.type("nobody")
        asCarol.press(.control("s"))
        // Checked on the form before asking: a reference is a record's id.
        #expect(
            asCarol.app.top(RequestFormScreen.self)?.editor.issues.map(\.code.rawValue) == [
                "form.type", "field.required",
            ])
        asCarol.press(.control("u"))
        asCarol.type(String(dave.operatorID))
        asCarol.press(.tab)
        asCarol.type("new starter")
        asCarol.press(.control("s"), .character("e"))
        let id = try #require(asCarol.app.top(RequestScreen.self)?.details?.request.id)

        // dave, whom it is about, sees every step disabled with the engine's reason.
        let asDave = driver(dave, start: RequestScreen(id: id))
        let actions = try #require(asDave.app.top(RequestScreen.self)?.details?.actions)
        #expect(actions.map(\.transition.action) == ["verify", "withdraw"])
        #expect(
            actions.allSatisfy {
                $0.blocked?.code == "request.separation-of-duties" && $0.blocked?.message.contains("about dave") == true
            })
        // bob verifies it.
        var asBob = driver(bob, start: RequestScreen(id: id))
        asBob.press(.enter, .character("t"))
        #expect(asBob.app.top(RequestScreen.self)?.details?.request.state == "verified")
    }
}
