extension CSRCheckResult {
    /// The result as `csr check --json` prints it: `ranges check`'s `valid`, `errors` and
    /// `warnings`, and what the request says and who holds its EUI-64.
    public func jsonValue(rules: SiteRules, file: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "valid": .bool(passes),
            "profile": profile.map { .string($0.rawValue) } ?? .null,
            "subject": subject.map { $0.jsonValue(rules: rules, organisationName: organisationName) } ?? .null,
            "key": key.map(JSONValue.string) ?? .null,
            "signatureAlgorithm": signatureAlgorithm.map(JSONValue.string) ?? .null,
            "signatureValid": signatureValid.map(JSONValue.bool) ?? .null,
            "keyUsage": keyUsage.map { .array($0.map(JSONValue.string)) } ?? .null,
            "checkedAgainstRegistry": .bool(checkedAgainstRegistry),
            "holders": .array(holders.map { $0.jsonValue(rules: rules) }),
            "errors": .array(report.errors.map(\.jsonValue)),
            "warnings": .array(report.warnings.map(\.jsonValue)),
        ]
        if let file { object["file"] = .string(file) }
        return .object(object)
    }
}

extension OrganisationSubject {
    /// The subject's identifying parts; absent ones are null.
    public func jsonValue(rules: SiteRules, organisationName: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "eui64": eui64.map { .string($0.canonical) } ?? .null,
            "roleCode": roleCode.map { .string(RemotePartyRole.hex($0)) } ?? .null,
            "roleName": roleCode.flatMap { rules.remotePartyRole(code: $0)?.name }.map(JSONValue.string) ?? .null,
            "OU": organisationalUnit.map(JSONValue.string) ?? .null,
            "CN": commonName.map(JSONValue.string) ?? .null,
        ]
        if let organisationName { object["O"] = .string(organisationName) }
        return .object(object)
    }
}
