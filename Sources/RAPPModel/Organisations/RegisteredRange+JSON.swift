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
        output.append(contentsOf: #"{"identifier":"#.utf8)
        identifier.writeQuoted(into: &output)
        output.append(contentsOf: #","line":"#.utf8)
        JSONValue.writeNumber(Double(line), into: &output)
        output.append(contentsOf: #","owners":["#.utf8)
        for (index, owner) in owners.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"first":"#.utf8)
            owner.range.first.writeQuoted(into: &output)
            output.append(contentsOf: #","last":"#.utf8)
            owner.range.last.writeQuoted(into: &output)
            output.append(contentsOf: #","organisation":{"id":"#.utf8)
            JSONValue.writeNumber(Double(owner.organisationID), into: &output)
            output.append(contentsOf: #","name":"#.utf8)
            JSONValue.writeString(owner.organisationName, into: &output)
            output.append(contentsOf: #"},"role":"#.utf8)
            JSONValue.writeString(owner.role, into: &output)
            output.append(contentsOf: #","roleName":"#.utf8)
            JSONValue.writeString(rules.roleName(owner.role), into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: #"],"reserved":"#.utf8)
        output.append(contentsOf: (identifier.isReserved ? "true" : "false").utf8)
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
