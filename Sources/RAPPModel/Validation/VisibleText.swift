/// Makes untrusted text safe to show: control characters become visible, long text is cut.
///
/// Text from forms and from the registry may hold escape sequences that would move a terminal's
/// cursor or retitle its window. Everything ratui prints of such text goes through here.
public enum VisibleText {
    /// The text with every control character replaced by a visible escape (`\u{1B}` → `\e`).
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text escaped, cut to `limit` characters with an ellipsis, and in double quotes.
    public static func quoted(_ text: String, limit: Int = 40) -> String {
        let escaped = escaped(text)
        if escaped.count <= limit { return "\"\(escaped)\"" }
        return "\"\(escaped.prefix(limit))…\" (\(text.unicodeScalars.count) characters)"
    }

    /// A short description of one character for error messages: `'G'`, `a space`, `\e (U+001B)`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "a space" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        if isControl(scalar) { return "the control character \(escape(scalar)) (\(code))" }
        return "'\(Character(scalar))' (\(code))"
    }

    /// C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        case "\u{1B}": return "\\e"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u{" + hex + "}"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhiteSpace() -> String {
        // Fast path: printable ASCII at both ends means nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
