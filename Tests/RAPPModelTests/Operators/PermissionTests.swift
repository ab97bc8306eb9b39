import Foundation
import Testing

@testable import RAPPModel

/// Every role against every action: the model refuses whatever the rules file does not grant.
@Suite("Permissions by operator role")
struct PermissionTests {
    let rules = Fixtures.library.rules

    /// A registry with a manager and one operator of `role`, signed in as that operator.
    func registry(withOperatorOf role: String) throws -> (Registry, manager: OperatorSession, subject: OperatorSession)
    {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "Existing", 0x1000, 0x1FFF))
        _ = try registry.addTestOperator(
            name: "subject", roles: [role], passphrase: Fixtures.passphrase, by: manager, hasher: Fixtures.fastHasher)
        _ = try registry.addTestOperator(
            name: "other", roles: ["auditor"], passphrase: Fixtures.passphrase, by: manager, hasher: Fixtures.fastHasher
        )
        let subject = try registry.signIn(name: "subject", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        return (registry, manager, subject)
    }

    /// Tries one action as `session`; true when it was allowed.
    func attempt(_ action: String, registry: Registry, session: OperatorSession) throws -> Bool {
        do {
            switch action {
            case "organisation.submit":
                _ = try registry.submit(Fixtures.form(name: "New", 0x5000, 0x5FFF), by: session)
            case "organisation.amend":
                _ = try registry.submit(
                    Fixtures.form(name: "Amended", 0x1000, 0x1FFF), amending: Amendment(organisation: 1, version: 1),
                    by: session)
            case "operator.add":
                _ = try registry.addOperator(
                    name: "added", roles: ["auditor"], passphrase: Fixtures.passphrase, by: session,
                    hasher: Fixtures.fastHasher)
            case "operator.list": _ = try registry.operators(by: session)
            case "operator.disable": _ = try registry.disableOperator("other", by: session)
            case "operator.set-roles": _ = try registry.setRoles(of: "other", to: ["pma-member"], by: session)
            case "operator.reset-passphrase":
                _ = try registry.resetPassphrase(
                    of: "other", to: "a brand new passphrase", by: session, hasher: Fixtures.fastHasher)
            case "operator.unlock": _ = try registry.unlockOperator("other", by: session)
            case "audit.verify": _ = try registry.verifyAudit(by: session)
            case "audit.list": try registry.auditEvents(matching: AuditFilter(), by: session) { _ in }
            default: Issue.record("unknown action \(action)")
            }
            return true
        } catch AccessError.notPermitted {
            return false
        } catch AccessError.needsRequest {
            // Permitted, but with two ra-managers an account comes from an RA credential request.
            return true
        }
    }

    static let actions = [
        "organisation.submit", "organisation.amend", "operator.add", "operator.list", "operator.disable",
        "operator.set-roles", "operator.reset-passphrase", "operator.unlock", "audit.verify", "audit.list",
    ]
    static let granted: [String: Set<String>] = [
        "ra-manager": Set(actions),
        "ra-personnel": ["organisation.submit", "organisation.amend", "audit.verify", "audit.list"],
        "pma-member": ["audit.verify", "audit.list"],
        "auditor": ["audit.verify", "audit.list"],
    ]

    @Test(
        "each role may do exactly what the rules file grants it",
        arguments: ["ra-manager", "ra-personnel", "pma-member", "auditor"], actions)
    func roleAgainstAction(_ role: String, _ action: String) throws {
        let (registry, _, subject) = try registry(withOperatorOf: role)
        let eventsBefore = try registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") }
        let allowed = try attempt(action, registry: registry, session: subject)
        #expect(allowed == Self.granted[role]!.contains(action), "\(role) \(action)")
        if !allowed {
            let eventsAfter = try registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") }
            #expect(eventsAfter == eventsBefore, "a refused action changes nothing")
        }
    }

    @Test("an operator cannot change their own roles, disable or re-enable themselves")
    func selfChanges() throws {
        let (registry, manager, _) = try registry(withOperatorOf: "ra-manager")
        #expect(throws: AccessError.selfChange("change the roles")) {
            try registry.setRoles(of: "manager", to: ["ra-manager", "auditor"], by: manager)
        }
        #expect(throws: AccessError.selfChange("disable the account")) {
            try registry.disableOperator("manager", by: manager)
        }
        #expect(throws: AccessError.selfChange("re-enable the account")) {
            try registry.enableOperator("manager", by: manager)
        }
    }

    @Test("a disabled operator's session stops working at once, and they cannot sign in")
    func disabledAtOnce() throws {
        let (registry, manager, subject) = try registry(withOperatorOf: "ra-personnel")
        _ = try registry.disableOperator("subject", by: manager)
        #expect(throws: AccessError.notPermitted(.organisationSubmit, operator: "subject")) {
            try registry.submit(Fixtures.form(name: "Late", 0x9000, 0x9FFF), by: subject)
        }
        #expect(throws: AccessError.signInFailed) {
            try registry.signIn(name: "subject", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        }
        _ = try registry.enableOperator("subject", by: manager)
        _ = try registry.signIn(name: "subject", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
    }

    @Test("a role taken away takes effect in a session already open")
    func rolesReadAfresh() throws {
        let (registry, manager, subject) = try registry(withOperatorOf: "ra-personnel")
        _ = try registry.setRoles(of: "subject", to: ["auditor"], by: manager)
        #expect(throws: AccessError.notPermitted(.organisationSubmit, operator: "subject")) {
            try registry.submit(Fixtures.form(name: "Late", 0x9000, 0x9FFF), by: subject)
        }
    }

    @Test("the last enabled ra-manager cannot be disabled or lose the role")
    func lastManager() throws {
        let (registry, manager, _) = try registry(withOperatorOf: "ra-manager")
        // "subject" is a second manager: the first may demote it only while another remains.
        _ = try registry.setRoles(of: "subject", to: ["auditor"], by: manager)
        _ = try registry.addOperator(
            name: "deputy", roles: ["ra-manager"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        let deputy = try registry.signIn(name: "deputy", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        _ = try registry.disableOperator("manager", by: deputy)
        #expect(throws: AccessError.selfChange("disable the account")) {
            try registry.disableOperator("deputy", by: deputy)
        }
        _ = try registry.enableOperator("manager", by: deputy)
        let again = try registry.signIn(name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        _ = try registry.setRoles(of: "deputy", to: ["auditor"], by: again)
        // Now "manager" is the only one: nobody can take that away.
        _ = try registry.addOperator(
            name: "third", roles: ["ra-manager"], passphrase: Fixtures.passphrase, by: again,
            hasher: Fixtures.fastHasher)
        let third = try registry.signIn(name: "third", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        _ = try registry.disableOperator("third", by: again)
        #expect(throws: AccessError.notPermitted(.operatorManage, operator: "third")) {
            try registry.disableOperator("manager", by: third)
        }
    }

    @Test("bootstrap works once, in a registry with no operators")
    func bootstrapOnce() throws {
        let registry = try Fixtures.registry()
        let first = try registry.bootstrap(name: "first", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        #expect(first.roles == ["ra-manager"])
        #expect(throws: AccessError.alreadyBootstrapped) {
            try registry.bootstrap(name: "second", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        }
    }

    @Test(
        "a name holding an invisible or format character is refused, naming it",
        arguments: VisibleTextTests.invisible + VisibleTextTests.formatSample + ["\u{1B}", "\u{9B}", "\u{202E}"])
    func invisibleInNames(_ scalar: Unicode.Scalar) {
        let result = Result { () throws(AccessError) in try OperatorName.validate("bob\(Character(scalar))smith") }
        guard case .failure(let error) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == IssueCode.operatorNameInvalid.rawValue)
        #expect(error.description.contains("it contains \(VisibleText.describe(scalar))"))
        #expect(!error.description.unicodeScalars.contains(where: VisibleText.mustEscape))
    }

    @Test(
        "names and roles are checked",
        arguments: ["", "1abc", "a b", "a\u{1B}[31m", "ä", String(repeating: "a", count: 65), "a;DROP"])
    func badNames(_ name: String) throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        #expect(throws: AccessError.self) {
            try registry.addOperator(
                name: name, roles: ["auditor"], passphrase: Fixtures.passphrase, by: manager,
                hasher: Fixtures.fastHasher)
        }
        #expect(throws: AccessError.self) {
            try registry.addOperator(
                name: "fine", roles: ["wizard"], passphrase: Fixtures.passphrase, by: manager,
                hasher: Fixtures.fastHasher)
        }
        #expect(throws: AccessError.self) {
            try registry.addOperator(
                name: "MANAGER", roles: ["auditor"], passphrase: Fixtures.passphrase, by: manager,
                hasher: Fixtures.fastHasher)
        }
    }
}
