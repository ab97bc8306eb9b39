/// Where an action applies: a screen, a part of it, or an overlay.
///
/// A screen reports the contexts it is in right now; the action table keeps only the actions
/// for those, for keys, for the footer and for help alike. A struct, so each screen declares its
/// own contexts in its own file; the ones here belong to the app and its overlays.
public struct ActionContext: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    /// Any screen, when no dialog or overlay is open.
    public static let screen = ActionContext("screen")
    /// A screen from which one can go back (not Home).
    public static let innerScreen = ActionContext("innerScreen")
    /// A list of choices open over a screen.
    public static let chooser = ActionContext("chooser")
    public static let dialog = ActionContext("dialog")
    public static let help = ActionContext("help")
    public static let whois = ActionContext("whois")
    /// The idle lock, over everything.
    public static let lock = ActionContext("lock")
    /// The whole text of a status message, open over a screen.
    public static let message = ActionContext("message")
    /// Added to a screen's contexts while the status line cannot show its whole message.
    public static let statusCutOff = ActionContext("statusCutOff")
}
