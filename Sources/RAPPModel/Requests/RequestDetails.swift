/// A request with what `request show` adds: its workflow and the steps possible now.
public struct RequestDetails: Hashable, Sendable {
    public let request: Request
    /// The workflow in force for its kind; nil when the policy no longer defines it.
    public let workflow: WorkflowDefinition?
    public let actions: [RequestAction]
    /// Checks an automatic step found failing, when the step just taken led to one.
    public let pendingChecks: [ValidationIssue]
    /// The SMKI PMA hold (SEC L16) that keeps the request where it is: every step is refused
    /// (`revocation.held`) until its release. Nil when it is not held.
    public var hold: RevocationHoldError? = nil

    public var stateLabel: String { workflow?.state(request.state)?.label ?? request.state }
}
