extension PersonalData {
    /// `{"digest": ..., "fields": {...} or null once redacted or withheld, "redactedAt": ...,
    /// "withheld": true when the operator may not see it}`.
    public var jsonValue: JSONValue {
        .object([
            "digest": .string(digest), "fields": content.map(JSONValue.object) ?? .null,
            "redactedAt": redactedAt.map(JSONValue.string) ?? .null, "withheld": .bool(isWithheld),
        ])
    }
}

extension Request.Step {
    public var jsonValue: JSONValue {
        .object([
            "sequence": JSONValue(sequence), "action": .string(action), "from": from.map(JSONValue.string) ?? .null,
            "to": .string(to), "operator": .string(operatorName), "recordedAt": .string(recordedAt),
            "automatic": .bool(isAutomatic),
            "evidence": evidenceForm.map { form in
                .object([
                    "form": .string(form), "fields": .object(evidence ?? [:]), "personal": personal?.jsonValue ?? .null,
                ])
            } ?? .null,
            "reason": reason.map(JSONValue.string) ?? .null, "note": note.map(JSONValue.string) ?? .null,
            "auditSequence": JSONValue(auditSequence),
        ])
    }
}

extension RequestAction {
    /// A possible step: what it records and checks, who may take it, and whether the operator
    /// asking may (`allowed`, else `refusal`).
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "action": .string(transition.action), "label": .string(transition.label), "to": .string(transition.to),
            "kind": .string(transition.kind.rawValue), "permission": .string(transition.permission.rawValue),
            "automatic": .bool(transition.isAutomatic), "reason": .bool(transition.needsReason),
            "reasons": transition.needsReason
                ? .array(rules.requestReasons.map { .object(["id": .string($0.id), "name": .string($0.name)]) })
                : .null,
            "evidence": evidenceForm.map { $0.jsonValue(rules: rules) } ?? .null,
            "checks": .array(transition.checks.map { .string($0.rawValue) }),
            "checkIssues": .array(checkIssues.map(\.jsonValue)),
            "roles": .array(roles.map(JSONValue.string)),
            "excluded": .array(
                excluded.map { .object(["operator": .string($0.operatorName), "reason": .string($0.reason)]) }),
            "allowed": .bool(refusal == nil), "refusal": refusal.map { .string($0.message) } ?? .null,
            "refusalCode": refusal.map { .string($0.code) } ?? .null,
        ])
    }
}

extension RequestDetails {
    /// The request as `request show --json`, `request new --json` and `request act --json` print
    /// it: `{"id": N, "state": "...", ...}` with every step and the actions possible now.
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "id": JSONValue(request.id), "kind": .string(request.kind),
            "title": workflow.map { .string($0.title) } ?? .null,
            "state": .string(request.state), "stateLabel": .string(stateLabel),
            "form": .string(request.formID), "fields": .object(request.fields),
            "personal": request.personal?.jsonValue ?? .null,
            "organisation": request.organisationID.map { JSONValue($0) } ?? .null,
            "submittedBy": .string(request.submittedBy), "submittedAt": .string(request.submittedAt),
            "policyVersion": JSONValue(request.policyVersion),
            "transitions": .array(request.steps.map(\.jsonValue)),
            "actions": .array(actions.map { $0.jsonValue(rules: rules) }),
            "pendingChecks": .array(pendingChecks.map(\.jsonValue)),
            "held": .bool(hold != nil), "hold": hold?.jsonValue ?? .null,
        ])
    }
}

extension RequestSummary {
    /// One entry of `request list --json`.
    public var jsonValue: JSONValue {
        .object([
            "id": JSONValue(id), "kind": .string(kind), "state": .string(state), "name": .string(name),
            "organisation": organisationID.map { JSONValue($0) } ?? .null, "submittedAt": .string(submittedAt),
            "submittedBy": .string(submittedBy), "updatedAt": .string(updatedAt),
            "held": .bool(hold != nil), "hold": hold?.jsonValue ?? .null,
        ])
    }
}
