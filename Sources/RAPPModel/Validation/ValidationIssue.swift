/// One problem found in user input: an error that blocks, or a warning that only informs.
///
/// Every front end (command line, terminal UI, tests) shows exactly these codes and messages, so
/// a script and a person see the same words. `field` names the input concerned, as a typed path
/// such as `userRoleRanges[2].first`, so a screen can put the message beside that field.
public struct ValidationIssue: Error, Hashable, Sendable {
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    public var code: IssueCode
    public var severity: Severity
    public var message: String
    /// The input concerned, as a path into the form (`organisation.legalName`,
    /// `userRoleRanges[0].last`), or nil when the issue concerns the whole input.
    public var field: FieldPath?
    /// The User Role of the range concerned, when there is one.
    public var role: String?
    /// For overlaps: who else holds the identifiers.
    public var conflict: RegisteredRange?
    /// True when the rule that raised this is a site rule from `Forms/` (marked [assumed] in the
    /// domain reference), so a user knows the RA can change it.
    public var isSiteRule: Bool

    public init(
        _ code: IssueCode,
        _ message: String,
        severity: Severity = .error,
        field: FieldPath? = nil,
        role: String? = nil,
        conflict: RegisteredRange? = nil,
        isSiteRule: Bool = false
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.field = field
        self.role = role
        self.conflict = conflict
        self.isSiteRule = isSiteRule
    }

    /// The message as a person reads it, with "(site rule)" where the RA's own rules decided.
    public var displayMessage: String {
        isSiteRule ? "\(message) (site rule)" : message
    }
}

extension ValidationIssue: CustomStringConvertible {
    public var description: String {
        var text = "\(code): \(displayMessage)"
        if let field { text += " [\(field)]" }
        return text
    }
}
