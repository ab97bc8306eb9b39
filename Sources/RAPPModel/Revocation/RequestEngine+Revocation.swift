import GRDB

/// The revocation effects (`operator.revoke`, `credentials.revoke`) and the separation-of-duties
/// rules revocation adds: the requester named in a request does not verify, decide or carry it
/// out, and an RA Manager's revocation is decided and carried out only by the roles the rules
/// file's `revocation.managerRevocation` names (another RA Manager, or the site's alternative).
extension RequestEngine {
    /// Why revocation's own rules forbid the operator `transition` in `request`; nil when they
    /// do not. Called by `separation`, so `request act`, `request show` and the TUI agree.
    func revocationSeparation(_ transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition)
        throws -> String?
    {
        if let field = workflow.requesterField, Self.id(request.fields[field]) == session.operatorID,
            Self.verifiesOrDecides(transition)
        {
            return
                "request \(request.id) was asked for by \(session.name): the requester does not verify, decide or carry it out."
        }
        guard Self.settles(transition), let revocation = rules.revocation, let subject = request.subjectOperatorID
        else { return nil }
        let operators = OperatorStore(db: db, rules: rules)
        guard !Set(try operators.roles(of: subject)).isDisjoint(with: revocation.managerRoles) else { return nil }
        let mine = Set(try operators.roles(of: session.operatorID))
        guard mine.isDisjoint(with: revocation.managerDecidedBy) else { return nil }
        let others = try operators.activeHolders(of: revocation.managerDecidedBy, besides: subject)
        if others == 0 && !mine.isDisjoint(with: revocation.managerOtherwiseDecidedBy) { return nil }
        var roles = revocation.managerDecidedBy.map(rules.operatorRoleName).joined(separator: " or ")
        if !revocation.managerOtherwiseDecidedBy.isEmpty {
            roles +=
                " (or, with none other enabled, a \(revocation.managerOtherwiseDecidedBy.map(rules.operatorRoleName).joined(separator: " or ")))"
        }
        return
            "request \(request.id) is about an \(revocation.managerRoles.map(rules.operatorRoleName).joined(separator: " or ")): only another \(roles) decides and carries it out (site rule)."
    }

    /// A person's step that verifies, decides (an approval, a `revocation.decide` either way) or
    /// carries out (an effect, `revocation.revoke`): what the requester named may not take.
    static func verifiesOrDecides(_ transition: WorkflowTransition) -> Bool {
        !transition.isAutomatic
            && (transition.kind == .verification || transition.kind == .approval || transition.effect != nil
                || transition.permission == .revocationDecide || transition.permission == .revocationRevoke)
    }

    /// A person's step that settles a request about an RA Manager one way or the other: deciding,
    /// carrying out, or ending it (an exit, a withdrawal included, so nobody else quietly drops
    /// it). Automatic steps are checks, not decisions.
    static func settles(_ transition: WorkflowTransition) -> Bool {
        !transition.isAutomatic && transition.kind != .verification && transition.kind != .check
            && (verifiesOrDecides(transition) || transition.kind == .exit)
    }

    /// `revocationSeparation` as SQL over `r` (the request), for the waiting list: nil when it
    /// cannot forbid the operator `transition`, so other workflows' queries stay as they were.
    func revocationWaitingCondition(
        _ transition: WorkflowTransition, workflow: WorkflowDefinition, roles: [String]
    ) -> (String?, [any DatabaseValueConvertible]) {
        var parts: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let field = workflow.requesterField, Self.verifiesOrDecides(transition) {
            parts.append("coalesce(json_extract(r.fields, ?) != ?, 1)")
            arguments += ["$.\(field)", session.operatorID]
        }
        if Self.settles(transition), workflow.subjectField != nil, let revocation = rules.revocation,
            !revocation.managerRoles.isEmpty,
            Set(roles).isDisjoint(with: revocation.managerDecidedBy)
        {
            func list(_ items: [String]) -> String { items.map { _ in "?" }.joined(separator: ",") }
            var allowed = """
                (r.subject_operator_id IS NULL OR NOT EXISTS (SELECT 1 FROM operator_role m
                WHERE m.operator_id = r.subject_operator_id AND m.role IN (\(list(revocation.managerRoles))))
                """
            arguments += revocation.managerRoles as [any DatabaseValueConvertible]
            if !Set(roles).isDisjoint(with: revocation.managerOtherwiseDecidedBy) {
                allowed += """
                     OR NOT EXISTS (SELECT 1 FROM operator o JOIN operator_role d ON d.operator_id = o.id
                    WHERE o.id != r.subject_operator_id AND o.is_disabled = 0 AND d.role IN (\(list(revocation.managerDecidedBy)))
                    AND NOT EXISTS (SELECT 1 FROM operator_revocation v WHERE v.operator_id = o.id))
                    """
                arguments += revocation.managerDecidedBy as [any DatabaseValueConvertible]
            }
            parts.append(allowed + ")")
        }
        return (parts.isEmpty ? nil : "(" + parts.joined(separator: " AND ") + ")", arguments)
    }

    /// Carries out a revocation effect at once; returns what the audit event records of it and
    /// the states of every record it changed (`operator/N`, `credential/N`).
    func revoke(_ effect: WorkflowEffect, for request: Request, workflow: WorkflowDefinition) throws -> (
        JSONValue, [String: JSONValue]
    ) {
        let credentials = CredentialStore(db: db)
        let operators = OperatorStore(db: db, rules: rules)
        let fields = request.allFields
        var details: [String: JSONValue] = ["at": .string(time)]
        var states: [String: JSONValue] = [:]
        var ids: [Int64] = []
        switch effect {
        case .operatorRevoke:
            guard let subject = request.subjectOperatorID, let account = try operators.record(id: subject) else {
                throw RequestError.checksFailed([
                    ValidationIssue(.revocationNotEntitled, "The request names no operator to revoke.")
                ])
            }
            let chosen = Set(Self.strings(fields[RevocationRules.Field.credentials]))
            details["operator"] = .string(account.name)
            if chosen.contains(RevocationRules.Option.operatorAccount) {
                details["account"] = .bool(
                    try operators.revoke(subject, by: session.operatorID, request: request.id, at: time))
                states["operator/\(subject)"] = try operators.state(of: subject) ?? .null
            }
            if chosen.contains(RevocationRules.Option.recordedCredentials) {
                ids = try credentials.inUse(ofOperator: subject)
            }
        case .credentialsRevoke:
            guard
                let organisation = RequestChecks(db: db, workflow: workflow, fields: fields, rules: rules).organisation
            else {
                throw RequestError.checksFailed([
                    ValidationIssue(.revocationCredential, "The request names no organisation.")
                ])
            }
            try requireNotHeld(organisation, request: request.id)
            let credential = Self.id(fields[RevocationRules.Field.credential])
            switch fields[RevocationRules.Field.target] {
            case .string(RevocationRules.Option.organisation): ids = try credentials.inUse(ofOrganisation: organisation)
            case .string(RevocationRules.Option.holder):
                ids = try credential.map { try credentials.inUse(ofHolderOf: $0) } ?? []
            default: ids = credential.map { [$0] } ?? []
            }
            // The check ran before; the rows are read again here, in the same transaction.
            ids = try ids.filter { try credentials.organisation(of: $0) == organisation }
        case .credentialCreate, .operatorCreate, .policyApply:
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
