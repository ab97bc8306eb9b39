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

    /// `whoisJSON` with the input's line number added as "line", serialised straight into
    /// `output`: the bytes `serialized()` writes for that tree, without building it (`whois
    /// --file --json` writes one a look-up; the tree and its sorted keys were a quarter of one).
    public static func writeWhoisJSON(
        _ identifier: EUI64, line: Int, owners: [RegisteredRange], rules: SiteRules, into output: inout [UInt8]
    ) {
        // Keys in sorted order, as `serialized()` writes them.
        output.append(literal: #"{"identifier":"#)
        identifier.writeQuoted(into: &output)
        output.append(literal: #","line":"#)
        JSONValue.writeNumber(Double(line), into: &output)
        output.append(literal: #","owners":["#)
        for (index, owner) in owners.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(literal: #"{"first":"#)
            owner.range.first.writeQuoted(into: &output)
            output.append(literal: #","last":"#)
            owner.range.last.writeQuoted(into: &output)
            output.append(literal: #","organisation":{"id":"#)
            JSONValue.writeNumber(Double(owner.organisationID), into: &output)
            output.append(literal: #","name":"#)
            JSONValue.writeString(owner.organisationName, into: &output)
            output.append(literal: #"},"role":"#)
            JSONValue.writeString(owner.role, into: &output)
            output.append(literal: #","roleName":"#)
            JSONValue.writeString(rules.roleName(owner.role), into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(literal: #"],"reserved":"#)
        output.append(literal: identifier.isReserved ? "true" : "false")
        output.append(UInt8(ascii: "}"))
    }

    /// The answer of `whois --json` for text that is not an identifier: the text and why.
    public static func whoisJSON(_ text: String, error: ValidationIssue) -> JSONValue {
        .object(["identifier": .string(text), "error": error.jsonValue])
    }
}

extension EUI64 {
    /// The canonical text as a JSON string: hex digits and dashes need no escaping.
    fileprivate func writeQuoted(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeCanonical(into: &output)
        output.append(UInt8(ascii: "\""))
    }
}

extension [UInt8] {
    /// A literal's bytes copied whole (a `String`'s UTF-8 view is appended byte by byte).
    fileprivate mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
