import Dispatch
import RAPPModel

/// Runs an app: feeds it messages, performs the effects it returns, and feeds back outcomes.
///
/// The terminal runner gives it keys from ncurses; tests give it keys from a list. Registry
/// work is synchronous: every query is an index seek, far quicker than a keystroke.
public struct AppDriver: Sendable {
    public private(set) var app: App
    public let effects: RegistryEffects
    /// Set once the app asked to quit.
    public private(set) var finished = false
    /// Set when the app asked for a full repaint; the runner clears it after repainting.
    public var redrawRequested = false

    /// When the last key arrived, on the monotonic clock, for the idle lock.
    private var lastKeyAt: UInt64 = DispatchTime.now().uptimeNanoseconds

    public init(
        start screen: any Screen, session: OperatorSession? = nil, environment: AppEnvironment,
        effects: RegistryEffects, width: Int, height: Int
    ) {
        let (app, initial) = App.start(screen, session: session, environment: environment, width: width, height: height)
        self.app = app
        self.effects = effects
        perform(initial)
    }

    /// Tells the app how long it has been idle; the runner calls this when no key came.
    public mutating func tick(now: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        send(.idle(seconds: Double(now &- lastKeyAt) / 1e9))
    }

    public mutating func send(_ message: AppMessage) {
        if case .key = message { lastKeyAt = DispatchTime.now().uptimeNanoseconds }
        let (next, effects) = app.update(message)
        app = next
        perform(effects)
    }

    public mutating func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// Types text character by character, as a person would.
    public mutating func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    private mutating func perform(_ pending: [Effect]) {
        var queue = pending
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .quit:
                finished = true
            case .redraw:
                redrawRequested = true
            case .registry(let task):
                let message = effects.perform(task, session: app.session)
                let (next, more) = app.update(message)
                app = next
                queue += more
            }
        }
    }
}
