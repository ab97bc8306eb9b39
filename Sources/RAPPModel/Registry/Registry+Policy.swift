import Foundation
import GRDB

/// The policy's entry points: what is in force, how another policy differs, and applying one.
extension Registry {
    /// The policy in force, read now.
    public func currentPolicy() throws -> StoredPolicy {
        try read { _ in storedPolicy }
    }

    /// Every policy version, oldest first, without their files.
    public func policyVersions() throws -> [(
        version: Int64, hash: String, appliedAt: String, appliedBy: String?, origin: String
    )] {
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
    /// Needs `policy.apply`. Under a policy whose changes go through a `policy-change` request
    /// (a workflow with the effect `policy.apply`), one person applies a policy only as the sole
    /// operator who could approve one, with `soleManagerOverride`: its reason goes into the
    /// `policy.applied` event; anyone else proposes (`proposePolicy`). Refuses a policy that
    /// leaves an enabled operator with a role it does not name (their account would be stranded)
    /// on top of what no policy may do at all (`PolicyInvariants`, checked when it was loaded).
    public func applyPolicy(
        _ library: FormLibrary, soleManagerOverride reason: String? = nil, by session: OperatorSession,
        now: Date = Date()
    ) throws -> PolicyApplication {
        let time = Timestamp.format(now)
        if let reason { try Self.validateOverrideReason(reason) }
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            try operators.authorise(.policyApply, session: session)
            let current = storedPolicy
            if PolicyChange.between(current.library.files, library.files).isEmpty { return .unchanged(current) }
            var extra: [String: JSONValue] = [:]
            if PolicyApplier.needsApproval(current.library) {
                let approvers = try operators.enabledCount(granting: .policyApply)
                guard let reason else { throw PolicyError.needsRequest(soleManager: approvers <= 1) }
                guard approvers <= 1 else { throw PolicyError.overrideRefused }
                extra["override"] = .object([
                    "soleManager": .string(session.name), "reason": .string(reason.trimmingWhiteSpace()),
                ])
            } else if reason != nil {
                extra["override"] = .object([
                    "soleManager": .string(session.name), "reason": .string(reason!.trimmingWhiteSpace()),
                ])
            }
            let outcome = try PolicyApplier(db: db, session: session, time: time).apply(
                library, over: current, extra: extra)
            try refreshPolicy(db)
            return outcome
        }
    }

    /// Enters a `policy-change` request for `library`: its files and the semantic diff from the
    /// version in force are kept with it (`policy_proposal`), the request's form holds their hash
    /// and `summary`, and a `policy.proposed` event records the diff. Nothing is in force until a
    /// second person approves and the request's `apply` step runs.
    public func proposePolicy(_ library: FormLibrary, summary: String, by session: OperatorSession, now: Date = Date())
        throws -> RequestDetails
    {
        let time = Timestamp.format(now)
        return try write { db in
            let current = storedPolicy
            let changes = PolicyChange.between(current.library.files, library.files)
            guard !changes.isEmpty else {
                throw PolicyError.proposal("it is the policy in force (version \(current.version)) already")
            }
            guard
                let workflow = policy.workflows.first(where: {
                    $0.transitions.contains { $0.transition.effect == .policyApply }
                })
            else {
                throw PolicyError.proposal(
                    "the policy in force has no policy-change workflow; apply this one with `ratui policy apply`")
            }
            let hash = PolicyFiles(library.files).hash
            let form = FormFile(
                formID: workflow.form,
                fields: .object([
                    "proposalHash": .string(hash), "summary": .string(summary),
                ]))
            let engine = RequestEngine(db: db, policy: policy, session: session, time: time)
            let outcome = try engine.submit(kind: workflow.id, form: form)
            let id = outcome.request.id
            try PolicyProposalStore(db: db).add(
                request: id, baseVersion: current.version, library: library, changes: changes, at: time)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .policyProposed, record: RequestStore.record(id),
                details: .object([
                    "request": JSONValue(id),
                    "from": .object(["version": JSONValue(current.version), "hash": .string(current.hash)]),
                    "to": .object(["hash": .string(hash), "origin": .string(library.origin)]),
                    "changes": .array(changes.map(\.jsonValue)),
                ]), at: time)
            return try details(outcome, engine: engine)
        }
    }

    /// The proposed policy of a `policy-change` request and its recorded diff. Needs `request.read`.
    public func policyProposal(request id: Int64, by session: OperatorSession) throws -> (
        hash: String, baseVersion: Int64, changes: [PolicyChange]
    )? {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            guard let proposal = try PolicyProposalStore(db: db).proposal(request: id) else { return nil }
            return (
                proposal.hash, proposal.baseVersion,
                PolicyChange.between(try PolicyStore(db: db).files(of: proposal.baseVersion), proposal.files)
            )
        }
    }

    static func validateOverrideReason(_ reason: String) throws {
        let trimmed = reason.trimmingWhiteSpace()
        if trimmed.isEmpty {
            throw PolicyError.overrideReason("say why this change cannot wait for a second ra-manager")
        }
        if let control = reason.unicodeScalars.first(where: VisibleText.mustEscape) {
            throw PolicyError.overrideReason("it contains \(VisibleText.describe(control)); remove it")
        }
        if reason.count > RequestEngine.maximumNoteLength {
            throw PolicyError.overrideReason(
                "it is \(reason.count) characters long; at most \(RequestEngine.maximumNoteLength) are allowed")
        }
    }
}
