/// One state of one workflow, as lists filter by it: `aro-nomination` in `identity-verified`.
public struct WorkflowStateKey: Hashable, Sendable {
    /// The workflow's id (the request's kind).
    public let kind: String
    public let state: String

    public init(kind: String, state: String) {
        self.kind = kind
        self.state = state
    }
}
