extension FormDefinition {
    /// The definition as `forms show --json` prints it, with the User Roles and sharing pairs of
    /// `rules` that its range table uses.
    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "id": .string(id), "title": .string(title), "annex": .string(annex),
            "purpose": .string(purpose), "nameField": .string(nameField),
            "sections": .array(sections.map { section in
                .object([
                    "id": .string(section.id), "title": .string(section.title),
                    "fields": .array(section.fields.map { field in
                        .object([
                            "id": .string(field.id), "label": .string(field.label), "type": .string(field.type.rawValue),
                            "required": .bool(field.isRequired), "maxLength": field.maxLength.map(JSONValue.init) ?? .null,
                            "format": field.format.map(JSONValue.string) ?? .null, "help": .string(field.help),
                            "rules": .array(field.rules.map { .string($0.rawValue) }),
                        ])
                    }),
                ])
            }),
            "userRoles": .array(rules.userRoles.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
            "sharingPairs": .array(rules.sharingPairs.map { .object(["roles": .array($0.roles.sorted().map(JSONValue.string)), "basis": .string($0.basis)]) }),
        ])
    }
}

extension FormLibrary {
    /// The library as `forms list --json` prints it: where it came from and each form's title.
    public var listJSON: JSONValue {
        .object([
            "origin": .string(origin),
            "forms": .array(forms.map { .object(["id": .string($0.id), "title": .string($0.title), "annex": .string($0.annex)]) }),
        ])
    }
}
