extension Notification {
    /// The notification as `notify list --json` prints each entry.
    public var jsonValue: JSONValue {
        .object([
            "id": JSONValue(id), "request": JSONValue(requestID), "step": JSONValue(stepSequence),
            "action": .string(action), "template": .string(templateID), "recipientKind": .string(recipientKind),
            "recipient": .string(recipient), "address": address.map(JSONValue.string) ?? .null,
            "handDelivery": .bool(needsHandDelivery), "subject": .string(subject), "text": .string(text),
            "createdAt": .string(createdAt), "state": .string(state.rawValue), "stateAt": .string(stateAt),
            "stateBy": stateByName.map(JSONValue.string) ?? .null, "attempts": JSONValue(Int64(attempts)),
            "lastFailure": lastFailure.map(JSONValue.string) ?? .null,
        ])
    }
}
