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
    /// The policy's rules, for checks whose terms are data (`revocation`).
    var rules: SiteRules? = nil

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
                return [ValidationIssue(.organisationNotCurrent, "The organisation is not registered with a current A1 form.", field: organisationPath)]
            }
            return []
        case .organisationEntryTestsPassed:
            guard let organisation, try PreconditionStore(db: db).currentEntryTests(of: organisation) != nil else {
                return [ValidationIssue(
                    .organisationEntryTests,
                    "The organisation has not passed the SMKI and Repository Entry Process Tests (record them with `ratui org entry-tests`).",
                    field: organisationPath)]
            }
            return []
        case .credentialNoDuplicate:
            guard let mapping = workflow.credential, let organisation, case .string(let name)? = fields[mapping.holderNameField] else { return [] }
            let credentials = CredentialStore(db: db)
            let holders = try credentials.holders(
                kind: mapping.kind, organisation: organisation, name: name, birthDate: mapping.holderBirthDateField.flatMap { fields[$0] })
            let wanted = Set(scopes(mapping))
            return try credentials.active(kind: mapping.kind, heldBy: holders).compactMap { credential in
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
        }
    }

    /// The scopes asked for: the scopes field's choices, or the credential's kind.
    func scopes(_ mapping: CredentialMapping) -> [String] {
        guard let field = mapping.scopesField, case .array(let items)? = fields[field] else { return [mapping.kind] }
        return items.compactMap { if case .string(let scope) = $0 { scope } else { nil } }
    }

    private var organisationPath: FieldPath? {
        (workflow.organisationField ?? workflow.credential?.organisationField).map { FormValidator.fieldsPath.appending(key: $0) }
    }
}
