import RAPPModel

/// `whois`'s text answer, written straight into output bytes.
///
/// The same bytes as the `TerminalText` lines it replaces (`WhoisLinesTests` holds the old lines
/// as the specification and compares them over hostile names): the identifier and ranges are hex
/// digits and dashes by construction, the organisation id digits, and the name and role name go
/// through the same `VisibleText` escaping. Building each line by `TerminalText` interpolation
/// escaped every piece again, a fifth of a `whois --file` look-up.
struct WhoisLines {
    let rules: SiteRules
    /// The escaped names of the roles met so far: a registry uses a handful.
    private var roleNames: [(role: String, text: [UInt8])] = []

    init(rules: SiteRules) {
        self.rules = rules
    }

    /// The answer for `identifier`: a line per holder, or one saying nobody holds it.
    mutating func write(_ identifier: EUI64, owners: [RegisteredRange], into output: inout [UInt8]) {
        if owners.isEmpty {
            identifier.writeCanonical(into: &output)
            output.append(literal: ": no organisation holds this identifier")
            if identifier.isReserved { output.append(literal: " (it is reserved)") }
            output.append(literal: ".\n")
        }
        for owner in owners {
            identifier.writeCanonical(into: &output)
            output.append(literal: ": organisation ")
            output.append(contentsOf: String(owner.organisationID).utf8)
            output.append(UInt8(ascii: " "))
            writeQuoted(owner.organisationName, into: &output)
            output.append(literal: " as ")
            writeRoleName(owner.role, into: &output)
            output.append(literal: " (range ")
            owner.range.first.writeCanonical(into: &output)
            output.append(literal: " to ")
            owner.range.last.writeCanonical(into: &output)
            output.append(literal: ")\n")
        }
    }

    /// The name as `VisibleText.quoted(_, limit: 80)` shows it.
    private func writeQuoted(_ name: String, into output: inout [UInt8]) {
        var name = name
        // Printable ASCII that fits (the usual name) is quoted as it is; anything else is quoted
        // and escaped exactly as the interpolated line did.
        let plain = name.withUTF8 { bytes in
            guard bytes.count <= 80, bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: bytes)
            output.append(UInt8(ascii: "\""))
            return true
        }
        if !plain { output.append(contentsOf: VisibleText.escaped(VisibleText.quoted(name, limit: 80)).utf8) }
    }

    /// The role's name under the rules, escaped, found once per role.
    private mutating func writeRoleName(_ role: String, into output: inout [UInt8]) {
        if let known = roleNames.first(where: { $0.role == role }) {
            output.append(contentsOf: known.text)
            return
        }
        let text = Array(VisibleText.escaped(rules.roleName(role)).utf8)
        // A role not in the rules is printed by its stored id: a tampered registry may hold many.
        if roleNames.count < 32 { roleNames.append((role, text)) }
        output.append(contentsOf: text)
    }
}

extension [UInt8] {
    /// A literal of ratui's own words, its bytes copied whole (a `String`'s UTF-8 view is
    /// appended byte by byte).
    fileprivate mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
