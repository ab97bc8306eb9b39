import GRDB

/// The automatic checks a workflow names (`WorkflowCheck`), carried out on a request inside the
/// transaction of the step that runs them, so what they see is what the step commits against.
struct RequestChecks {
    let db: Database
    let workflow: WorkflowDefinition
    /// Every field of the request, personal ones included.
    let fields: [String: JSONValue]
    /// The request itself, for checks about who entered it and whom it concerns.
    var request: Request? = nil
    /// The policy's rules, for checks whose terms are data (`revocation`, `credentialScopes`).
    let rules: SiteRules

    /// The problems found; empty when every check passes.
    func run(_ checks: [WorkflowCheck]) throws -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for check in checks {
            issues += try run(check)
        }
        return issues
    }

    var organisation: Int64? {
        guard let field = workflow.organisationField ?? workflow.credential?.organisationField,
            case .number(let number)? = fields[field]
        else { return nil }
        return Int64(exactly: number)
    }

    private func run(_ check: WorkflowCheck) throws -> [ValidationIssue] {
        switch check {
        case .organisationCurrent:
            guard let organisation, try OrganisationStore(db: db).current(organisation) != nil else {
                return [
                    ValidationIssue(
                        .organisationNotCurrent, "The organisation is not registered with a current A1 form.",
                        field: organisationPath)
                ]
            }
            return []
        case .organisationEntryTestsPassed:
            guard let organisation, try PreconditionStore(db: db).currentEntryTests(of: organisation) != nil else {
                return [
                    ValidationIssue(
                        .organisationEntryTests,
                        "The organisation has not passed the SMKI and Repository Entry Process Tests (record them with `ratui org entry-tests`).",
                        field: organisationPath)
                ]
            }
            return []
        case .credentialNoDuplicate:
            guard let mapping = workflow.credential, let organisation,
                case .string(let name)? = fields[mapping.holderNameField]
            else { return [] }
            let credentials = CredentialStore(db: db)
            let holders = try credentials.holders(
                kind: mapping.kind, organisation: organisation, name: name,
                birthDate: mapping.holderBirthDateField.flatMap { fields[$0] })
            let wanted = Set(scopes(mapping))
            let renewed = renews(mapping)
            return try credentials.active(kind: mapping.kind, heldBy: holders).compactMap { credential in
                guard credential.id != renewed else { return nil }
                let shared = wanted.intersection(credential.scopes).sorted()
                guard !shared.isEmpty else { return nil }
                return ValidationIssue(
                    .credentialDuplicate,
                    "\(VisibleText.quoted(name)) already holds active \(mapping.kind) credential \(credential.id) for \(shared.joined(separator: ", ")).",
                    field: FormValidator.fieldsPath.appending(key: mapping.scopesField ?? mapping.holderNameField))
            }
        case .revocationEntitled:
            return try entitlementProblems()
        case .revocationNotEntitled:
            return try entitlementProblems().isEmpty
                ? [ValidationIssue(.revocationEntitled, "The requester is entitled to ask for this revocation.")] : []
        case .revocationCredentialOfOrganisation:
            return try credentialOfOrganisationProblems()
        case .credentialScopeUserRoles:
            return try scopeUserRoles()
        case .credentialRenewable:
            guard let mapping = workflow.credential else { return [] }
            return try renewalIssues(mapping)
        case .credentialCallerMatches:
            guard let caller = workflow.caller else { return [] }
            return try callerIssues(caller)
        case .operatorAccountAvailable:
            guard let account = workflow.account else { return [] }
            return try accountIssues(account)
        }
    }

    /// Issues for the scopes asked for that the rules restrict to User Roles the organisation's
    /// current A1 form does not hold.
    private func scopeUserRoles() throws -> [ValidationIssue] {
        guard let mapping = workflow.credential, let organisation else { return [] }
        let held = Set(try OrganisationStore(db: db).current(organisation)?.form.userRoleRanges.map(\.role) ?? [])
        return scopes(mapping).compactMap { scope in
            guard let rule = rules.credentialScopeRule(kind: mapping.kind, scope: scope),
                held.isDisjoint(with: rule.userRoles)
            else { return nil }
            let needed = rule.userRoles.map(rules.roleName).joined(separator: " or ")
            return ValidationIssue(
                .credentialScope,
                "Scope \(VisibleText.quoted(scope)) is only for an organisation that is \(needed); its current A1 form holds no such User Role.",
                field: FormValidator.fieldsPath.appending(key: mapping.scopesField ?? mapping.holderNameField),
                isSiteRule: true)
        }
    }

    /// The credential a renewal replaces, when the request names one.
    func renews(_ mapping: CredentialMapping) -> Int64? {
        guard let field = mapping.renewsField, case .number(let number)? = fields[field] else { return nil }
        return Int64(exactly: number)
    }

    private func renewalIssues(_ mapping: CredentialMapping) throws -> [ValidationIssue] {
        guard let id = renews(mapping), let field = mapping.renewsField else { return [] }
        let path = FormValidator.fieldsPath.appending(key: field)
        guard let old = try CredentialStore(db: db).credential(id) else {
            return [ValidationIssue(.credentialRenewal, "There is no credential \(id) to renew.", field: path)]
        }
        var problems: [String] = []
        if old.state != CredentialStore.active { problems.append("it is \(old.state), not active") }
        if old.kind != mapping.kind { problems.append("it is a \(old.kind) credential, not \(mapping.kind)") }
        if old.organisationID != organisation { problems.append("it is another organisation's") }
        if case .string(let name)? = fields[mapping.holderNameField],
            CredentialHolderRecord.key(name) != CredentialHolderRecord.key(old.holder.name)
        {
            problems.append("it is held by \(VisibleText.quoted(old.holder.name))")
        }
        return problems.isEmpty
            ? []
            : [
                ValidationIssue(
                    .credentialRenewal,
                    "Credential \(id) cannot be renewed by this request: \(problems.joined(separator: "; ")).",
                    field: path)
            ]
    }

    /// Why the caller does not match their credential's request: an unknown, inactive or other
    /// kind of credential, or a detail that differs (named, never shown: they may be personal).
    private func callerIssues(_ caller: CallerMapping) throws -> [ValidationIssue] {
        let path = FormValidator.fieldsPath.appending(key: caller.credentialField)
        guard case .number(let number)? = fields[caller.credentialField], let id = Int64(exactly: number),
            let credential = try CredentialStore(db: db).credential(id)
        else {
            return [
                ValidationIssue(.credentialCaller, "The request names no credential the registry holds.", field: path)
            ]
        }
        guard credential.kind == caller.credentialKind, credential.state == CredentialStore.active else {
            return [
                ValidationIssue(
                    .credentialCaller,
                    "Credential \(id) is a \(credential.state) \(credential.kind) credential, not an active \(caller.credentialKind) one.",
                    field: path)
            ]
        }
        let original = try RequestStore(db: db).request(credential.requestID)?.allFields ?? [:]
        return caller.fields.compactMap { mine, theirs in
            guard Self.same(fields[mine], original[theirs]) else {
                return ValidationIssue(
                    .credentialCaller,
                    "The caller's \(mine) does not match what the credential's request \(credential.requestID) recorded.",
                    field: FormValidator.fieldsPath.appending(key: mine))
            }
            return nil
        }
    }

    /// Whether a caller's detail matches the recorded one: names folded, telephone numbers by
    /// their digits, anything else exactly.
    static func same(_ given: JSONValue?, _ recorded: JSONValue?) -> Bool {
        guard case .string(let a)? = given, case .string(let b)? = recorded else {
            return given != nil && given == recorded
        }
        if a == b || CredentialHolderRecord.key(a) == CredentialHolderRecord.key(b) { return true }
        let digits = { (text: String) in
            text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(String.init).joined()
        }
        let looksLikeNumber = { (text: String) in
            text.unicodeScalars.allSatisfy { "+0123456789 ()-".unicodeScalars.contains($0) }
        }
        return looksLikeNumber(a) && looksLikeNumber(b) && !digits(a).isEmpty && digits(a) == digits(b)
    }

    /// The account's contact address as the request gives it (trimmed), or nil when the workflow
    /// maps none or the field is empty.
    func accountEmail(_ mapping: AccountMapping) -> String? {
        guard let field = mapping.emailField, case .string(let text)? = fields[field] else { return nil }
        let address = text.trimmingWhiteSpace()
        return address.isEmpty ? nil : address
    }

    /// The operator account's name and roles as the request asks for them.
    func account(_ mapping: AccountMapping) -> (name: String?, roles: [String]) {
        let name: String? = if case .string(let text)? = fields[mapping.nameField] { text } else { nil }
        guard case .array(let items)? = fields[mapping.rolesField] else { return (name, []) }
        return (name, items.compactMap { if case .string(let role) = $0 { role } else { nil } })
    }

    /// Why the account asked for cannot be opened: an unusable or taken name, roles the rules
    /// file does not define, or a contact address that is not one plain address.
    private func accountIssues(_ mapping: AccountMapping) throws -> [ValidationIssue] {
        let (name, roles) = account(mapping)
        var issues: [ValidationIssue] = []
        let namePath = FormValidator.fieldsPath.appending(key: mapping.nameField)
        do {
            try OperatorName.validate(name ?? "")
            if try OperatorStore(db: db, rules: rules).record(named: name ?? "") != nil {
                issues.append(
                    ValidationIssue(
                        .operatorNameTaken, "An operator named \(VisibleText.quoted(name ?? "")) already exists.",
                        field: namePath))
            }
        } catch let error as AccessError {
            if case .invalid(var issue) = error {
                issue.field = namePath
                issues.append(issue)
            }
        }
        do {
            try OperatorStore.validateRoles(roles, rules: rules)
        } catch {
            if case .invalid(var issue) = error {
                issue.field = FormValidator.fieldsPath.appending(key: mapping.rolesField)
                issues.append(issue)
            }
        }
        if let email = accountEmail(mapping), let field = mapping.emailField {
            do {
                try OperatorEmail.validate(email)
            } catch {
                if case .invalid(var issue) = error {
                    issue.field = FormValidator.fieldsPath.appending(key: field)
                    issues.append(issue)
                }
            }
        }
        return issues
    }

    /// The scopes asked for: the scopes field's choices, or the credential's kind.
    func scopes(_ mapping: CredentialMapping) -> [String] {
        guard let field = mapping.scopesField, case .array(let items)? = fields[field] else { return [mapping.kind] }
        return items.compactMap { if case .string(let scope) = $0 { scope } else { nil } }
    }

    private var organisationPath: FieldPath? {
        (workflow.organisationField ?? workflow.credential?.organisationField).map {
            FormValidator.fieldsPath.appending(key: $0)
        }
    }
}
