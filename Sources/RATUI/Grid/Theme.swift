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

    /// The theme the environment asks for: `--plain` wins, then `--mono` or `NO_COLOR`.
    public static func choose(plain: Bool, mono: Bool, environment: [String: String]) -> Theme {
        if plain { return .plain }
        if mono || environment["NO_COLOR"] != nil { return .monochrome }
        return .standard
    }

    public var usesColour: Bool { kind == .standard }
    public var isPlain: Bool { kind == .plain }
    public var box: BoxCharacters { isPlain ? .ascii : .unicode }
}
