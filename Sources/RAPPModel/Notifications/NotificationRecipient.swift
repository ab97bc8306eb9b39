/// Who a workflow's notification is for: a kind of recipient, found in the request (or the rules
/// file) when the step is taken.
public enum NotificationRecipient: String, Sendable, CaseIterable, Hashable {
    /// Who asked: the operator the workflow's `requesterField` names (when it has one; nobody
    /// when the field is empty), else the operator who entered the request; reached at their
    /// contact address (`operator email`), by hand when they have none.
    case requester
    /// The operator the request is about (the workflow's `subjectField`): the holder of the
    /// credentials an RA revocation revokes.
    case subject
    /// The SMKI RA Manager's mailbox (rules file `notifications.raManager`).
    case raManager = "ra-manager"
    /// The SMKI PMA's mailbox (rules file `notifications.pma`).
    case pma
    /// The AROs of the organisation the request concerns (its `organisationField`), through the
    /// organisation's contact e-mail in its A1 form in force.
    case organisationAROs = "organisation-aros"
}

/// One notification a workflow step causes: to whom, from which template.
public struct WorkflowNotification: Hashable, Sendable {
    public let recipient: NotificationRecipient
    public let template: String
}
