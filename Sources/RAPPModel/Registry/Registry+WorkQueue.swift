/// What the terminal's work queue and Home read: the requests waiting for the signed-in operator,
/// how many there are, how many requests are in each open state, and an operator's own requests.
/// Each is a bounded number of index seeks, whatever the number of requests stored.
extension Registry {
    /// A page of the work queue and how many requests wait in all.
    public struct WorkQueuePage: Hashable, Sendable {
        /// Oldest first (by request id), after the page's `after`.
        public let rows: [RequestSummary]
        /// How many requests wait for the operator, counting at most `countLimit` + 1; nil when
        /// not asked for.
        public let waiting: Int?
    }

    /// How many requests of one kind are in one open state.
    public struct StateCount: Hashable, Sendable {
        public let state: WorkflowStateKey
        /// At most `countLimit` + 1.
        public let count: Int
    }

    /// Counts stop here: a larger number shows as "1,000+", so counting never walks every request.
    public static let countLimit = 1_000

    /// A page of the requests in which the operator may take a step now, oldest first, limited
    /// to `states` when given, with the count of them all when `counting`. Needs `request.read`.
    public func workQueue(
        states: Set<WorkflowStateKey>? = nil, after: Int64 = 0, limit: Int, counting: Bool = true,
        by session: OperatorSession
    ) throws -> WorkQueuePage {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.now())
            let rows = try markingHolds(
                engine.waiting(only: states, after: after, limit: limit, name: summaryNames()), db: db)
            let waiting = counting ? try engine.waitingCount(only: states, limit: Self.countLimit) : nil
            return WorkQueuePage(rows: rows, waiting: waiting)
        }
    }

    /// How many requests are in each state of each workflow that is not terminal (still open).
    /// Needs `request.read`.
    public func openRequestCounts(by session: OperatorSession) throws -> [StateCount] {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            let store = RequestStore(db: db)
            return try policy.workflows.flatMap { workflow in
                try workflow.states.filter { !$0.isTerminal }.map { state in
                    StateCount(
                        state: WorkflowStateKey(kind: workflow.id, state: state.id),
                        count: try store.count(kind: workflow.id, state: state.id, limit: Self.countLimit + 1))
                }
            }
        }
    }

    /// A page of the requests the operator entered, newest first, before `before`. Needs `request.read`.
    public func requestsEntered(by session: OperatorSession, before: Int64 = .max, limit: Int) throws
        -> [RequestSummary]
    {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try markingHolds(
                RequestStore(db: db).summaries(
                    submittedBy: session.operatorID, before: before, limit: limit, name: summaryNames()), db: db)
        }
    }

    /// The value of a request's form's name field (the nominee's name), for lists.
    func summaryNames() -> (String, [String: JSONValue]) -> String {
        let policy = self.policy
        return { formID, fields in
            guard let field = policy.form(formID)?.nameField, case .string(let name)? = fields[field] else { return "" }
            return name
        }
    }
}
