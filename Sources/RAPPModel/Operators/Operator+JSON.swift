extension Operator {
    /// The account as `operator … --json` prints it: never anything derived from the passphrase.
    public var jsonValue: JSONValue {
        .object(
            [
                "id": JSONValue(id), "name": .string(name), "roles": .array(roles.map(JSONValue.string)),
                "disabled": .bool(isDisabled), "lockedUntil": lockedUntil.map(JSONValue.string) ?? .null,
                "createdAt": .string(createdAt), "email": email.map(JSONValue.string) ?? .null,
            ].merging(revokedAt.map { ["revokedAt": JSONValue.string($0)] } ?? [:]) { first, _ in first })
    }
}

extension OperatorSession {
    /// Who signed in, as `operator bootstrap --json` prints it.
    public var jsonValue: JSONValue {
        .object(["name": .string(name), "roles": .array(roles.map(JSONValue.string))])
    }
}
