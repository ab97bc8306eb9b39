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

    public init(start screen: Screen, environment: AppEnvironment, effects: RegistryEffects, width: Int, height: Int) {
        let (app, initial) = App.start(screen, environment: environment, width: width, height: height)
        self.app = app
        self.effects = effects
        perform(initial)
    }

    public mutating func send(_ message: AppMessage) {
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
            case .query, .submit:
                guard let message = effects.perform(effect) else { continue }
                let (next, more) = app.update(message)
                app = next
                queue += more
            }
        }
    }
}
