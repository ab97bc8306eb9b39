extension OrganisationVersion {
    /// The version as `org show --json` prints it, each range with its User Role's name under `rules`.
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "id": JSONValue(organisationID),
            "version": JSONValue(version),
            "current": .bool(isCurrent),
            "name": .string(name),
            "form": .string(formID),
            "submittedAt": .string(submittedAt),
            "organisation": .object(form.fields.mapValues(JSONValue.string)),
            "userRoleRanges": .array(
                ranges.map {
                    .object([
                        "role": .string($0.role), "roleName": .string(rules.roleName($0.role)),
                        "first": .string($0.range.first.canonical), "last": .string($0.range.last.canonical),
                    ])
                }),
        ])
    }

    /// Every version of one organisation, oldest first, as `org show --history --json` prints them.
    public static func historyJSON(of id: Int64, _ versions: [OrganisationVersion], rules: SiteRules) -> JSONValue {
        .object(["id": JSONValue(id), "versions": .array(versions.map { $0.jsonValue(rules: rules) })])
    }
}
