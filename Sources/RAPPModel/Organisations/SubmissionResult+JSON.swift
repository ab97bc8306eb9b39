extension SubmissionResult {
    /// What `org submit --json` prints: the stored id, version and warnings, or the report of a
    /// rejected form (the same shape as `ranges check --json`).
    public var jsonValue: JSONValue {
        switch self {
        case .stored(let id, let version, let warnings):
            .object(["id": JSONValue(id), "version": JSONValue(version), "warnings": .array(warnings.map(\.jsonValue))])
        case .rejected(let report):
            report.jsonValue
        }
    }
}
