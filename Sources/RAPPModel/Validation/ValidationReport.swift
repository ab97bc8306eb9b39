/// The outcome of checking a form: the errors that block it and the warnings that do not.
public struct ValidationReport: Sendable, Equatable {
    public var errors: [ValidationIssue] = []
    public var warnings: [ValidationIssue] = []

    public init(errors: [ValidationIssue] = [], warnings: [ValidationIssue] = []) {
        self.errors = errors
        self.warnings = warnings
    }

    public var isValid: Bool { errors.isEmpty }

    /// Files the issue under errors or warnings by its severity.
    public mutating func add(_ issue: ValidationIssue) {
        switch issue.severity {
        case .error: errors.append(issue)
        case .warning: warnings.append(issue)
        }
    }

    /// The issues that concern one field, for showing beside it.
    public func issues(for field: FieldPath) -> [ValidationIssue] {
        (errors + warnings).filter { $0.field?.isWithin(field) ?? false }
    }
}
