import RAPPModel

/// Text that is safe to write to a terminal: the only thing `Output` prints.
///
/// A string literal in ratui's source is the program's own words and is kept as written; every
/// value interpolated into one (a name, a path, a stored field, a number) is escaped through
/// `VisibleText.escaped` unless it is itself `TerminalText`. A plain `String` does not convert, so
/// a command cannot print stored or typed text without escaping it:
///
/// ```swift
/// Output.line("Organisation \(version.organisationID): \(version.name)")   // the name is escaped
/// Output.line(version.name)                                              // does not compile
/// ```
struct TerminalText: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The text as it is written: every character either from ratui's source or escaped.
    private(set) var description: String

    private init(trusted: String) {
        description = trusted
    }

    /// A literal in ratui's source: the program's own words, written out as they are. Line
    /// breaks (CSV's CR LF too) and tabs are its layout; no other control character belongs in one.
    init(stringLiteral value: String) {
        assert(
            !value.unicodeScalars.contains { VisibleText.mustEscape($0) && !"\n\r\t".unicodeScalars.contains($0) },
            "a literal printed by ratui holds a control or invisible character")
        description = value
    }

    init(stringInterpolation: StringInterpolation) {
        description = stringInterpolation.text
    }

    /// Any text, escaped whole: its line breaks too, so a stored value cannot forge a line.
    init(escaping text: String) {
        description = VisibleText.escaped(text)
    }

    /// Text of several lines, such as a multi-line field or an error listing problems: each line
    /// escaped on its own, the line breaks kept.
    init(lines text: String) {
        description = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { VisibleText.escaped(String($0)) }.joined(separator: "\n")
    }

    /// A JSON document or fragment: its serialisation escapes every control and invisible
    /// character in strings (`JSONValue.serialized`), so it is written as it is.
    init(json value: JSONValue, pretty: Bool = false) {
        description = value.serialized(pretty: pretty)
    }

    static func + (lhs: TerminalText, rhs: TerminalText) -> TerminalText {
        TerminalText(trusted: lhs.description + rhs.description)
    }

    static func += (lhs: inout TerminalText, rhs: TerminalText) {
        lhs.description += rhs.description
    }

    /// Builds text from literals (kept) and interpolated values (escaped).
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Text already safe: kept as it is.
        mutating func appendInterpolation(_ value: TerminalText) {
            text += value.description
        }

        /// An identifier or a range: hex digits, dashes and " to " by construction, written as
        /// they are (`whois --file` writes one or two a line).
        mutating func appendInterpolation(_ value: EUI64) {
            text += value.canonical
        }

        mutating func appendInterpolation(_ value: IdentifierRange) {
            text += value.first.canonical
            text += " to "
            text += value.last.canonical
        }

        /// A string: escaped, as any other value, but without `String(describing:)`, whose
        /// dynamic casts scan every protocol conformance in the binary the first time they meet
        /// a type (half a million instructions each: a one-shot `whois` prints a few).
        mutating func appendInterpolation(_ value: String) {
            text += VisibleText.escaped(value)
        }

        /// An integer: its decimal digits and sign, which need no escaping (the same text as
        /// `String(describing:)`, without its dynamic casts).
        mutating func appendInterpolation<Value: BinaryInteger>(_ value: Value) {
            text += String(value)
        }

        /// Any other value: its text escaped.
        mutating func appendInterpolation<Value>(_ value: Value) {
            text += VisibleText.escaped(String(describing: value))
        }
    }
}

extension Sequence<TerminalText> {
    /// The texts one after another, with `separator` between them.
    func joined(separator: TerminalText = "") -> TerminalText {
        var result: TerminalText = ""
        for (index, text) in enumerated() {
            if index > 0 { result += separator }
            result += text
        }
        return result
    }
}
