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
    /// Opens the operator account the request asked for (an RA credential), from the workflow's
    /// `operatorAccount` section, with the initial passphrase read at this step and to be changed
    /// at first sign-in, and records its credential when the workflow has a `credential` section.
    case operatorCreate = "operator.create"
    /// Puts the policy proposed with the request (`policy propose`) in force, if the policy in
    /// force is still the one it was proposed against and its files still match the hash the
    /// request's form recorded (`policyField`).
    case policyApply = "policy.apply"
}
