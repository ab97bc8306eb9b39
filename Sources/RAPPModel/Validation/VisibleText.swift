/// Makes untrusted text safe to show: control and invisible characters become visible, long
/// text is cut.
///
/// Text from forms and from the registry may hold escape sequences that would move a terminal's
/// cursor or retitle its window, and invisible characters that make two different names look the
/// same. Everything ratui prints of such text goes through here, and new input is checked against
/// the same classification (`mustEscape`), so what is refused and what is escaped never differ.
public enum VisibleText {
    /// The text with every control or invisible character replaced by a visible escape
    /// (`\u{1B}` → `\e`, U+200B → `\u{200B}`).
    public static func escaped(_ text: String) -> String {
        // Printable ASCII throughout (the usual case) needs nothing: return it as it is.
        if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if mustEscape(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text escaped, cut to `limit` characters with an ellipsis, and in double quotes.
    public static func quoted(_ text: String, limit: Int = 40) -> String {
        // Printable ASCII throughout (the usual name) is one character a byte: no escaping and
        // no counting of grapheme clusters (`whois --file` quotes a name a look-up).
        if text.utf8.count <= limit, text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) { return "\"\(text)\"" }
        let escaped = escaped(text)
        if escaped.count <= limit { return "\"\(escaped)\"" }
        return "\"\(escaped.prefix(limit))…\" (\(text.unicodeScalars.count) characters)"
    }

    /// A short description of one character for error messages: `'G'`, `a space`,
    /// `the control character \e (U+001B)`, `the invisible character \u{200B} (U+200B ZERO WIDTH SPACE)`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "a space" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        if isControl(scalar) { return "the control character \(escape(scalar)) (\(code))" }
        if isInvisible(scalar) {
            let name = scalar.properties.name ?? scalar.properties.nameAlias
            return "the invisible character \(escape(scalar)) (\(code)\(name.map { " " + $0 } ?? ""))"
        }
        return "'\(Character(scalar))' (\(code))"
    }

    /// Whether a character is never shown or stored as itself: a control character or an
    /// invisible one. The one test behind escaping, form checks and operator names.
    public static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isInvisible(scalar)
    }

    /// C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Characters that draw nothing, or nothing that tells them apart from a space, so text holding
    /// them looks like other text: format characters (Unicode category Cf, such as U+200B ZERO
    /// WIDTH SPACE, U+200E/U+200F direction marks, U+00AD SOFT HYPHEN, U+FEFF and the U+E00xx tag
    /// characters), every other default-ignorable code point (U+034F COMBINING GRAPHEME JOINER,
    /// the Hangul fillers U+3164 and U+115F, U+1160, U+FFA0, variation selectors), the line and
    /// paragraph separators U+2028 and U+2029, and U+2800 BRAILLE PATTERN BLANK.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0xAC: false
        case 0x2028, 0x2029, 0x2800: true
        default: scalar.properties.generalCategory == .format || scalar.properties.isDefaultIgnorableCodePoint
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
