/// What taking a transition does besides moving the request: named in the workflow file,
/// carried out in code, in the transition's transaction.
///
/// An effect is what a request is for, so no policy may reach one without a second person's
/// approval (`PolicyInvariants`).
public enum WorkflowEffect: String, Sendable, CaseIterable, Hashable {
    /// Creates the credential the request asked for, active, from the workflow's `credential`
    /// section: its holder (found again or added), scopes and the serials recorded at issue.
    case credentialCreate = "credential.create"
    /// Revokes the RA person the request is about (its `subjectField`): their operator account
    /// becomes revoked and every credential recorded for them, as its `credentials` field names.
    case operatorRevoke = "operator.revoke"
    /// Revokes an organisation's credentials, of any kind: one, every one of its holder, or all
    /// (its `target` field).
    case credentialsRevoke = "credentials.revoke"
}
