/// A full-screen view of the app: its state, the messages it understands, `update` and `view`.
///
/// tig gives each view a table of operations (`struct view_ops`); a screen here is the same idea
/// as a protocol. Everything about a screen lives in its own files: its keys (`actions`), the
/// registry work it asks for (`Effect.registry`) and the messages that work answers with
/// (`Message`). The app keeps a stack of them and never needs to know which screens exist, so
/// adding one is a new file plus one line in `ActionTable.screens`.
public protocol Screen: Sendable {
    /// What this screen's registry work and dialogs send back to it.
    associatedtype Message: Sendable = Never

    /// This screen's rows of the action table, in the order they win.
    static var actions: [Action] { get }

    /// The title line's text.
    func title(environment: AppEnvironment) -> String

    /// The contexts keys are resolved in now.
    func contexts(environment: AppEnvironment) -> Set<ActionContext>

    /// True when printable keys type into a field rather than trigger actions.
    var isTyping: Bool { get }

    /// True when leaving would lose work, so quitting asks first.
    var hasUnsavedChanges: Bool { get }

    /// What to read when the screen is shown (first pushed, or uncovered again).
    var appearEffects: [Effect] { get }

    /// What to read again when another connection changed the registry (`PRAGMA data_version`,
    /// polled at the idle tick), so another operator's change shows without a key press.
    /// By default what the screen reads to appear; a screen whose state that would disturb says less.
    var refreshEffects: [Effect] { get }

    /// The screen fitted to the area it is drawn in, such as how many rows a page holds. Applied
    /// before a screen first reads (so its first page fills the screen) and before every update.
    func laidOut(in area: Rect) -> Self

    func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (Self, ScreenOutput)

    func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment)
}

extension Screen {
    public static var actions: [Action] { [] }
    public var isTyping: Bool { false }
    public var hasUnsavedChanges: Bool { false }
    public var appearEffects: [Effect] { [] }
    public var refreshEffects: [Effect] { appearEffects }
    public func laidOut(in area: Rect) -> Self { self }

    /// Lays the screen out and gives it an event whose message is still type-erased; a message
    /// meant for another kind of screen (an answer that arrives after its screen was left) is
    /// dropped.
    func receive(_ event: ScreenEvent<ScreenPayload>, environment: AppEnvironment, area: Rect) -> (
        any Screen, ScreenOutput
    ) {
        let screen = laidOut(in: area)
        let typed: ScreenEvent<Message>
        switch event {
        case .action(let id): typed = .action(id)
        case .edit(let key): typed = .edit(key)
        case .message(let payload):
            guard let message = payload.value as? Message else { return (screen, .none) }
            typed = .message(message)
        }
        return screen.update(typed, environment: environment)
    }
}
