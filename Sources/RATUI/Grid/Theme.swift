/// How screens look: default, monochrome or plain.
///
/// - default: the terminal's own colours with a few accents (errors, focus, the range map).
/// - monochrome: no colour at all (`NO_COLOR` or `--mono`): bold, underline and reverse only.
/// - plain (`--plain`): for screen readers and dumb terminals: ASCII borders, labels before
///   values, the hardware cursor parked on the focused field.
public struct Theme: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case standard = "default"
        case monochrome
        case plain
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public static let standard = Theme(.standard)
    public static let monochrome = Theme(.monochrome)
    public static let plain = Theme(.plain)

    /// The theme the environment asks for: `--plain` wins, or a terminal that cannot show
    /// UTF-8 (it would show boxes and arrows as `lqqk` or mojibake); then `--mono` or `NO_COLOR`.
    public static func choose(plain: Bool, mono: Bool, environment: [String: String]) -> Theme {
        if plain || !showsUTF8(environment) { return .plain }
        if mono || environment["NO_COLOR"] != nil { return .monochrome }
        return .standard
    }

    /// Whether the terminal shows UTF-8: the locale's character set is UTF-8 (`LC_ALL`, else
    /// `LC_CTYPE`, else `LANG`, as setlocale reads them) and `TERM` is not a DEC VT or dumb
    /// terminal, which know only ASCII and line-drawing sets.
    public static func showsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let codeset = locale.lowercased().filter { $0 != "-" }
        guard codeset.hasSuffix(".utf8") || codeset.contains(".utf8@") else { return false }
        let term = environment["TERM"] ?? ""
        return !(term.hasPrefix("vt") || term == "dumb")
    }

    public var usesColour: Bool { kind == .standard }
    public var isPlain: Bool { kind == .plain }
    public var box: BoxCharacters { isPlain ? .ascii : .unicode }
}
