import RAPPModel

/// What a performed effect found, fed back to `update` as a message.
public enum QueryResult: Equatable, Sendable {
    case counts(organisations: Int, ranges: Int)
    case organisations(OrganisationPageRequest, [OrganisationSummary], total: Int?)
    case history(organisation: Int64, [OrganisationVersion])
    case whois(EUI64, [RegisteredRange])
    /// The form as checked, the report, and registered ranges overlapping or next to its own.
    case check(OrganisationInformationForm, ValidationReport, nearby: [RegisteredRange])
    case nearby([IdentifierRange], [RegisteredRange])
    /// A page of audit events, oldest first, with the number matching when a new list was asked.
    case audit(AuditPageRequest, [AuditEvent], total: Int?)
    /// The registry could not answer; the message says why.
    case failed(String)
}

/// What became of a submitted form.
public enum SubmissionOutcome: Equatable, Sendable {
    case result(SubmissionResult)
    case failed(String)
}
