/// An automatic check a workflow's transition runs before it is taken, named in the workflow
/// file and carried out in code (`RequestChecks`), inside the transition's transaction.
public enum WorkflowCheck: String, Sendable, CaseIterable, Hashable {
    /// The request's organisation is registered, with a current A1 version.
    case organisationCurrent = "organisation.current"
    /// The request's organisation has passed the SMKI and Repository Entry Process Tests.
    case organisationEntryTestsPassed = "organisation.entry-tests-passed"
    /// The person holds no active credential of the workflow's kind in any scope asked for:
    /// the same organisation, the same name (normalised) and the same date of birth.
    case credentialNoDuplicate = "credential.no-duplicate"
    /// The requester may ask for this revocation under RAPP 8.3.3, as the rules file's
    /// `revocation` section says (`RequestChecks+Revocation`).
    case revocationEntitled = "revocation.entitled"
    /// The opposite: the step that records and refuses an unentitled request.
    case revocationNotEntitled = "revocation.not-entitled"
    /// The credential an organisation revocation names belongs to that organisation.
    case revocationCredentialOfOrganisation = "revocation.credential-of-organisation"

    /// Every scope asked for that the rules file restricts (`credentialScopes`, Ad Hoc Device
    /// CSRs for suppliers, say) is one the organisation's current A1 form has a User Role for.
    case credentialScopeUserRoles = "credential.scope-user-roles"
    /// The operator account asked for can be opened: a usable name no account has, and roles the
    /// rules file defines.
    case operatorAccountAvailable = "operator.account-available"

    /// The credential a renewal names (the workflow's `renewsField`, when given) is active, of the
    /// same kind and organisation, and held by the same holder (name compared as holders are).
    case credentialRenewable = "credential.renewable"

    /// The caller's details on this request match those recorded on the request that created
    /// their credential (the workflow's `caller` section), and that credential is active.
    case credentialCallerMatches = "credential.caller-matches"

    /// Whether the check needs the workflow's `operatorAccount` section.
    var needsAccount: Bool { self == .operatorAccountAvailable }

    /// Whether the check needs the workflow's `credential` section.
    var needsCredential: Bool {
        self == .credentialNoDuplicate || self == .credentialScopeUserRoles || self == .credentialRenewable
    }

    /// Whether the check needs the workflow's `organisationField`.
    var needsOrganisation: Bool {
        self == .organisationCurrent || self == .organisationEntryTestsPassed || self == .credentialScopeUserRoles
            || self == .revocationCredentialOfOrganisation
    }
}
