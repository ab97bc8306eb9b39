import GRDB

/// The revocation effects (`operator.revoke`, `credentials.revoke`) and the separation-of-duties
/// rules revocation adds: the requester named in a request does not verify, decide or carry it
/// out, and an RA Manager's revocation is decided and carried out only by the roles the rules
/// file's `revocation.managerRevocation` names (another RA Manager, or the site's alternative).
extension RequestEngine {
    /// Why revocation's own rules forbid the operator `transition` in `request`; nil when they
    /// do not. Called by `separation`, so `request act`, `request show` and the TUI agree.
    func revocationSeparation(_ transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition) throws -> String? {
        let decides = transition.kind == .approval || transition.effect != nil
        if let field = workflow.requesterField, Self.id(request.fields[field]) == session.operatorID,
            transition.kind == .verification || decides
        {
            return "request \(request.id) was asked for by \(session.name): the requester does not verify, decide or carry it out."
        }
        guard decides, let revocation = rules.revocation, let subject = request.subjectOperatorID else { return nil }
        let operators = OperatorStore(db: db, rules: rules)
        guard !Set(try operators.roles(of: subject)).isDisjoint(with: revocation.managerRoles) else { return nil }
        let mine = Set(try operators.roles(of: session.operatorID))
        guard mine.isDisjoint(with: revocation.managerDecidedBy) else { return nil }
        let others = try operators.activeHolders(of: revocation.managerDecidedBy, besides: subject)
        if others == 0 && !mine.isDisjoint(with: revocation.managerOtherwiseDecidedBy) { return nil }
        var roles = revocation.managerDecidedBy.map(rules.operatorRoleName).joined(separator: " or ")
        if !revocation.managerOtherwiseDecidedBy.isEmpty {
            roles += " (or, with none other enabled, a \(revocation.managerOtherwiseDecidedBy.map(rules.operatorRoleName).joined(separator: " or ")))"
        }
        return "request \(request.id) is about an \(revocation.managerRoles.map(rules.operatorRoleName).joined(separator: " or ")): only another \(roles) decides and carries it out (site rule)."
    }

    /// Carries out a revocation effect at once; returns what the audit event records of it and
    /// the states of every record it changed (`operator/N`, `credential/N`).
    func revoke(_ effect: WorkflowEffect, for request: Request, workflow: WorkflowDefinition) throws -> (JSONValue, [String: JSONValue]) {
        let credentials = CredentialStore(db: db)
        let operators = OperatorStore(db: db, rules: rules)
        let fields = request.allFields
        var details: [String: JSONValue] = ["at": .string(time)]
        var states: [String: JSONValue] = [:]
        var ids: [Int64] = []
        switch effect {
        case .operatorRevoke:
            guard let subject = request.subjectOperatorID, let account = try operators.record(id: subject) else {
                throw RequestError.checksFailed([ValidationIssue(.revocationNotEntitled, "The request names no operator to revoke.")])
            }
            let chosen = Set(Self.strings(fields[RevocationRules.Field.credentials]))
            details["operator"] = .string(account.name)
            if chosen.contains("operator-account") {
                details["account"] = .bool(try operators.revoke(subject, by: session.operatorID, request: request.id, at: time))
                states["operator/\(subject)"] = try operators.state(of: subject) ?? .null
            }
            if chosen.contains("recorded-credentials") {
                ids = try credentials.inUse(ofOperator: subject)
            }
        case .credentialsRevoke:
            guard let organisation = RequestChecks(db: db, workflow: workflow, fields: fields).organisation else {
                throw RequestError.checksFailed([ValidationIssue(.revocationCredential, "The request names no organisation.")])
            }
            let credential = Self.id(fields[RevocationRules.Field.credential])
            switch fields[RevocationRules.Field.target] {
            case .string("organisation"): ids = try credentials.inUse(ofOrganisation: organisation)
            case .string("holder"): ids = try credential.map { try credentials.inUse(ofHolderOf: $0) } ?? []
            default: ids = credential.map { [$0] } ?? []
            }
            // The check ran before; the rows are read again here, in the same transaction.
            ids = try ids.filter { try credentials.organisation(of: $0) == organisation }
        case .credentialCreate:
            return (.null, [:])
        }
        for id in ids where try credentials.revoke(id, by: session.operatorID, request: request.id, at: time) {
            states[CredentialStore.record(id)] = try credentials.state(of: id) ?? .null
        }
        details["credentials"] = .array(ids.map { JSONValue($0) })
        // A verified revocation always proceeds; without an enabled manager left, the registry
        // is in recovery (`operator recover`).
        details["recovery"] = .bool(try operators.activeManagerCount() == 0)
        return (.object(details), states)
    }

    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}
