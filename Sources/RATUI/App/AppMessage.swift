import RAPPModel

/// Everything that can happen to the app: a key, a resize, or the outcome of an effect.
public enum AppMessage: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case result(QueryResult)
    case submitted(SubmissionOutcome)
    /// The outcome of a sign-in, bootstrap or unlock.
    case signedIn(SignInOutcome)
    /// Seconds since the last key: the app locks once this reaches the rules' idle limit.
    case idle(seconds: Double)
}

/// What became of a sign-in attempt.
public enum SignInOutcome: Equatable, Sendable {
    case success(OperatorSession)
    case failed(String)
}

/// What a screen is told: an action from the table, a key for its focused field, an outcome,
/// or the answer to the dialog it opened.
public enum ScreenMessage: Equatable, Sendable {
    case action(ActionID)
    case edit(Key)
    case result(QueryResult)
    case submitted(SubmissionOutcome)
    case answered(ConfirmDialog.Purpose, confirmed: Bool)
}

/// What a screen's update asks of the app besides its new state.
public struct ScreenOutput: Sendable {
    public enum Navigation: Sendable {
        case push(Screen)
        case pop
        case replace(Screen)
    }

    public var effects: [Effect] = []
    public var navigation: Navigation?
    public var status: StatusMessage?
    public var dialog: ConfirmDialog?
    /// Open the identifier look-up, pre-filled.
    public var whois: String?

    public init(effects: [Effect] = [], navigation: Navigation? = nil, status: StatusMessage? = nil, dialog: ConfirmDialog? = nil) {
        self.effects = effects
        self.navigation = navigation
        self.status = status
        self.dialog = dialog
    }

    public static let none = ScreenOutput()
}
