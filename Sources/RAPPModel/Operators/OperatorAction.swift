/// Something an operator may be granted by the permissions table in the rules file.
///
/// The table itself is data (`Forms/rules.json`); these are the names it may use. The model checks
/// every change against it, whichever front end asked.
public enum OperatorAction: String, Sendable, CaseIterable, Hashable {
    /// Browse the registry in the terminal UI (the command line's read-only commands need no sign-in).
    case registryRead = "registry.read"
    /// Register a new organisation from its A1 form.
    case organisationSubmit = "organisation.submit"
    /// Store an amended A1 form for a registered organisation.
    case organisationAmend = "organisation.amend"
    /// Add, disable, enable, re-role, unlock operators and reset their passphrases.
    case operatorManage = "operator.manage"
    /// Read and export the audit trail.
    case auditRead = "audit.read"
    /// Put a new policy (form definitions, site rules, workflows, templates) in force.
    case policyApply = "policy.apply"
    /// Copy the whole registry to a file (`ratui backup`): passphrase hashes and all.
    case registryBackup = "registry.backup"
    /// Record an organisation's preconditions: its EUI-64 allocation from SECAS and its passed
    /// SMKI and Repository Entry Process Tests.
    case organisationPreconditions = "organisation.preconditions"
    /// Read requests and credentials.
    case requestRead = "request.read"
    /// Enter a request (an ARO nomination, say) from its form.
    case requestSubmit = "request.submit"
    /// Run a request's automatic checks again.
    case requestCheck = "request.check"
    /// Record the verification of a person's identity and screening, with the evidence seen.
    case requestVerify = "request.verify"
    /// Approve a request (never one the operator submitted or verified: see `RequestEngine`).
    case requestApprove = "request.approve"
    /// Record what was issued for a request, and make its credential active.
    case requestIssue = "request.issue"
    /// Reject a request, with a reason code.
    case requestReject = "request.reject"
    /// Record that a request was withdrawn.
    case requestWithdraw = "request.withdraw"
    /// File a revocation request (form A7 as a PMA member, say) or record one that arrived
    /// another way; entitlement under RAPP 8.3.3 is checked after, from the request.
    case revocationRequest = "revocation.request"
    /// Decide a verified revocation request: verified or not verified, with reasons.
    case revocationDecide = "revocation.decide"
    /// Carry out a decided revocation: the credentials named are revoked at once.
    case revocationRevoke = "revocation.revoke"
    /// Record an SMKI PMA direction under SEC L16 (Supplier of Last Resort) that holds, or
    /// releases, the revocation of an organisation's certificates.
    case organisationSolrHold = "organisation.solr-hold"
    /// See requests' personal evidence (dates of birth, identity document and screening
    /// references); without it every output shows only its digest.
    case evidenceRead = "evidence.read"
    /// Redact a closed request's personal evidence once the rules file's retention period has
    /// passed (audited; the trail keeps the digest).
    case evidenceRedact = "evidence.redact"
    /// See the outbox: the notifications requests' steps wrote, with their text.
    case notificationRead = "notification.read"
    /// Send pending notifications through a mail command, or export them as files.
    case notificationSend = "notification.send"
    /// Mark a notification handled by hand (delivered some other way, or sent after a crash).
    case notificationHandle = "notification.handle"

    /// What the action is, for "you may not ..." messages.
    public var summary: String {
        switch self {
        case .registryRead: "read the registry"
        case .organisationSubmit: "register organisations"
        case .organisationAmend: "amend organisations"
        case .operatorManage: "manage operator accounts"
        case .auditRead: "read the audit trail"
        case .policyApply: "change the registry's policy"
        case .registryBackup: "back up the registry"
        case .organisationPreconditions: "record organisations' allocations and entry tests"
        case .requestRead: "read requests and credentials"
        case .requestSubmit: "enter requests"
        case .requestCheck: "run requests' checks"
        case .requestVerify: "verify identities for requests"
        case .requestApprove: "approve requests"
        case .requestIssue: "issue credentials for requests"
        case .requestReject: "reject requests"
        case .requestWithdraw: "record withdrawn requests"
        case .revocationRequest: "request revocations"
        case .revocationDecide: "decide revocation requests"
        case .revocationRevoke: "revoke credentials"
        case .organisationSolrHold: "record SMKI PMA holds on organisations' revocation (SEC L16)"
        case .evidenceRead: "see personal evidence (dates of birth, identity document references)"
        case .evidenceRedact: "redact closed requests' personal evidence"
        case .notificationRead: "read the notifications outbox"
        case .notificationSend: "send notifications"
        case .notificationHandle: "mark notifications handled by hand"
        }
    }
}
