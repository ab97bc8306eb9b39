import RAPPModel

/// A new passphrase for an operator, typed twice and never shown: `Registry.resetPassphrase`, as
/// `ratui operator reset-passphrase` does, with the policy's length rule and its message.
public struct OperatorPassphraseScreen: Screen {
    public enum Message: Sendable {
        case stored(Result<Operator, Failure>)
    }

    public let name: String
    /// The passphrase, then its confirmation.
    public var fields = PassphraseFields(labels: ["New passphrase:", "Passphrase again:"])
    public var problem: Failure?

    public init(name: String) { self.name = name }

    public static let actions: [Action] = [
        Action(
            .nextField, keys: [.tab, .down], name: "next", description: "The other field.",
            contexts: [.operatorPassphrase]),
        Action(
            .previousField, keys: [.backTab, .up], name: "previous", description: "The other field.",
            contexts: [.operatorPassphrase], inFooter: false),
        Action(
            .submit, keys: [.control("s"), .enter], name: "store",
            description: "Store the new passphrase (Enter on the first field moves to the second).",
            contexts: [.operatorPassphrase], permission: .operatorManage),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        [.screen, .innerScreen, .operatorPassphrase]
    }

    public var isTyping: Bool { true }

    public var hasUnsavedChanges: Bool { !fields.isEmpty }

    public func title(environment: AppEnvironment) -> String { "New passphrase for \(VisibleText.escaped(name))" }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        OperatorPassphraseScreen, ScreenOutput
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
        case .action(.submit):
            if fields.focus == 0 && fields[1].isEmpty {
                next.fields.focus = 1
                break
            }
            guard fields[0] == fields[1] else {
                next.problem = Failure(AccessError.passphrasesDiffer)
                next.fields.clear(from: 1)
                output.status = .error(next.problem!)
                break
            }
            let (name, typed) = (self.name, fields[0])
            output.effects = [
                .registry(
                    "operator passphrase",
                    { context in
                        try context.registry.resetPassphrase(
                            of: name, to: typed, by: try context.signedIn(), hasher: context.hasher)
                    }, then: Message.stored)
            ]
        case .message(.stored(.success(let account))):
            next.fields.clear()
            output.status = .info("Stored a new passphrase for \(VisibleText.escaped(account.name)).")
            output.navigation = .pop
        case .message(.stored(.failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        let width = area.width - 2
        let rule =
            "At least \(environment.rules.signIn.minimumPassphraseLength) characters; a few unrelated words make a good one. Tell \(VisibleText.escaped(name)) in person, never in the clear."
        var row = area.row
        for line in TextWrap.lines(rule, width: width) {
            grid.put(line, row: row, column: left, style: .dim)
            row += 1
        }
        row += 1
        row = fields.view(into: &grid, row: row, column: left, width: width, theme: theme)
        if let problem {
            for line in TextWrap.lines(problem.terminalText, width: width) {
                grid.put(line, row: row, column: left, style: .error)
                row += 1
            }
        }
    }
}

extension ActionContext {
    static let operatorPassphrase = ActionContext("operatorPassphrase")
}
