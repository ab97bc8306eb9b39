import Foundation
import GRDB

/// Puts a policy in force inside a transaction the registry opened: the one way a new version is
/// stored, whether an ra-manager applies it alone (`Registry.applyPolicy`, a sole ra-manager's
/// audited override) or a `policy-change` request's `policy.apply` effect does after a second
/// person's approval.
struct PolicyApplier {
    let db: Database
    let session: OperatorSession
    let time: String

    /// The field of a `policy-change` request's form that holds the proposed files' hash.
    static let hashField = "proposalHash"

    /// Whether a policy makes policy changes go through a request a second person approves: it
    /// has a workflow whose effect is `policy.apply`.
    static func needsApproval(_ library: FormLibrary) -> Bool {
        library.workflows.contains { $0.transitions.contains { $0.transition.effect == .policyApply } }
    }

    /// Stores `library` as the next version after `current`, with a `policy.applied` event holding
    /// the diff, both hashes and `extra` details (the request or the override). Refuses a policy
    /// that strands an enabled operator's role, or that drops the two-person policy change the
    /// policy in force has.
    func apply(_ library: FormLibrary, over current: StoredPolicy, extra: [String: JSONValue]) throws
        -> PolicyApplication
    {
        let changes = PolicyChange.between(current.library.files, library.files)
        if changes.isEmpty { return .unchanged(current) }
        let named = Set(library.rules.operatorRoles.map(\.id))
        let held = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT operator_role.role FROM operator_role JOIN operator ON operator.id = operator_role.operator_id
                WHERE operator.is_disabled = 0 ORDER BY operator_role.role
                """)
        if let stranded = held.first(where: { !named.contains($0) }) {
            throw PolicyError.invariant(
                "enabled operators hold the role \(VisibleText.quoted(stranded)), which it does not name; give them other roles first"
            )
        }
        if Self.needsApproval(current.library) && !Self.needsApproval(library) {
            throw PolicyError.invariant(
                "it has no workflow applying policy changes (effect policy.apply), so one person could change the policy alone from then on"
            )
        }
        let store = PolicyStore(db: db)
        let (version, hash) = try store.add(library, origin: library.origin, by: session.name, at: time)
        var details: [String: JSONValue] = [
            "from": .object(["version": JSONValue(current.version), "hash": .string(current.hash)]),
            "to": .object(["version": JSONValue(version), "hash": .string(hash), "origin": .string(library.origin)]),
            "changes": .array(changes.map(\.jsonValue)),
        ]
        details.merge(extra) { _, new in new }
        try AuditTrail(db: db).append(
            operatorName: session.name, action: .policyApplied, record: "policy/\(version)", details: .object(details),
            state: try store.state(of: version), at: time)
        let applied = StoredPolicy(
            version: version, hash: hash, appliedAt: time, appliedBy: session.name, origin: library.origin,
            library: library)
        return .applied(from: current, to: applied, changes: changes)
    }
}
