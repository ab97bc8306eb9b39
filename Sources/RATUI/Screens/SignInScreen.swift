import RAPPModel

/// Who is at the terminal: the operator's name and passphrase, before anything else is shown.
///
/// On a registry with no operators it creates the first ra-manager instead (the same as
/// `ratui operator bootstrap`), asking for the new passphrase twice.
public struct SignInScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// The sign-in or the new account was refused; success goes to the app, which moves on.
        case refused(Failure)
    }

    public enum Mode: Hashable, Sendable {
        case signIn
        case createFirstManager
    }

    public enum Field: Int, Hashable, Sendable, CaseIterable {
        case name, passphrase, confirmation
    }

    public let mode: Mode
    public var name = TextField("", maxLength: TextField.memoryLimit)
    public var passphrase = TextField("", maxLength: TextField.memoryLimit)
    public var confirmation = TextField("", maxLength: TextField.memoryLimit)
    public var focus: Field = .name
    public var problem: Failure?
    public init(mode: Mode) {
        self.mode = mode
    }

    var fields: [Field] { mode == .signIn ? [.name, .passphrase] : [.name, .passphrase, .confirmation] }

    public static let actions: [Action] = [
        Action(
            .submit, keys: [.enter], name: "sign in", description: "Next field; on the last field, sign in.",
            contexts: [.signIn]),
        Action(
            .nextField, keys: [.tab, .down], name: "next", description: "Next field (Tab never signs in).",
            contexts: [.signIn], inFooter: false),
        Action(
            .previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.",
            contexts: [.signIn], inFooter: false),
        Action(
            .help, keys: [.function(1)], name: "help", description: "Show every key that works here.",
            contexts: [.signIn]),
        Action(.quit, keys: [.control("c")], name: "quit", description: "Quit ratui.", contexts: [.signIn]),
        Action(
            .redraw, keys: [.control("l")], name: "redraw", description: "Redraw the whole screen.",
            contexts: [.signIn], inFooter: false),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.signIn] }

    /// Every key types: the name and passphrase fields always have the keys.
    public var isTyping: Bool { true }

    public func title(environment: AppEnvironment) -> String { title }

    public var title: String { mode == .signIn ? "Sign in" : "Create the first RA Manager" }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (SignInScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .edit(let key):
            switch focus {
            case .name: _ = next.name.handle(key)
            case .passphrase: _ = next.passphrase.handle(key)
            case .confirmation: _ = next.confirmation.handle(key)
            }
        case .action(.nextField):
            next.focus = fields[min(fields.count - 1, (fields.firstIndex(of: focus) ?? 0) + 1)]
        case .action(.submit) where focus != fields.last:
            next.focus = fields[(fields.firstIndex(of: focus) ?? 0) + 1]
        case .action(.previousField):
            next.focus = fields[max(0, (fields.firstIndex(of: focus) ?? 0) - 1)]
        case .action(.submit):
            let typedName = name.text
            let typedPassphrase = passphrase.text
            if typedName.isEmpty {
                next.problem = Self.nameMissing
                next.focus = .name
            } else if typedPassphrase.isEmpty {
                next.problem = Self.passphraseMissing
                next.focus = .passphrase
            } else if mode == .createFirstManager && typedPassphrase != confirmation.text {
                next.problem = Failure(AccessError.passphrasesDiffer)
                next.clearPassphrases()
            } else {
                next.problem = nil
                next.clearPassphrases()
                output.effects = [
                    .registry(
                        mode == .signIn
                            ? .signIn(name: typedName, passphrase: typedPassphrase)
                            : .bootstrap(name: typedName, passphrase: typedPassphrase))
                ]
                output.status = .info(mode == .signIn ? "Checking…" : "Creating \(typedName)…")
            }
        case .message(.refused(let failure)):
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    private mutating func clearPassphrases() {
        passphrase = TextField("", maxLength: TextField.memoryLimit)
        confirmation = TextField("", maxLength: TextField.memoryLimit)
        focus = .passphrase
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 4
        let width = min(area.width - 8, 76)
        var row = area.row + 1
        grid.put("SMKI Registration Authority: ratui", row: row, column: left, style: .heading)
        row += 2
        let intro =
            mode == .signIn
            ? "Sign in with your operator name and passphrase. Every change you make is recorded under your name."
            : "This registry has no operators yet. Create the first SMKI RA Manager, who then adds everyone else. \(OperatorListScreen.addingOperators) The passphrase needs at least \(environment.rules.signIn.minimumPassphraseLength) characters; a few unrelated words make a good one."
        for line in TextWrap.lines(intro, width: width) {
            grid.put(line, row: row, column: left)
            row += 1
        }
        row += 1
        let labels: [Field: String] = [
            .name: "Operator name", .passphrase: mode == .signIn ? "Passphrase" : "New passphrase",
            .confirmation: "Passphrase again",
        ]
        let labelWidth = 18
        for field in fields {
            let focused = field == focus
            let label = (theme.isPlain ? (focused ? "> " : "  ") : "") + labels[field]! + ":"
            grid.put(label, row: row, column: left, style: focused ? .heading : .label)
            let column = left + labelWidth + (theme.isPlain ? 2 : 0)
            let fieldWidth = max(10, width - labelWidth - 2)
            let text: TextField =
                switch field {
                case .name: name
                case .passphrase: passphrase
                case .confirmation: confirmation
                }
            let shown: String
            var cursorOffset: Int?
            if field == .name {
                let slice = text.visibleSlice(
                    line: text.characters, cursorColumn: focused ? text.cursor : nil, width: fieldWidth)
                shown = slice.text
                cursorOffset = slice.cursorOffset
            } else {
                // A passphrase shows only how many characters were typed.
                shown = String(repeating: theme.isPlain ? "*" : "•", count: min(text.characters.count, fieldWidth - 1))
                cursorOffset = focused ? shown.count : nil
            }
            if !theme.isPlain {
                grid.fill(row: row, column: column, width: fieldWidth, style: focused ? .focus : .value)
            }
            grid.put(shown, row: row, column: column, style: focused ? .focus : .value)
            if let cursorOffset { grid.cursor = (row, column + cursorOffset) }
            row += 2
        }
        if let problem {
            for line in TextWrap.lines(problem.terminalText, width: width) {
                grid.put(line, row: row, column: left, style: .error)
                row += 1
            }
            row += 1
        }
        if let hint = environment.signInHint {
            grid.put(DisplayWidth.truncate(hint, to: width, ascii: theme.isPlain), row: row, column: left, style: .dim)
        }
    }
}

extension SignInScreen {
    static let nameMissing = Failure(
        code: "sign-in.name-missing", message: "Type your operator name.", exitStatus: .usage)
    static let passphraseMissing = Failure(
        code: "sign-in.passphrase-missing", message: "Type your passphrase.", exitStatus: .usage)
}

extension ActionContext {
    /// The sign-in screen (and creating the first RA Manager).
    static let signIn = ActionContext("signIn")
}

extension RegistryTask {
    /// Checks a name and passphrase; the outcome goes to the app as `AppMessage.signedIn`, saying
    /// whether the account must change its passphrase first.
    static func signIn(name: String, passphrase: String) -> RegistryTask {
        RegistryTask(
            "sign in",
            app: { context in
                do {
                    let session = try context.registry.signIn(
                        name: name, passphrase: passphrase, hasher: context.hasher)
                    return .signedIn(
                        try context.registry.mustChangePassphrase(of: session)
                            ? .passphraseToChange(session) : .success(session))
                } catch {
                    return .signedIn(.failed(Failure(error)))
                }
            })
    }

    /// Checks the passphrase of the operator signed in, at the idle lock. A refusal says whether
    /// the account is locked and until when: that operator is already known, so this tells
    /// nobody anything new (the sign-in screen never asks).
    static func unlock(_ session: OperatorSession, passphrase: String) -> RegistryTask {
        RegistryTask(
            "unlock",
            app: { context in
                do {
                    return .signedIn(
                        .success(
                            try context.registry.signIn(
                                name: session.name, passphrase: passphrase, hasher: context.hasher)))
                } catch {
                    return .unlockRefused(Failure(error), lockedUntil: try? context.registry.lockedUntil(of: session))
                }
            })
    }

    /// Creates the first ra-manager in a registry with no operators, and signs them in.
    static func bootstrap(name: String, passphrase: String) -> RegistryTask {
        signingIn("create the first RA Manager") { context in
            try context.registry.bootstrap(name: name, passphrase: passphrase, hasher: context.hasher)
        }
    }

    /// Work that makes a session, its outcome for the app rather than a screen.
    private static func signingIn(
        _ name: String, _ work: @escaping @Sendable (RegistryContext) throws -> OperatorSession
    ) -> RegistryTask {
        RegistryTask(
            name,
            app: { context in
                do {
                    return .signedIn(.success(try work(context)))
                } catch {
                    return .signedIn(.failed(Failure(error)))
                }
            })
    }
}
