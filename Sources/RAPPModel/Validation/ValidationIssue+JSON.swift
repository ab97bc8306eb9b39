extension ValidationIssue {
    /// The issue as the command line's JSON shows it: code, message, field, and what else is known.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code.rawValue),
            "message": .string(message),
            "severity": .string(severity.rawValue),
            "field": field.map { .string($0.description) } ?? .null,
            "siteRule": .bool(isSiteRule),
        ]
        if let role { object["role"] = .string(role) }
        if let conflict {
            object["conflict"] = .object([
                "organisation": .object([
                    "id": JSONValue(conflict.organisationID), "name": .string(conflict.organisationName),
                ]),
                "role": .string(conflict.role),
                "first": .string(conflict.range.first.canonical),
                "last": .string(conflict.range.last.canonical),
            ])
        }
        return .object(object)
    }
}

extension ValidationReport {
    /// `{"valid": bool, "errors": [...], "warnings": [...]}`, the shape `ranges check` prints.
    public var jsonValue: JSONValue {
        .object([
            "valid": .bool(isValid),
            "errors": .array(errors.map(\.jsonValue)),
            "warnings": .array(warnings.map(\.jsonValue)),
        ])
    }
}
