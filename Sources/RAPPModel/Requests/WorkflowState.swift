/// One state of a workflow and the transitions out of it.
public struct WorkflowState: Hashable, Sendable {
    public let id: String
    public let label: String
    /// A state a request ends in (active, rejected, withdrawn): no transitions leave it.
    public let isTerminal: Bool
    public let transitions: [WorkflowTransition]

    public func transition(_ action: String) -> WorkflowTransition? { transitions.first { $0.action == action } }
}
