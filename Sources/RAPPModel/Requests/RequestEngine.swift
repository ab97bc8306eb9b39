import GRDB

/// Runs requests through their workflows: enters them, takes one step at a time, and says which
/// steps are possible and for whom.
///
/// Every call runs inside one IMMEDIATE transaction the registry opened (`Registry.write`), so
/// the permission, separation-of-duties and check results it acts on are those of the state it
/// commits against, and a refused step changes nothing. A step is taken only if the workflow in
/// force lists it out of the request's current state. Besides the workflow's own `notBy`, two
/// rules hold whatever a policy says:
///
/// - nobody approves (a transition of kind `approval`) a request they submitted or verified (took
///   a `verification` in);
/// - nobody takes any step in a request about themselves (the workflow's `subjectField`).
///
/// Each step appends one audit event holding the state before and after and the evidence; personal
/// fields are stored apart (`personal_data`) and only their digest goes into the request, the step
/// and the event.
struct RequestEngine {
    let db: Database
    let policy: FormLibrary
    let session: OperatorSession
    let time: String

    var rules: SiteRules { policy.rules }

    /// The longest note a step may carry.
    static let maximumNoteLength = 2000
    /// Automatic steps taken one after another at most, whatever a workflow's loops.
    static let maximumAutomaticSteps = 8

    // MARK: Entering a request

    func submit(kind: String, form file: FormFile) throws -> RequestOutcome {
        let workflow = try self.workflow(kind)
        try OperatorStore(db: db, rules: rules).authorise(workflow.submitPermission, session: session)
        let form = try requestForm(workflow.form)
        var report = ValidationReport()
        if let named = file.formID, named != form.id {
            report.add(
                ValidationIssue(
                    .formKind,
                    "This is form \(VisibleText.quoted(named)); a \(workflow.title) is entered on form \(form.id) (\(form.title)).",
                    field: "form"))
        }
        let validator = FormValidator(definition: form, rules: rules)
        let (values, content) = try validator.validate(file.fields, references: RegistryReferences(db: db))
        (content.errors + content.warnings).forEach { report.add($0) }
        guard report.isValid else { throw RequestError.invalid(report) }

        let requests = RequestStore(db: db)
        let (ordinary, personal) = validator.split(values)
        let digest = try requests.storePersonal(personal, at: time)
        let fieldsText = JSONValue.object(ordinary).serialized()
        let organisation = workflow.organisationField.flatMap { Self.id(values[$0]) }
        let subject = workflow.subjectField.flatMap { Self.id(values[$0]) }
        let policyVersion = try PolicyStore(db: db).currentVersion() ?? 0
        let id = try requests.insert(
            RequestRecord(
                id: nil, kind: workflow.id, formID: form.id, fields: fieldsText, personalDigest: digest,
                organisationID: organisation,
                subjectOperatorID: subject, submittedBy: session.operatorID, submittedAt: time,
                policyVersion: policyVersion))
        // The step names the event that records it, and the event records the request's state
        // with the step: the step is stored first, under the sequence the event is about to take.
        let trail = AuditTrail(db: db)
        let sequence = try trail.head().sequence + 1
        try requests.append(
            RequestTransitionRecord(
                requestID: id, sequence: 0, kind: workflow.id, action: WorkflowTransition.submitAction, fromState: nil,
                toState: workflow.initial, operatorID: session.operatorID, recordedAt: time, isAutomatic: false,
                evidenceForm: nil,
                evidence: nil, personalDigest: nil, reason: nil, note: nil, auditSequence: sequence, isCurrent: true))
        let event = try trail.append(
            operatorName: session.name, action: .requestSubmitted, record: RequestStore.record(id),
            details: .object([
                "kind": .string(workflow.id), "form": .string(form.id), "fields": .object(ordinary),
                "personal": digest.map(JSONValue.string) ?? .null,
                "before": .object(["state": .null]), "after": .object(["state": .string(workflow.initial)]),
            ]),
            states: [RequestStore.record(id): try requests.state(of: id) ?? .null], at: time)
        try Self.expect(event, at: sequence)
        try recordCredentialReferences(in: values, form: form, request: id)
        return try outcome(id, workflow: workflow)
    }

    /// Notes which credentials a request's form or a step's evidence refers to (a renewal's,
    /// the verified ARO's): a request about a credential is activity on it, which the dormant
    /// credential report reads by index (`request_credential`, schema 8).
    private func recordCredentialReferences(in values: [String: JSONValue], form: FormDefinition, request: Int64) throws
    {
        for field in form.fields where field.type == .reference && field.references == .credential {
            guard let credential = Self.id(values[field.id]) else { continue }
            try db.execute(
                sql: "INSERT OR IGNORE INTO request_credential (credential_id, request_id) VALUES (?, ?)",
                arguments: [credential, request])
        }
    }

    // MARK: Taking a step

    /// `initialPassphraseHash` is for a step whose effect opens an operator account
    /// (`operator.create`), and only for one: the hash of the passphrase read at the terminal,
    /// which is never evidence and never in the trail.
    func act(
        on id: Int64, action: String, evidence: JSONValue?, reason: String?, note: String?,
        initialPassphraseHash: String? = nil
    ) throws -> RequestOutcome {
        guard let request = try RequestStore(db: db).request(id) else { throw RequestError.unknownRequest(id) }
        let workflow = try self.workflow(request.kind)
        let state = workflow.state(request.state)
        guard let transition = state?.transition(action) else {
            throw RequestError.notAllowed(
                action: action, state: request.state, allowed: state?.transitions.map(\.action) ?? [])
        }
        if let refusal = try refusal(of: transition, in: request, workflow: workflow) { throw refusal }

        var report = ValidationReport()
        var ordinary: [String: JSONValue]?
        var personal: [String: JSONValue] = [:]
        var referenced: (values: [String: JSONValue], form: FormDefinition)?
        if let formID = transition.evidenceForm {
            let form = try requestForm(formID)
            let validator = FormValidator(definition: form, rules: rules)
            let (values, content) = try validator.validate(evidence, references: RegistryReferences(db: db))
            (content.errors + content.warnings).forEach { report.add($0) }
            (ordinary, personal) = validator.split(values)
            referenced = (values, form)
        } else if evidence != nil {
            report.add(
                ValidationIssue(
                    .formUnknownKey,
                    "The action \(VisibleText.quoted(action)) records no evidence; give no evidence file.",
                    field: FormValidator.fieldsPath))
        }
        if transition.needsReason || reason != nil {
            let known = rules.requestReasons.map(\.id).joined(separator: ", ")
            if let reason, rules.requestReason(reason) == nil {
                report.add(
                    ValidationIssue(
                        .requestReason,
                        "\(VisibleText.quoted(reason)) is not a reason code of the rules file; use \(known).",
                        field: "reason", isSiteRule: true))
            } else if reason == nil {
                report.add(
                    ValidationIssue(
                        .requestReason, "The action \(VisibleText.quoted(action)) needs a reason code: \(known).",
                        field: "reason"))
            }
        }
        if let note {
            if let control = note.unicodeScalars.first(where: { VisibleText.mustEscape($0) && $0 != "\n" }) {
                report.add(
                    ValidationIssue(
                        .requestNote, "The note contains \(VisibleText.describe(control)); remove it.", field: "note"))
            } else if note.count > Self.maximumNoteLength {
                report.add(
                    ValidationIssue(
                        .requestNote,
                        "The note is \(note.count) characters long; at most \(Self.maximumNoteLength) are allowed.",
                        field: "note"))
            }
        }
        if transition.effect == .operatorCreate && initialPassphraseHash == nil {
            report.add(
                ValidationIssue(
                    .passphraseInvalid,
                    "The action \(VisibleText.quoted(action)) opens the operator account: give its initial passphrase.",
                    field: "passphrase"))
        } else if transition.effect != .operatorCreate && initialPassphraseHash != nil {
            report.add(
                ValidationIssue(
                    .passphraseInvalid,
                    "The action \(VisibleText.quoted(action)) opens no operator account; give no passphrase.",
                    field: "passphrase"))
        }
        guard report.isValid else { throw RequestError.invalid(report) }
        let failures = try RequestChecks(
            db: db, workflow: workflow, fields: request.allFields, request: request, rules: rules
        ).run(transition.checks)
        guard failures.isEmpty else { throw RequestError.checksFailed(failures) }

        let trimmedNote = note?.trimmingWhiteSpace()
        try record(
            transition, in: request, workflow: workflow, automatic: false, evidence: ordinary, personal: personal,
            reason: reason, note: trimmedNote?.isEmpty == true ? nil : trimmedNote,
            passphraseHash: initialPassphraseHash)
        if let referenced { try recordCredentialReferences(in: referenced.values, form: referenced.form, request: id) }
        return try outcome(id, workflow: workflow)
    }

    /// Stores one step with its audit event and effect: the caller has checked it may be taken.
    private func record(
        _ transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition, automatic: Bool,
        evidence: [String: JSONValue]?, personal: [String: JSONValue], reason: String?, note: String?,
        passphraseHash: String? = nil
    ) throws {
        let requests = RequestStore(db: db)
        let digest = try requests.storePersonal(personal, at: time)
        var details: [String: JSONValue] = [
            "kind": .string(workflow.id), "action": .string(transition.action), "automatic": .bool(automatic),
            "before": .object(["state": .string(request.state)]), "after": .object(["state": .string(transition.to)]),
            "evidence": transition.evidenceForm.map { form in
                .object([
                    "form": .string(form), "fields": .object(evidence ?? [:]),
                    "personal": digest.map(JSONValue.string) ?? .null,
                ])
            } ?? .null,
            "reason": reason.map(JSONValue.string) ?? .null, "note": note.map(JSONValue.string) ?? .null,
        ]
        var states: [String: JSONValue] = [:]
        switch transition.effect {
        case .credentialCreate:
            (details["credential"], states) = try createCredential(for: request, workflow: workflow)
        case .operatorRevoke, .credentialsRevoke:
            (details["revoked"], states) = try revoke(transition.effect!, for: request, workflow: workflow)
        case .operatorCreate:
            guard let passphraseHash else { throw RequestError.invalid(ValidationReport()) }
            (details["account"], states) = try createOperator(
                for: request, workflow: workflow, passphraseHash: passphraseHash)
        case .policyApply:
            details["policy"] = try applyProposedPolicy(for: request, workflow: workflow)
        case nil:
            break
        }
        let trail = AuditTrail(db: db)
        let sequence = try trail.head().sequence + 1
        let stepSequence = Int64((request.steps.last?.sequence ?? 0) + 1)
        let notifications = try writeNotifications(
            transition, in: request, workflow: workflow, step: stepSequence, reason: reason)
        if !notifications.ids.isEmpty {
            details["notifications"] = .array(notifications.ids.map { JSONValue($0) })
            states.merge(notifications.states) { _, new in new }
        }
        try requests.append(
            RequestTransitionRecord(
                requestID: request.id, sequence: (request.steps.last?.sequence ?? 0) + 1, kind: request.kind,
                action: transition.action,
                fromState: request.state, toState: transition.to, operatorID: session.operatorID, recordedAt: time,
                isAutomatic: automatic,
                evidenceForm: transition.evidenceForm, evidence: evidence.map { JSONValue.object($0).serialized() },
                personalDigest: digest,
                reason: reason, note: note, auditSequence: sequence, isCurrent: true))
        states[RequestStore.record(request.id)] = try requests.state(of: request.id) ?? .null
        let event = try trail.append(
            operatorName: session.name, action: .requestTransitioned, record: RequestStore.record(request.id),
            details: .object(details),
            states: states, at: time)
        try Self.expect(event, at: sequence)
    }

    /// Checks that the event took the sequence its step was stored under: nothing else appends
    /// in the transaction, so it always does.
    private static func expect(_ event: AuditEvent, at sequence: Int64) throws {
        guard event.sequence == sequence else {
            throw DatabaseError(
                resultCode: .SQLITE_INTERNAL,
                message: "the step names event \(sequence), but its event is \(event.sequence)")
        }
    }

    /// The request as it now is, after any automatic steps its state allows this operator.
    private func outcome(_ id: Int64, workflow: WorkflowDefinition) throws -> RequestOutcome {
        var pending: [ValidationIssue] = []
        // The first automatic transition out of the state that is this operator's and whose
        // checks pass is taken; the one after a failed one (refusing an unentitled revocation,
        // say) notes why the earlier ones were not.
        steps: for _ in 0..<Self.maximumAutomaticSteps {
            guard let request = try RequestStore(db: db).request(id) else { break }
            let roles = try OperatorStore(db: db, rules: rules).roles(of: session.operatorID)
            var failed: [ValidationIssue] = []
            pending = []
            // A held request waits where it is: no automatic step either.
            guard try hold(of: request, workflow: workflow) == nil else { break steps }
            for transition in workflow.state(request.state)?.transitions ?? [] where transition.isAutomatic {
                guard rules.permits(transition.permission, roles: roles),
                    try separation(transition, in: request, workflow: workflow) == nil
                else { break steps }
                let issues = try RequestChecks(
                    db: db, workflow: workflow, fields: request.allFields, request: request, rules: rules
                ).run(transition.checks)
                if pending.isEmpty { pending = issues }
                guard issues.isEmpty else {
                    failed += issues
                    continue
                }
                let note =
                    failed.isEmpty
                    ? nil : String(failed.map(\.message).joined(separator: " ").prefix(Self.maximumNoteLength))
                try record(
                    transition, in: request, workflow: workflow, automatic: true, evidence: nil, personal: [:],
                    reason: nil, note: note)
                pending = []
                continue steps
            }
            break
        }
        return RequestOutcome(request: try RequestStore(db: db).request(id)!, pendingChecks: pending)
    }

    // MARK: Effects

    /// `credential.create`: the holder found again (same organisation, name and date of birth)
    /// or added, and an active credential with the scopes asked for and the details recorded by
    /// the workflow's `detailsFrom` step. Returns what the audit event records of it, and the
    /// states of the credential and its holder after it (`credential/N`, `credential-holder/N`).
    private func createCredential(for request: Request, workflow: WorkflowDefinition) throws -> (
        JSONValue, [String: JSONValue]
    ) {
        guard let mapping = workflow.credential else { return (.null, [:]) }
        let fields = request.allFields
        let checks = RequestChecks(db: db, workflow: workflow, fields: fields, rules: rules)
        guard let organisation = checks.organisation, case .string(let name)? = fields[mapping.holderNameField] else {
            throw RequestError.checksFailed([
                ValidationIssue(
                    .organisationNotCurrent, "The request names no organisation and holder for its credential.")
            ])
        }
        let credentials = CredentialStore(db: db)
        let birthDate = mapping.holderBirthDateField.flatMap { fields[$0] }
        let holder =
            try credentials.holders(kind: mapping.kind, organisation: organisation, name: name, birthDate: birthDate)
            .first
            ?? credentials.addHolder(
                kind: mapping.kind, organisation: organisation, name: name, birthDate: birthDate, at: time)
        let details =
            mapping.detailsFrom.flatMap { action in request.steps.last { $0.action == action }?.evidence } ?? [:]
        let scopes = checks.scopes(mapping)
        let id = try credentials.create(
            kind: mapping.kind, holder: holder, organisation: organisation, request: request.id, scopes: scopes,
            details: details,
            by: session.operatorID, at: time)
        var states = [
            CredentialStore.record(id): try credentials.state(of: id) ?? .null,
            CredentialHolderStore.record(holder): try CredentialHolderStore(db: db).state(of: holder) ?? .null,
        ]
        // A renewal: the credential it replaces is superseded now, by this request.
        var superseded: JSONValue = .null
        if let old = checks.renews(mapping) {
            let issues = try checks.run([.credentialRenewable])
            guard issues.isEmpty else { throw RequestError.checksFailed(issues) }
            try credentials.setState(
                of: old, to: CredentialStore.superseded, request: request.id, by: session.operatorID, at: time)
            states[CredentialStore.record(old)] = try credentials.state(of: old) ?? .null
            superseded = JSONValue(old)
        }
        return (
            .object([
                "id": JSONValue(id), "kind": .string(mapping.kind), "holder": JSONValue(holder),
                "state": .string(CredentialStore.active),
                "scopes": .array(scopes.map(JSONValue.string)), "details": .object(details), "supersedes": superseded,
            ]), states
        )
    }

    /// `operator.create`: the account the request asked for, with its roles, contact address and the initial
    /// passphrase's hash, which its holder must change at first sign-in; and, when the workflow
    /// has a `credential` section, an active credential held by that account. Returns what the
    /// audit event records of them (never the hash) and their states after it.
    private func createOperator(
        for request: Request, workflow: WorkflowDefinition, passphraseHash: String
    ) throws -> (JSONValue, [String: JSONValue]) {
        guard let mapping = workflow.account else { return (.null, [:]) }
        let checks = RequestChecks(db: db, workflow: workflow, fields: request.allFields, rules: rules)
        let failures = try checks.run([.operatorAccountAvailable])
        guard failures.isEmpty else { throw RequestError.checksFailed(failures) }
        let (name, roles) = checks.account(mapping)
        guard let name else { throw RequestError.checksFailed(failures) }
        let operators = OperatorStore(db: db, rules: rules)
        // Checked by operator.account-available above: a plain address, or none.
        let email = checks.accountEmail(mapping)
        let id = try operators.insert(name: name, roles: roles, hash: passphraseHash, email: email, at: time)
        try operators.setMustChangePassphrase(of: id, true)
        var states: [String: JSONValue] = ["operator/\(id)": try operators.state(of: id) ?? .null]
        var account: [String: JSONValue] = [
            "id": JSONValue(id), "name": .string(name), "roles": .array(roles.sorted().map(JSONValue.string)),
            "mustChangePassphrase": .bool(true), "email": email.map(JSONValue.string) ?? .null,
        ]
        if let credential = workflow.credential,
            case .string(let holderName)? = request.allFields[credential.holderNameField]
        {
            let credentials = CredentialStore(db: db)
            let holder = try credentials.addHolder(
                kind: credential.kind, organisation: nil, operator: id, name: holderName,
                birthDate: credential.holderBirthDateField.flatMap { request.allFields[$0] }, at: time)
            let details =
                credential.detailsFrom.flatMap { action in request.steps.last { $0.action == action }?.evidence } ?? [:]
            let credentialID = try credentials.create(
                kind: credential.kind, holder: holder, organisation: nil, request: request.id, scopes: roles.sorted(),
                details: details,
                by: session.operatorID, at: time)
            states[CredentialStore.record(credentialID)] = try credentials.state(of: credentialID) ?? .null
            states[CredentialHolderStore.record(holder)] = try CredentialHolderStore(db: db).state(of: holder) ?? .null
            account["credential"] = JSONValue(credentialID)
        }
        return (.object(account), states)
    }

    /// `policy.apply`: the request's proposed files, checked against the hash its form recorded
    /// and the version they were proposed against, put in force as the next policy version with
    /// its own `policy.applied` event naming the request. The registry reads the new version at
    /// its next transaction.
    private func applyProposedPolicy(for request: Request, workflow: WorkflowDefinition) throws -> JSONValue {
        guard let proposal = try PolicyProposalStore(db: db).proposal(request: request.id) else {
            throw PolicyError.proposal("request \(request.id) holds no proposed policy")
        }
        let files = PolicyFiles(proposal.files)
        guard case .string(let recorded)? = request.allFields[PolicyApplier.hashField], files.hash == recorded,
            proposal.hash == recorded
        else {
            throw PolicyError.proposal(
                "its files no longer match the hash request \(request.id) recorded: they were changed outside ratui")
        }
        let store = PolicyStore(db: db)
        guard let version = try store.currentVersion() else {
            throw PolicyError.proposal("the registry has no policy in force")
        }
        guard version == proposal.baseVersion else {
            throw PolicyError.proposal(
                "it was proposed against policy version \(proposal.baseVersion), and version \(version) is in force now; propose it again"
            )
        }
        let current = try store.load(version, registryPath: "the registry")
        let library: FormLibrary
        do {
            library = try FormLibrary.load(
                files: proposal.files.map { (path: $0.key, name: "request \(request.id): \($0.key)", data: $0.value) },
                origin: proposal.origin)
        } catch {
            throw PolicyError.proposal(error.description)
        }
        let outcome = try PolicyApplier(db: db, session: session, time: time).apply(
            library, over: current, extra: ["request": JSONValue(request.id)])
        guard case .applied(_, let to, _) = outcome else { return .null }
        return .object(["version": JSONValue(to.version), "hash": .string(to.hash)])
    }

    // MARK: Who may

    /// The actions whose takers may not take `transition`, with why: the workflow's `notBy`, and
    /// for an approval, whatever a policy says, the submitter and every verifier.
    static func excludedActions(_ transition: WorkflowTransition, workflow: WorkflowDefinition) -> [String: String] {
        var excluded: [String: String] = [:]
        for action in transition.notBy {
            excluded[action] =
                action == WorkflowTransition.submitAction ? "entered the request" : "took the step \(action) in it"
        }
        if transition.kind == .approval {
            excluded[WorkflowTransition.submitAction] = "entered the request; nobody approves a request they submitted"
            for (_, verification) in workflow.transitions where verification.kind == .verification {
                excluded[verification.action] =
                    "took the step \(verification.action) in it; nobody approves a request they verified"
            }
        }
        return excluded
    }

    /// Why the operator may not take `transition` in `request` (separation of duties); nil when
    /// they may.
    func separation(_ transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition) throws
        -> String?
    {
        if request.subjectOperatorID == session.operatorID {
            return "request \(request.id) is about \(session.name): nobody takes a step in a request about themselves."
        }
        let excluded = Self.excludedActions(transition, workflow: workflow)
        if let step = request.steps.first(where: { $0.operatorID == session.operatorID && excluded[$0.action] != nil })
        {
            return
                "\(session.name) \(excluded[step.action]!), so may not take the step \(transition.action) (\(transition.label))."
        }
        return try revocationSeparation(transition, in: request, workflow: workflow)
    }

    /// Why the operator may not take `transition` (listed out of the request's state) in
    /// `request` now: the error `act` throws for it, before looking at any input. The permission
    /// (the operator's roles and account, read now), then a Supplier of Last Resort hold on the
    /// request's organisation (`revocation.held`), then separation of duties. Nil when they may.
    ///
    /// `act` refuses with exactly this, and `actions(for:)` reports it, so a front end that shows a
    /// step disabled shows the engine's own code and message.
    func refusal(of transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition) throws -> (
        any CodedError
    )? {
        do {
            try OperatorStore(db: db, rules: rules).authorise(transition.permission, session: session)
        } catch let refused as AccessError {
            return refused
        } catch let revoked as RevocationError {
            return revoked
        }
        if let held = try hold(of: request, workflow: workflow) { return held }
        if let separation = try separation(transition, in: request, workflow: workflow) {
            return RequestError.separationOfDuties(separation)
        }
        return nil
    }

    /// The steps the request can take now, for `request show`.
    func actions(for request: Request) throws -> [RequestAction] {
        guard let workflow = policy.workflow(request.kind), let state = workflow.state(request.state) else { return [] }
        let checks = RequestChecks(
            db: db, workflow: workflow, fields: request.allFields, request: request, rules: rules)
        var subject: [RequestAction.Exclusion] = []
        if let id = request.subjectOperatorID,
            let name = try String.fetchOne(db, sql: "SELECT name FROM operator WHERE id = ?", arguments: [id])
        {
            subject = [.init(operatorName: name, reason: "the request is about them")]
        }
        return try state.transitions.map { transition in
            let excludedActions = Self.excludedActions(transition, workflow: workflow)
            var excluded = subject
            for step in request.steps
            where excludedActions[step.action] != nil
                && !excluded.contains(where: { $0.operatorName == step.operatorName })
            {
                excluded.append(.init(operatorName: step.operatorName, reason: excludedActions[step.action]!))
            }
            return RequestAction(
                transition: transition, evidenceForm: transition.evidenceForm.flatMap(policy.form),
                roles: rules.roles(granting: transition.permission), excluded: excluded,
                checkIssues: try checks.run(transition.checks),
                refusal: try refusal(of: transition, in: request, workflow: workflow).map(Failure.init))
        }
    }

    // MARK: Waiting for me

    /// A page of requests, by id after `after`, in which the operator may take a step now:
    /// for each state of each workflow with a transition their roles grant, one seek on
    /// `request_transition_waiting` with the separation-of-duties rules as SQL, then merged.
    func waiting(
        kind: String? = nil, state wanted: String? = nil, only states: Set<WorkflowStateKey>? = nil, after: Int64,
        limit: Int,
        name: (String, [String: JSONValue]) -> String
    ) throws -> [RequestSummary] {
        let roles = try OperatorStore(db: db, rules: rules).roles(of: session.operatorID)
        let store = RequestStore(db: db)
        var merged: [RequestSummary] = []
        for workflow in policy.workflows where kind == nil || workflow.id == kind {
            for state in workflow.states
            where (wanted == nil || state.id == wanted)
                && states?.contains(.init(kind: workflow.id, state: state.id)) != false
            {
                guard let (condition, arguments) = waitingCondition(workflow: workflow, state: state, roles: roles)
                else { continue }
                merged += try store.summaries(
                    kind: workflow.id, state: state.id, where: condition, arguments: arguments, after: after,
                    limit: limit, name: name)
            }
        }
        return Array(merged.sorted { $0.id < $1.id }.prefix(limit))
    }

    /// How many requests wait for the operator (as `waiting` lists them), counting at most
    /// `limit` + 1: one bounded seek per (workflow, state), so the count costs no more than a page.
    func waitingCount(only states: Set<WorkflowStateKey>? = nil, limit: Int) throws -> Int {
        let roles = try OperatorStore(db: db, rules: rules).roles(of: session.operatorID)
        var total = 0
        for workflow in policy.workflows {
            for state in workflow.states where states?.contains(.init(kind: workflow.id, state: state.id)) != false {
                guard total <= limit,
                    let (condition, arguments) = waitingCondition(workflow: workflow, state: state, roles: roles)
                else { continue }
                total += try RequestStore(db: db).count(
                    kind: workflow.id, state: state.id, where: condition, arguments: arguments, limit: limit + 1 - total
                )
            }
        }
        return total
    }

    /// The SQL condition (over `t`, the current step, and `r`, the request) under which the
    /// operator may take some step out of `state`, with its arguments; nil when no step out of it
    /// is theirs to take. Separation of duties, as `separation` decides it, in SQL.
    func waitingCondition(workflow: WorkflowDefinition, state: WorkflowState, roles: [String]) -> (
        String, [any DatabaseValueConvertible]
    )? {
        let mine = state.transitions.filter { rules.permits($0.permission, roles: roles) }
        guard !mine.isEmpty else { return nil }
        var alternatives: [String] = []
        var arguments: [any DatabaseValueConvertible] = [session.operatorID]
        for transition in mine {
            let excluded = Self.excludedActions(transition, workflow: workflow).keys.sorted()
            let (revocation, revocationArguments) = revocationWaitingCondition(
                transition, workflow: workflow, roles: roles)
            if excluded.isEmpty {
                alternatives.append(revocation ?? "1")
                arguments += revocationArguments
                continue
            }
            alternatives.append(
                """
                NOT EXISTS (SELECT 1 FROM request_transition p INDEXED BY request_transition_operator
                WHERE p.request_id = t.request_id AND p.operator_id = ? AND p.action IN (\(excluded.map { _ in "?" }.joined(separator: ","))))
                """ + (revocation.map { " AND \($0)" } ?? ""))
            arguments.append(session.operatorID)
            arguments += excluded as [any DatabaseValueConvertible]
            arguments += revocationArguments
        }
        return (
            "(r.subject_operator_id IS NULL OR r.subject_operator_id != ?) AND (\(alternatives.joined(separator: " OR ")))",
            arguments
        )
    }

    // MARK: Helpers

    private func workflow(_ kind: String) throws -> WorkflowDefinition {
        guard let workflow = policy.workflow(kind) else {
            throw RequestError.unknownKind(kind, known: policy.workflows.map(\.id))
        }
        return workflow
    }

    private func requestForm(_ id: String) throws -> FormDefinition {
        // Loading checked that every form a workflow names exists.
        guard let form = policy.form(id) else { throw RequestError.unknownKind(id, known: []) }
        return form
    }

    static func id(_ value: JSONValue?) -> Int64? {
        guard case .number(let number)? = value else { return nil }
        return Int64(exactly: number)
    }
}
