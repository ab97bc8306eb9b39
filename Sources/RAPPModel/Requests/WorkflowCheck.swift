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

    /// Whether the check needs the workflow's `credential` section.
    var needsCredential: Bool { self == .credentialNoDuplicate }

    /// Whether the check needs the workflow's `organisationField`.
    var needsOrganisation: Bool { self == .organisationCurrent || self == .organisationEntryTestsPassed || self == .revocationCredentialOfOrganisation }
}
