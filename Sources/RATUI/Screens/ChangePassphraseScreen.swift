import RAPPModel

/// The signed-in operator's own new passphrase: `Registry.changeOwnPassphrase`, as
/// `ratui operator change-passphrase` does, with the policy's rules and codes.
///
/// Shown instead of Home right after signing in to an account whose passphrase someone else set
/// (a new RA credential, a manager's reset), which may do nothing else first: there it is the
/// only screen, and Esc signs out. Any operator also opens it from Home.
public struct ChangePassphraseScreen: Screen {
    public enum Message: Sendable {
        case changed(Result<Operator, Failure>)
    }

    /// True when the account must change its passphrase before anything else.
    public let required: Bool
    /// The current passphrase, the new one, and the new one again.
    public var fields = PassphraseFields(labels: ["Current passphrase:", "New passphrase:", "New passphrase again:"])
    public var problem: Failure?
    /// True while the change is being made, so a second Enter does not ask again.
    public var changing = false

    public init(required: Bool = false) { self.required = required }

    public static let actions: [Action] = [
        Action(
            .nextField, keys: [.tab, .down], name: "next", description: "The next field.",
            contexts: [.changePassphrase]),
        Action(
            .previousField, keys: [.backTab, .up], name: "previous", description: "The field before.",
            contexts: [.changePassphrase], inFooter: false),
        Action(
            .submit, keys: [.control("s"), .enter], name: "change",
            description: "Change the passphrase (Enter on an earlier field moves to the next).",
            contexts: [.changePassphrase]),
        // Required first: nothing else is offered, so the app's keys are given here again.
        Action(
            .signOut, keys: [.escape, .control("o")], name: "sign out",
            description: "Sign out without changing the passphrase: nothing else can be done first.",
            contexts: [.passphraseRequired]),
        Action(
            .help, keys: [.function(1)], name: "help", description: "Show every key that works here.",
            contexts: [.passphraseRequired]),
        Action(
            .quit, keys: [.control("c")], name: "quit", description: "Quit ratui.", contexts: [.passphraseRequired],
            inFooter: false),
        Action(
            .redraw, keys: [.control("l")], name: "redraw", description: "Redraw the whole screen.",
            contexts: [.passphraseRequired], inFooter: false),
    ]

    /// Required, it is outside `.screen`: no look-up, no lock key, no going back to a Home
    /// whose every action the registry refuses.
    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        required ? [.changePassphrase, .passphraseRequired] : [.screen, .innerScreen, .changePassphrase]
    }

    public var isTyping: Bool { true }

    /// Typed passphrases are not work to keep: signing out from the required screen asks nothing.
    public var hasUnsavedChanges: Bool { !required && !fields.isEmpty }

    public func title(environment: AppEnvironment) -> String {
        required ? "Change your passphrase first" : "Change your passphrase"
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        ChangePassphraseScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .edit(let key):
            next.fields.handle(key)
        case .action(.nextField):
            next.fields.next()
        case .action(.previousField):
            next.fields.previous()
        case .action(.submit) where changing:
            break
        case .action(.submit):
            if fields[0].isEmpty {
                next.fail(SignInScreen.passphraseMissing, clearingFrom: 0, output: &output)
            } else if let empty = (fields.focus + 1..<fields.labels.count).first(where: { fields[$0].isEmpty }) {
                next.fields.focus = empty
            } else if fields[1] != fields[2] {
                next.fail(Failure(AccessError.passphrasesDiffer), clearingFrom: 1, output: &output)
            } else {
                let (current, typed) = (fields[0], fields[1])
                next.changing = true
                output.status = .info("Changing your passphrase…")
                output.effects = [
                    .registry(
                        "change passphrase",
                        { context in
                            try context.registry.changeOwnPassphrase(
                                current: current, to: typed, by: try context.signedIn(), hasher: context.hasher)
                        }, then: Message.changed)
                ]
            }
        case .message(.changed(.success)):
            next.changing = false
            next.problem = nil
            next.fields.clear()
            output.status = .success("Your passphrase is changed: use the new one from now on.")
            output.navigation = required ? .replace(HomeScreen()) : .pop
        case .message(.changed(.failure(let failure))):
            next.changing = false
            // A wrong current passphrase is typed again; a new one the rules refuse, both times.
            next.fail(failure, clearingFrom: failure.code == AccessError.signInFailed.code ? 0 : 1, output: &output)
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    private mutating func fail(_ failure: Failure, clearingFrom index: Int, output: inout ScreenOutput) {
        problem = failure
        fields.clear(from: index)
        output.status = .error(failure)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let left = area.column + 1
        let width = area.width - 2
        var row = area.row
        for line in introduction {
            for wrapped in TextWrap.lines(line, width: width) {
                grid.put(wrapped, row: row, column: left, style: .dim)
                row += 1
            }
        }
        let rule =
            "At least \(environment.rules.signIn.minimumPassphraseLength) characters; a few unrelated words make a good one. Wrong current passphrases count towards the lockout, as at sign-in."
        for line in TextWrap.lines(rule, width: width) {
            grid.put(line, row: row, column: left, style: .dim)
            row += 1
        }
        row += 1
        row = fields.view(into: &grid, row: row, column: left, width: width, theme: environment.theme)
        if let problem {
            for line in TextWrap.lines(problem.terminalText, width: width) {
                grid.put(line, row: row, column: left, style: .error)
                row += 1
            }
        }
    }

    /// Why the screen is shown, when it is required.
    private var introduction: [String] {
        required
            ? [
                "Someone else set your passphrase (a new account, or a reset), so it must be changed before anything else. Esc signs out instead."
            ] : []
    }
}

extension ActionContext {
    /// Changing one's own passphrase.
    static let changePassphrase = ActionContext("changePassphrase")
    /// The same, required before anything else.
    static let passphraseRequired = ActionContext("passphraseRequired")
}

extension ActionID {
    static let changePassphrase = ActionID("changePassphrase")
}
