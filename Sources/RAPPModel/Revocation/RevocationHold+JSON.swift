extension RevocationDirection {
    /// `{"sequence": 1, "kind": "hold", "decision": "...", "decidedOn": "YYYY-MM-DD", "recordedAt": ..., "recordedBy": ...}`.
    public var jsonValue: JSONValue {
        .object([
            "sequence": JSONValue(sequence), "kind": .string(kind.rawValue), "decision": .string(decision),
            "decidedOn": .string(decidedOn), "recordedAt": .string(recordedAt), "recordedBy": .string(recordedBy),
        ])
    }
}

extension RevocationHolds {
    /// `org show --json`'s `revocationHold`: the hold in force (or null) and every direction.
    public var jsonValue: JSONValue {
        .object([
            "organisation": JSONValue(organisationID), "held": .bool(inForce != nil),
            "inForce": inForce?.jsonValue ?? .null, "directions": .array(directions.map(\.jsonValue)),
        ])
    }
}

extension RevocationHoldError {
    /// A held request's hold, with the code and message every front end shows for it.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["code": .string(code), "message": .string(description)]
        if case .held(_, let organisation, let decision, let date) = self {
            object["organisation"] = JSONValue(organisation)
            object["decision"] = .string(decision)
            object["decidedOn"] = .string(date)
        }
        return .object(object)
    }
}
