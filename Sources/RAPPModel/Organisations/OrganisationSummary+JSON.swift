extension OrganisationSummary {
    /// The summary as one entry of `org list --json`.
    public var jsonValue: JSONValue {
        .object([
            "id": JSONValue(id), "name": .string(name), "version": JSONValue(version),
            "roles": .array(roles.map(JSONValue.string)), "submittedAt": .string(submittedAt),
        ])
    }
}
