extension RegisteredRange {
    /// The range as one owner in `whois --json`, with its User Role's name under `rules`.
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "organisation": .object(["id": JSONValue(organisationID), "name": .string(organisationName)]),
            "role": .string(role), "roleName": .string(rules.roleName(role)),
            "first": .string(range.first.canonical), "last": .string(range.last.canonical),
        ])
    }

    /// The answer of `whois --json`: the identifier and every range in force that holds it.
    public static func whoisJSON(_ identifier: EUI64, owners: [RegisteredRange], rules: SiteRules) -> JSONValue {
        .object([
            "identifier": .string(identifier.canonical),
            "reserved": .bool(identifier.isReserved),
            "owners": .array(owners.map { $0.jsonValue(rules: rules) }),
        ])
    }

    /// The answer of `whois --json` for text that is not an identifier: the text and why.
    public static func whoisJSON(_ text: String, error: ValidationIssue) -> JSONValue {
        .object(["identifier": .string(text), "error": error.jsonValue])
    }
}
