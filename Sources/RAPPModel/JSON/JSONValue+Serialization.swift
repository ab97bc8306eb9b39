/// Writes JSON text: keys sorted, so output is stable for scripts and snapshot tests.
extension JSONValue {
    public func serialized(pretty: Bool = false) -> String {
        var output = ""
        write(into: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(into output: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let pad = { (level: Int) in pretty ? String(repeating: "  ", count: level) : "" }
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                output += String(Int64(value))
            } else {
                output += "\(value)"
            }
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let values):
            if values.isEmpty { output += "[]"; return }
            output += "[" + newline
            for (index, value) in values.enumerated() {
                output += pad(indent + 1)
                value.write(into: &output, pretty: pretty, indent: indent + 1)
                output += (index < values.count - 1 ? "," : "") + newline
            }
            output += pad(indent) + "]"
        case .object(let object):
            if object.isEmpty { output += "{}"; return }
            output += "{" + newline
            let keys = object.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += pad(indent + 1)
                Self.writeString(key, into: &output)
                output += pretty ? ": " : ":"
                object[key]!.write(into: &output, pretty: pretty, indent: indent + 1)
                output += (index < keys.count - 1 ? "," : "") + newline
            }
            output += pad(indent) + "}"
        }
    }

    /// Escapes quotes, backslashes and every control character, so output is safe on a terminal.
    static func writeString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if VisibleText.isControl(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension JSONValue {
    public init(_ value: Int) { self = .number(Double(value)) }
    public init(_ value: Int64) { self = .number(Double(value)) }
}
