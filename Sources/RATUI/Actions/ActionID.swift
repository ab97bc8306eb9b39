/// The name of something a key can do. Keys, footers and help all come from `ActionTable`.
///
/// A struct rather than an enum, so a screen declares the actions only it has in its own file
/// (`extension ActionID { static let amend = ActionID("amend") }`) and adding a screen touches
/// no central list. The actions here are the ones several screens and overlays share.
public struct ActionID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let help = ActionID("help")
    public static let whois = ActionID("whois")
    public static let redraw = ActionID("redraw")
    public static let quit = ActionID("quit")
    public static let back = ActionID("back")
    public static let moveUp = ActionID("moveUp")
    public static let moveDown = ActionID("moveDown")
    public static let pageUp = ActionID("pageUp")
    public static let pageDown = ActionID("pageDown")
    public static let first = ActionID("first")
    public static let last = ActionID("last")
    public static let open = ActionID("open")
    public static let filter = ActionID("filter")
    public static let clearFilter = ActionID("clearFilter")
    public static let nextField = ActionID("nextField")
    public static let previousField = ActionID("previousField")
    public static let submit = ActionID("submit")
    public static let confirm = ActionID("confirm")
    public static let cancel = ActionID("cancel")
    public static let dialogNext = ActionID("dialogNext")
    public static let lookUp = ActionID("lookUp")
    public static let close = ActionID("close")
    /// Showing the whole of a status message cut off at the screen's edge.
    public static let showMessage = ActionID("showMessage")
    /// Going to another part of the registry, from Home and the screens that link there.
    public static let openOrganisations = ActionID("openOrganisations")
    public static let newOrganisation = ActionID("newOrganisation")
    public static let openAudit = ActionID("openAudit")
}
