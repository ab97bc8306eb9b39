/// A step a request can take now, as `request show` lists it: what it records, what it checks,
/// who may take it, and whether the operator asking may.
public struct RequestAction: Hashable, Sendable {
    /// Someone who may not take the step in this request, and why.
    public struct Exclusion: Hashable, Sendable {
        public let operatorName: String
        public let reason: String
    }

    public let transition: WorkflowTransition
    public let evidenceForm: FormDefinition?
    /// The operator roles whose permissions grant it.
    public let roles: [String]
    public let excluded: [Exclusion]
    /// The checks' findings were it taken now: empty when they pass.
    public let checkIssues: [ValidationIssue]
    /// Nil when the operator asking may take it; otherwise why not.
    public let refusal: String?
}
