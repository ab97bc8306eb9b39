/// Why a request could not be entered or a step of it taken. Nothing was changed.
public enum RequestError: CodedError, Equatable {
    /// No request with that id.
    case unknownRequest(Int64)
    /// No workflow of that id in the registry's policy.
    case unknownKind(String, known: [String])
    /// No registered organisation with that id.
    case unknownOrganisation(Int64)
    /// The workflow allows no such action in the request's state.
    case notAllowed(action: String, state: String, allowed: [String])
    /// Separation of duties: the operator may not take this step in this request.
    case separationOfDuties(String)
    /// The form, its evidence, the reason or the note did not pass validation.
    case invalid(ValidationReport)
    /// The transition's automatic checks found problems.
    case checksFailed([ValidationIssue])
    /// Personal evidence that may not be redacted yet, or at all.
    case retention(String)

    public var description: String {
        switch self {
        case .unknownRequest(let id):
            "There is no request \(id)."
        case .unknownKind(let kind, let known):
            "\(VisibleText.quoted(kind)) is not a kind of request the registry's policy defines\(known.isEmpty ? " (it defines none: apply a policy with workflows)" : "; use \(known.joined(separator: ", "))")."
        case .unknownOrganisation(let id):
            "There is no registered organisation \(id)."
        case .notAllowed(let action, let state, let allowed):
            "A request in state \(VisibleText.quoted(state)) cannot take the action \(VisibleText.quoted(action))"
                + (allowed.isEmpty
                    ? "; it takes no more actions." : "; it can take \(allowed.joined(separator: ", ")).")
        case .separationOfDuties(let reason):
            "Separation of duties: \(reason)"
        case .invalid(let report):
            ([summary] + report.errors.map { "  \($0)" }).joined(separator: "\n")
        case .checksFailed(let issues):
            ([summary] + issues.map { "  \($0)" }).joined(separator: "\n")
        case .retention(let problem):
            "The personal evidence cannot be redacted: \(problem)."
        }
    }

    /// The message without the issues listed below it: what a front end that lists the issues
    /// its own way (a report) says first.
    public var summary: String {
        switch self {
        case .invalid: "The request cannot be stored as given:"
        case .checksFailed: "The request's checks did not pass:"
        default: description
        }
    }

    public var code: String {
        switch self {
        case .unknownRequest: "request.unknown"
        case .unknownKind: "request.unknown-kind"
        case .unknownOrganisation: "organisation.unknown"
        case .notAllowed: "request.not-allowed"
        case .separationOfDuties: "request.separation-of-duties"
        case .invalid: "request.invalid"
        case .checksFailed: "request.checks-failed"
        case .retention: "request.retention"
        }
    }

    /// A step refused to this operator is a permission failure (77); anything about the request
    /// or its input is invalid data (65).
    public var exitStatus: ExitStatus {
        switch self {
        case .separationOfDuties: .noPermission
        default: .invalidData
        }
    }

    /// The issues behind an invalid input or failed checks, for JSON output.
    public var issues: [ValidationIssue] {
        switch self {
        case .invalid(let report): report.errors + report.warnings
        case .checksFailed(let issues): issues
        default: []
        }
    }
}
