/// What an audit event records: the kinds of change ratui writes to the audit trail.
public enum AuditAction: String, Sendable, CaseIterable {
    case organisationSubmitted = "organisation.submitted"
    case organisationAmended = "organisation.amended"
    case operatorBootstrapped = "operator.bootstrapped"
    case operatorAdded = "operator.added"
    case operatorDisabled = "operator.disabled"
    case operatorEnabled = "operator.enabled"
    case operatorRolesChanged = "operator.roles-changed"
    case operatorPassphraseReset = "operator.passphrase-reset"
    /// An operator changed their own passphrase (the one an RA credential's issue set, say).
    case operatorPassphraseChanged = "operator.passphrase-changed"
    case operatorUnlocked = "operator.unlocked"
    /// An operator's contact address set, changed or cleared (`operator email`).
    case operatorEmailChanged = "operator.email-changed"
    case operatorLocked = "operator.locked"
    /// A sign-in re-hashed the operator's passphrase with the hasher's current, stronger parameters:
    /// the stored passphrase record changed, so the trail records its new digest.
    case operatorPassphraseRehashed = "operator.passphrase-rehashed"
    case signInFailed = "sign-in.failed"
    /// A registry stored its first policy: created, or migrated from a ratui without one.
    case policyStored = "policy.stored"
    /// An ra-manager put a new policy in force.
    case policyApplied = "policy.applied"
    /// An operator proposed a policy change (a `policy-change` request): the diff a second person
    /// judges before approving.
    case policyProposed = "policy.proposed"
    /// An operator copied the registry to a file; the event names the file and the copy's head.
    case registryBackedUp = "registry.backed-up"
    /// The registry was replaced by a backup copy; the event says from where, what it replaced
    /// and anything `--force` went past.
    case registryRestored = "registry.restored"
    /// A registry migrated to schema 5 recorded the state of every record as it stood, so the
    /// trail accounts for the data from then on (`Reconciliation`).
    case auditBaseline = "audit.baseline"
    /// An organisation's EUI-64 allocation from SECAS was recorded.
    case organisationAllocationRecorded = "organisation.allocation-recorded"
    /// An organisation's passed SMKI and Repository Entry Process Tests were recorded.
    case organisationEntryTestsRecorded = "organisation.entry-tests-recorded"
    /// A request was entered (sequence 0 of its steps).
    case requestSubmitted = "request.submitted"
    /// A request took one step of its workflow, with its evidence (personal data by digest).
    case requestTransitioned = "request.transitioned"
    /// In recovery (no enabled ra-manager left after a revocation), a new ra-manager was created
    /// with the sign-ins of other operators, one of them a PMA member; the event names them.
    case operatorRecovered = "operator.recovered"
    /// A closed request's personal evidence was redacted after its retention period: the
    /// event lists the digests, which stay; the content and salt are gone.
    case requestRedacted = "request.redacted"
    /// An SMKI PMA direction under SEC L16 (Supplier of Last Resort) was recorded: revocation of
    /// the organisation's certificates is held from now on; the event names the PMA's decision.
    case organisationRevocationHeld = "organisation.revocation-held"
    /// The PMA's decision ending an L16 hold was recorded: held revocation requests go on.
    case organisationRevocationReleased = "organisation.revocation-released"
    /// A notification is being handed to the mail command (`notify send`): committed before the
    /// command runs, so a crash mid-send leaves it in doubt, never silently sent twice.
    case notificationSending = "notification.sending"
    /// The mail command took the notification (exit status 0).
    case notificationSent = "notification.sent"
    /// The mail command failed: the notification is pending again; the event says why.
    case notificationSendFailed = "notification.send-failed"
    /// An operator marked the notification handled by hand.
    case notificationHandled = "notification.handled"
    /// Open notifications were written to `.eml` files (`notify export`), naming the folder and
    /// the notifications; their states do not change.
    case notificationsExported = "notification.exported"
}
