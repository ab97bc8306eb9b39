extension AuditVerification {
    /// The outcome as `audit verify --json` prints it.
    public var jsonValue: JSONValue {
        .object([
            "intact": .bool(isIntact), "count": JSONValue(count), "head": .string(head),
            "firstBreak": firstBreak.map {
                .object(["sequence": JSONValue($0.sequence), "reason": .string($0.reason)])
            } ?? .null,
            "expectedHeadFound": expectedHeadFound.map(JSONValue.bool) ?? .null,
            "reconciled": .bool(reconciled), "differenceCount": JSONValue(differenceCount),
            "differences": .array(differences.map(\.jsonValue)),
            "anchors": anchors?.jsonValue ?? .null,
        ])
    }
}

extension AuditEvent {
    /// The trail's head as `audit head --json` prints it: the last sequence number and its hash.
    public static func headJSON(sequence: Int64, hash: String) -> JSONValue {
        .object(["sequence": JSONValue(sequence), "head": .string(hash)])
    }
}
