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
    /// Nil when the operator asking may take it; otherwise the engine's refusal, the code and
    /// message `act` would fail with (`access.not-permitted`, `request.separation-of-duties`).
    public let refusal: Failure?

    /// Why taking the step now would be refused whatever the operator entered: the refusal, else
    /// the failing checks (`request.checks-failed`, which `act` runs after the input). Nil when
    /// the operator may take it. A front end shows a step with a reason here disabled, with it.
    public var blocked: Failure? {
        if let refusal { return refusal }
        guard !checkIssues.isEmpty else { return nil }
        return Failure(RequestError.checksFailed(checkIssues))
    }
}
