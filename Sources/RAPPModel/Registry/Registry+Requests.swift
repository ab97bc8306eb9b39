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
    public func submitRequest(kind: String, form: FormFile, by session: OperatorSession, now: Date = Date()) throws
        -> RequestDetails
    {
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
    ///
    /// A step that opens an operator account (an RA credential's issue) needs
    /// `initialPassphrase`, read at the terminal: it must meet the sign-in rules, only its hash is
    /// stored, and the new operator must change it at first sign-in. Any other step refuses one.
    public func act(
        on id: Int64, action: String, evidence: JSONValue? = nil, reason: String? = nil, note: String? = nil,
        initialPassphrase: String? = nil, hasher: PassphraseHasher = PassphraseHasher(),
        by session: OperatorSession, now: Date = Date()
    ) throws -> RequestDetails {
        var hash: String?
        if let initialPassphrase {
            try Passphrase.validate(initialPassphrase, policy: rules.signIn)
            hash = try hasher.hash(initialPassphrase)
        }
        return try write { db in
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.format(now))
            let outcome = try engine.act(
                on: id, action: action, evidence: evidence, reason: reason, note: note, initialPassphraseHash: hash)
            return try details(outcome, engine: engine)
        }
    }

    /// The operator name the step `action` of request `id` would open an account for, when that
    /// step's effect is `operator.create`: front ends read the initial passphrase for it. Nil for
    /// any other step, or a request or action that does not exist (taking it says why).
    public func accountOpened(byRequest id: Int64, action: String) throws -> String? {
        try read { db in
            guard let request = try RequestStore(db: db).request(id), let workflow = policy.workflow(request.kind),
                let transition = workflow.state(request.state)?.transition(action),
                transition.effect == .operatorCreate,
                let mapping = workflow.account
            else { return nil }
            return RequestChecks(db: db, workflow: workflow, fields: request.allFields, rules: rules).account(mapping)
                .name
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
    public func requests(_ filter: RequestFilter, after: Int64 = 0, limit: Int, by session: OperatorSession) throws
        -> [RequestSummary]
    {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            let policy = self.policy
            let name: (String, [String: JSONValue]) -> String = { formID, fields in
                guard let field = policy.form(formID)?.nameField, case .string(let name)? = fields[field] else {
                    return ""
                }
                return name
            }
            guard filter.waitingForMe else {
                return try markingHolds(
                    RequestStore(db: db).summaries(
                        kind: filter.kind, state: filter.state, after: after, limit: limit, name: name), db: db)
            }
            let engine = RequestEngine(db: db, policy: policy, session: session, time: Timestamp.now())
            return try markingHolds(
                engine.waiting(kind: filter.kind, state: filter.state, after: after, limit: limit, name: name), db: db)
        }
    }

    /// The request as the operator may see it: personal evidence only with `evidence.read`
    /// (the actions are worked out on the whole request first). Every entry point that answers
    /// with a request it entered or moved goes through here, so none can skip the withholding.
    func details(_ outcome: RequestOutcome, engine: RequestEngine) throws -> RequestDetails {
        let roles = try OperatorStore(db: engine.db, rules: rules).roles(of: engine.session.operatorID)
        let request =
            rules.permits(.evidenceRead, roles: roles) ? outcome.request : outcome.request.withholdingPersonal()
        var details = RequestDetails(
            request: request, workflow: policy.workflow(outcome.request.kind),
            actions: try engine.actions(for: outcome.request), pendingChecks: outcome.pendingChecks)
        if let workflow = details.workflow { details.hold = try engine.hold(of: outcome.request, workflow: workflow) }
        return details
    }

    /// Redacts a closed request's personal evidence (its form's and every step's): the content
    /// and salt go, the digests stay, so every hash and the trail's reconciliation hold. Needs
    /// `evidence.redact`; refused (`request.retention`) while the request is not in a terminal
    /// state or closed less than the rules file's `personalDataRetentionDays` ago. Audited as
    /// `request.redacted`, with the digests.
    public func redactRequest(_ id: Int64, by session: OperatorSession, now: Date = Date()) throws -> RequestDetails {
        let time = Timestamp.format(now)
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.evidenceRedact, session: session)
            let requests = RequestStore(db: db)
            guard let request = try requests.request(id) else { throw RequestError.unknownRequest(id) }
            guard policy.workflow(request.kind)?.state(request.state)?.isTerminal ?? false,
                let closed = request.steps.last?.recordedAt
            else {
                throw RequestError.retention(
                    "request \(id) is \(request.state), not closed: only a closed request's evidence is redacted")
            }
            let days = rules.credentialLife.personalDataRetentionDays
            // Timestamps sort as text: closed at or before this one means the period has passed.
            let latestClosing = Timestamp.format(now.addingTimeInterval(-Double(days) * 86_400))
            guard closed <= latestClosing else {
                throw RequestError.retention(
                    "request \(id) closed at \(closed); its personal evidence is kept \(days) days after (rules.json credentials.personalDataRetentionDays)"
                )
            }
            let digests = ([request.personal] + request.steps.map(\.personal)).compactMap { $0 }.filter {
                $0.content != nil
            }.map(\.digest)
            guard !digests.isEmpty else {
                throw RequestError.retention("request \(id) holds no personal evidence to redact")
            }
            for digest in digests {
                try db.execute(
                    sql:
                        "UPDATE personal_data SET content = NULL, salt = NULL, redacted_at = ? WHERE digest = ? AND content IS NOT NULL",
                    arguments: [time, digest])
            }
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .requestRedacted, record: RequestStore.record(id),
                details: .object([
                    "digests": .array(digests.map(JSONValue.string)), "closedAt": .string(closed),
                    "retentionDays": JSONValue(days),
                ]),
                states: [RequestStore.record(id): try requests.state(of: id) ?? .null], at: time)
            let engine = RequestEngine(db: db, policy: policy, session: session, time: time)
            return try details(RequestOutcome(request: try requests.request(id)!, pendingChecks: []), engine: engine)
        }
    }
}
