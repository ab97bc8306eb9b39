/// What happened to a submitted A1 form.
public enum SubmissionResult: Sendable, Equatable {
    /// Stored whole, as the given version of the organisation (1 for a new one).
    case stored(organisationID: Int64, version: Int, warnings: [ValidationIssue])
    /// Refused; nothing was stored.
    case rejected(ValidationReport)
}
