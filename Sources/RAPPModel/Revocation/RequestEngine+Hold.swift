import GRDB

/// Supplier of Last Resort holds in the request engine: a revocation request covering an
/// organisation whose revocation the SMKI PMA holds (SEC L16) is accepted and goes through its
/// checks and verification, then waits, held, in the state out of which its credentials would be
/// revoked. There every step is refused (`revocation.held`), whoever takes it, until the PMA's
/// release decision is recorded; then it goes on from that state.
///
/// RAPP section 8's procedure does not apply to what the hold covers. An RA person's revocation
/// (`operator.revoke`, form A7) is about RA staff credentials, not an organisation's
/// certificates: it is not held.
extension RequestEngine {
    /// Whether a transition revokes an organisation's credentials.
    static func revokesOrganisationCredentials(_ transition: WorkflowTransition) -> Bool {
        transition.effect == .credentialsRevoke
    }

    /// Whether `state` is where a request waits before its organisation's credentials are
    /// revoked: a transition out of it revokes them.
    static func isBeforeRevoking(_ state: WorkflowState?) -> Bool {
        state?.transitions.contains(where: revokesOrganisationCredentials) ?? false
    }

    /// The hold that keeps `request` where it is, or nil: the request is in a state before
    /// revoking and its organisation's revocation is held. One seek.
    func hold(of request: Request, workflow: WorkflowDefinition) throws -> RevocationHoldError? {
        guard let organisation = request.organisationID, Self.isBeforeRevoking(workflow.state(request.state)),
            let hold = try RevocationHoldStore(db: db).inForce(of: organisation)
        else { return nil }
        return .held(
            request: request.id, organisation: organisation, decision: hold.decision, decidedOn: hold.decidedOn)
    }

    /// Refuses revoking organisation `organisation`'s credentials while a hold is in force: the
    /// effect's own guard, whichever path reaches it.
    func requireNotHeld(_ organisation: Int64, request: Int64) throws {
        if let hold = try RevocationHoldStore(db: db).inForce(of: organisation) {
            throw RevocationHoldError.held(
                request: request, organisation: organisation, decision: hold.decision, decidedOn: hold.decidedOn)
        }
    }
}

extension Registry {
    /// The hold in force that keeps each listed request where it is (`RequestSummary.hold`): a
    /// seek per organisation named by a request of the page in a state before revoking.
    func markingHolds(_ summaries: [RequestSummary], db: Database) throws -> [RequestSummary] {
        let store = RevocationHoldStore(db: db)
        var holds: [Int64: RevocationDirection?] = [:]
        return try summaries.map { summary in
            guard let organisation = summary.organisationID,
                RequestEngine.isBeforeRevoking(policy.workflow(summary.kind)?.state(summary.state))
            else { return summary }
            if holds[organisation] == nil { holds[organisation] = .some(try store.inForce(of: organisation)) }
            var marked = summary
            marked.hold = holds[organisation] ?? nil
            return marked
        }
    }
}
