extension Credential {
    /// The credential as `credential show --json` prints it, and each entry of `credential list`.
    public var jsonValue: JSONValue {
        .object([
            "id": JSONValue(id), "kind": .string(kind), "state": .string(state),
            "holder": .object([
                "id": JSONValue(holder.id), "kind": .string(holder.kind), "name": .string(holder.name),
                "organisation": holder.organisationID.map { JSONValue($0) } ?? .null,
                "operator": holder.operatorID.map { JSONValue($0) } ?? .null,
            ]),
            "organisation": organisationID.map { JSONValue($0) } ?? .null,
            "request": JSONValue(requestID),
            "scopes": .array(scopes.map(JSONValue.string)),
            "details": .object(details),
            "createdAt": .string(createdAt),
            "expiresOn": expiresOn.map(JSONValue.string) ?? .null,
            "history": .array(
                history.map {
                    .object([
                        "state": .string($0.state), "recordedAt": .string($0.recordedAt),
                        "operator": .string($0.operatorName),
                        "request": $0.requestID.map { JSONValue($0) } ?? .null,
                    ])
                }),
        ])
    }
}
