import Foundation

@testable import RAPPModel

extension Registry {
    /// Adds an operator for a test's fixture, audited as `operator add` records one, whatever
    /// the registry's managers: tests build registries with several ra-managers, which
    /// `addOperator` allows only while there is one (then accounts come from RA credential
    /// requests, a second person approving). RATUITests use this same file (a link in its
    /// Support folder), so the two fixtures cannot drift apart.
    @discardableResult
    func addTestOperator(
        name: String, roles: [String], passphrase: String, by session: OperatorSession, hasher: PassphraseHasher
    ) throws -> Operator {
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(Date())
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            let id = try operators.insert(name: name, roles: roles, hash: hash, at: time)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .operatorAdded, record: "operator/\(id)",
                details: .object(["name": .string(name), "roles": .array(roles.sorted().map(JSONValue.string))]),
                state: try operators.state(of: id), at: time)
            return try operators.account(id: id)!
        }
    }
}
