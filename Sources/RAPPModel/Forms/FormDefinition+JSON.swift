extension FormDefinition {
    /// The definition as `forms show --json` prints it, with the User Roles and sharing pairs of
    /// `rules` that its range table uses.
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "id": .string(id), "title": .string(title), "annex": .string(annex),
            "purpose": .string(purpose), "nameField": .string(nameField),
            "sections": .array(
                sections.map { section in
                    .object([
                        "id": .string(section.id), "title": .string(section.title),
                        "fields": .array(section.fields.map(\.jsonValue)),
                    ])
                }),
            "userRoles": .array(rules.userRoles.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
            "sharingPairs": .array(
                rules.sharingPairs.map {
                    .object(["roles": .array($0.roles.sorted().map(JSONValue.string)), "basis": .string($0.basis)])
                }),
        ])
    }
}

extension FormLibrary {
    /// The library as `forms list --json` prints it: where it came from and each form's title.
    public var listJSON: JSONValue {
        .object([
            "origin": .string(origin),
            "forms": .array(
                forms.map { .object(["id": .string($0.id), "title": .string($0.title), "annex": .string($0.annex)]) }),
        ])
    }
}

extension FieldDefinition {
    /// The field as `forms show --json` prints it; the keys of the newer field types (options,
    /// references, a group's fields, item counts, personal) appear only where they apply.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "label": .string(label), "type": .string(type.rawValue),
            "required": .bool(isRequired), "maxLength": maxLength.map(JSONValue.init) ?? .null,
            "format": format.map(JSONValue.string) ?? .null, "help": .string(help),
            "rules": .array(rules.map { .string($0.rawValue) }),
        ]
        if !options.isEmpty {
            object["options"] = .array(options.map { .object(["id": .string($0.id), "label": .string($0.label)]) })
        }
        if let references { object["references"] = .string(references.rawValue) }
        if type == .group { object["fields"] = .array(fields.map(\.jsonValue)) }
        if let minItems { object["minItems"] = JSONValue(minItems) }
        if let maxItems { object["maxItems"] = JSONValue(maxItems) }
        if isPersonal { object["personal"] = .bool(true) }
        return .object(object)
    }
}
