import Foundation
import GRDB

/// The policy's entry points: what is in force, how another policy differs, and applying one.
extension Registry {
    /// The policy in force, read now.
    public func currentPolicy() throws -> StoredPolicy {
        try read { _ in storedPolicy }
    }

    /// Every policy version, oldest first, without their files.
    public func policyVersions() throws -> [(version: Int64, hash: String, appliedAt: String, appliedBy: String?, origin: String)] {
        try read { db in
            try PolicyVersionRecord.order(PolicyVersionRecord.Columns.version).fetchAll(db).map {
                ($0.version, $0.hash, $0.appliedAt, $0.appliedBy, $0.origin)
            }
        }
    }

    /// How `library` differs from the policy in force.
    public func policyChanges(to library: FormLibrary) throws -> [PolicyChange] {
        try read { _ in PolicyChange.between(storedPolicy.library.files, library.files) }
    }

    /// Puts `library` in force as a new version, with an audit event holding the diff and both
    /// hashes, in one transaction.
    ///
    /// Needs `policy.apply`. Refuses a policy that leaves an enabled operator with a role it does
    /// not name (their account would be stranded) on top of what no policy may do at all
    /// (`PolicyInvariants`, checked when the folder was loaded).
    public func applyPolicy(_ library: FormLibrary, by session: OperatorSession, now: Date = Date()) throws -> PolicyApplication {
        let time = Timestamp.format(now)
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.policyApply, session: session)
            let current = storedPolicy
            let changes = PolicyChange.between(current.library.files, library.files)
            if changes.isEmpty { return .unchanged(current) }
            let named = Set(library.rules.operatorRoles.map(\.id))
            let held = try String.fetchAll(db, sql: """
                SELECT DISTINCT operator_role.role FROM operator_role JOIN operator ON operator.id = operator_role.operator_id
                WHERE operator.is_disabled = 0 ORDER BY operator_role.role
                """)
            if let stranded = held.first(where: { !named.contains($0) }) {
                throw PolicyError.invariant(
                    "enabled operators hold the role \(VisibleText.quoted(stranded)), which it does not name; give them other roles first")
            }
            let store = PolicyStore(db: db)
            let (version, hash) = try store.add(library, origin: library.origin, by: session.name, at: time)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .policyApplied, record: "policy/\(version)",
                details: .object([
                    "from": .object(["version": JSONValue(current.version), "hash": .string(current.hash)]),
                    "to": .object(["version": JSONValue(version), "hash": .string(hash), "origin": .string(library.origin)]),
                    "changes": .array(changes.map(\.jsonValue)),
                ]),
                state: try store.state(of: version), at: time)
            try refreshPolicy(db)
            return .applied(from: current, to: storedPolicy, changes: changes)
        }
    }
}
