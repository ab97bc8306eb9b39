/// One step a workflow allows out of a state: who may take it, what it records, what it checks.
public struct WorkflowTransition: Hashable, Sendable {
    /// What the step is, for the rules that hold whatever a policy says (`RequestEngine`):
    /// nobody approves a request they submitted or verified.
    public enum Kind: String, Sendable, CaseIterable {
        /// Automatic checks.
        case check
        /// Someone verifies a person's identity or a claim, recording the evidence seen.
        case verification
        /// The second person's decision that the request may go ahead.
        case approval
        /// Any other step forward (issuing, activating).
        case step
        /// A way out: rejected, withdrawn.
        case exit
    }

    /// The action's id, as `request act ID ACTION` names it.
    public let action: String
    public let label: String
    public let to: String
    public let kind: Kind
    public let permission: OperatorAction
    /// The form of the evidence it records, if any.
    public let evidenceForm: String?
    public let checks: [WorkflowCheck]
    /// Actions whose operators may not take this one; `submit` is whoever entered the request.
    public let notBy: [String]
    /// Taken by the engine as soon as the request reaches the state, when its checks pass.
    public let isAutomatic: Bool
    public let effect: WorkflowEffect?
    /// Whether it needs a reason code from the rules file's `requestReasons`.
    public let needsReason: Bool
    /// The notifications the step writes to the outbox, in its transaction.
    public var notifications: [WorkflowNotification] = []

    /// The pseudo-action of entering a request: `notBy: ["submit"]` excludes its submitter.
    public static let submitAction = "submit"
}
