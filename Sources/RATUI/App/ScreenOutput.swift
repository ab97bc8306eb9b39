/// What a screen's update asks of the app besides its new state.
public struct ScreenOutput: Sendable {
    public enum Navigation: Sendable {
        case push(any Screen)
        case pop
        case replace(any Screen)
    }

    public var effects: [Effect] = []
    public var navigation: Navigation?
    public var status: StatusMessage?
    public var dialog: ConfirmDialog?
    /// Open the identifier look-up, pre-filled.
    public var whois: String?
    /// A check found nothing wrong: clear an error or warning the status line still shows.
    public var clearsProblems = false

    public init(
        effects: [Effect] = [], navigation: Navigation? = nil, status: StatusMessage? = nil,
        dialog: ConfirmDialog? = nil
    ) {
        self.effects = effects
        self.navigation = navigation
        self.status = status
        self.dialog = dialog
    }

    public static let none = ScreenOutput()
}
