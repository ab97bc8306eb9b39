import Foundation

/// The requests' entry points: entering a request, taking a step, reading them. Each opens one
/// transaction and hands it to `RequestEngine`, which checks the permission, the workflow and
/// separation of duties there and audits every step.
extension Registry {
    /// What `requests(...)` lists.
    public struct RequestFilter: Hashable, Sendable {
        public var kind: String?
        public var state: String?
        /// Only requests in which the operator may take a step now.
        public var waitingForMe: Bool

        public init(kind: String? = nil, state: String? = nil, waitingForMe: Bool = false) {
            self.kind = kind
            self.state = state
            self.waitingForMe = waitingForMe
        }
    }

    /// Enters a request of `kind` (a workflow of the policy) from its form file; automatic steps
    /// whose checks pass follow at once. Needs the workflow's submit permission.
    public func submitRequest(kind: String, form: FormFile, by session: OperatorSession, now: Date = Date()) throws -> RequestDetails {
        try write { db in
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.format(now))
            let outcome = try engine.submit(kind: kind, form: form)
            return try details(outcome, engine: engine)
        }
    }

    /// Takes one step of a request: `action` out of its current state, with the evidence the step
    /// records (a form's `fields` object), a reason code and a note. Refused, changing nothing,
    /// when the workflow does not allow it now (`request.not-allowed`), the operator's roles do
    /// not grant it (`access.not-permitted`), separation of duties forbids it
    /// (`request.separation-of-duties`), the input is invalid (`request.invalid`) or a check
    /// fails (`request.checks-failed`).
    public func act(
        on id: Int64, action: String, evidence: JSONValue? = nil, reason: String? = nil, note: String? = nil,
        by session: OperatorSession, now: Date = Date()
    ) throws -> RequestDetails {
        try write { db in
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.format(now))
            let outcome = try engine.act(on: id, action: action, evidence: evidence, reason: reason, note: note)
            return try details(outcome, engine: engine)
        }
    }

    /// The request with every step and the actions possible now. Needs `request.read`.
    public func request(_ id: Int64, by session: OperatorSession) throws -> RequestDetails {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            guard let request = try RequestStore(db: db).request(id) else { throw RequestError.unknownRequest(id) }
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.now())
            return try details(RequestOutcome(request: request, pendingChecks: []), engine: engine)
        }
    }

    /// A page of requests after `after`, in id order. Needs `request.read`.
    public func requests(_ filter: RequestFilter, after: Int64 = 0, limit: Int, by session: OperatorSession) throws -> [RequestSummary] {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            let policy = self.policy
            let name: (String, [String: JSONValue]) -> String = { formID, fields in
                guard let field = policy.form(formID)?.nameField, case .string(let name)? = fields[field] else { return "" }
                return name
            }
            guard filter.waitingForMe else {
                return try RequestStore(db: db).summaries(kind: filter.kind, state: filter.state, after: after, limit: limit, name: name)
            }
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.now())
            return try engine.waiting(kind: filter.kind, state: filter.state, after: after, limit: limit, name: name)
        }
    }

    private func details(_ outcome: RequestOutcome, engine: RequestEngine) throws -> RequestDetails {
        RequestDetails(
            request: outcome.request, workflow: policy.workflow(outcome.request.kind),
            actions: try engine.actions(for: outcome.request), pendingChecks: outcome.pendingChecks)
    }
}
