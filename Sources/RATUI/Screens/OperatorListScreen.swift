import RAPPModel

/// The operator accounts, for an RA Manager: who holds which roles, who is disabled or locked
/// out, and the changes `ratui operator` makes (disable, enable, roles, passphrase, unlock).
///
/// Every change goes through the same model calls as the command line, so the rules (nobody
/// disables or re-roles themselves, the last manager stays) and their codes and messages are the
/// same. Adding an operator is not here: it is an RA credential request (`addingOperators`).
/// Operator accounts are few (people, not organisations): the list is read whole.
public struct OperatorListScreen: Screen {
    public enum Change: String, Sendable {
        case disable, enable, unlock
    }

    public enum Message: Sendable {
        case loaded(Result<OperatorAccounts, Failure>)
        case confirmed(Change, name: String)
        case changed(Change, Result<Operator, Failure>)
    }

    /// How a new operator is added, said once: on this screen and on the first-run screen.
    public static let addingOperators = "New operators: an RA credential request (ratui request new ra-credential)."

    public var accounts: [Operator] = []
    /// When the accounts were read, to tell a lockout in force from one that has run out.
    public var readAt = ""
    public var selected = 0
    public var problem: Failure?
    public var loaded = false

    public init() {}

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the operator above.",
            contexts: [.operatorList], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the operator below.",
            contexts: [.operatorList], inFooter: false),
        Action(
            .first, keys: [.home, .character("g")], name: "first", description: "Go to the first operator.",
            contexts: [.operatorList], inFooter: false),
        Action(
            .last, keys: [.end, .character("G")], name: "last", description: "Go to the last operator.",
            contexts: [.operatorList], inFooter: false),
        Action(
            .setOperatorRoles, keys: [.character("r"), .enter], name: "roles",
            description: "Replace the highlighted operator's roles (not your own).", contexts: [.operatorList],
            permission: .operatorManage),
        Action(
            .disableOperator, keys: [.character("d")], name: "disable",
            description: "Disable the highlighted operator: they can no longer sign in (not your own account).",
            contexts: [.operatorList], permission: .operatorManage),
        Action(
            .enableOperator, keys: [.character("e")], name: "enable",
            description: "Enable the highlighted operator again (not your own account).", contexts: [.operatorList],
            permission: .operatorManage),
        Action(
            .resetOperatorPassphrase, keys: [.character("p")], name: "passphrase",
            description: "Set a new passphrase for the highlighted operator.", contexts: [.operatorList],
            permission: .operatorManage),
        Action(
            .unlockOperator, keys: [.character("u")], name: "unlock",
            description: "Lift the highlighted operator's lockout after wrong passphrases.", contexts: [.operatorList],
            permission: .operatorManage),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .operatorList] }

    public func title(environment: AppEnvironment) -> String { "Operators" }

    public var appearEffects: [Effect] {
        [
            .registry(
                "operators",
                { context in
                    OperatorAccounts(
                        accounts: try context.registry.operators(by: try context.signedIn()), readAt: Timestamp.now())
                }, then: Message.loaded)
        ]
    }

    var selectedAccount: Operator? { accounts.indices.contains(selected) ? accounts[selected] : nil }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (OperatorListScreen, ScreenOutput)
    {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .message(.loaded(.success(let answer))):
            // Keep the same operator highlighted when the list is read again.
            let name = selectedAccount?.name
            next.accounts = answer.accounts
            next.readAt = answer.readAt
            next.loaded = true
            next.problem = nil
            next.selected =
                name.flatMap { name in answer.accounts.firstIndex { $0.name == name } }
                ?? min(selected, max(0, answer.accounts.count - 1))
        case .message(.loaded(.failure(let failure))):
            next.problem = failure
            next.loaded = true
            output.status = .error(failure)
        case .action(.moveUp): next.selected = max(0, selected - 1)
        case .action(.moveDown): next.selected = min(max(0, accounts.count - 1), selected + 1)
        case .action(.first): next.selected = 0
        case .action(.last): next.selected = max(0, accounts.count - 1)
        case .action(.disableOperator), .action(.enableOperator), .action(.unlockOperator):
            guard let account = selectedAccount, case .action(let id) = event else { break }
            let change: Change = id == .disableOperator ? .disable : id == .enableOperator ? .enable : .unlock
            let name = VisibleText.escaped(account.name)
            let (title, lines, label): (String, [String], String) =
                switch change {
                case .disable:
                    (
                        "Disable \(name)?",
                        ["\(name) will no longer be able to sign in.", "Enabling them again is one key (e)."], "Disable"
                    )
                case .enable:
                    (
                        "Enable \(name)?", ["\(name) will be able to sign in again", "with the roles they hold."],
                        "Enable"
                    )
                case .unlock:
                    (
                        "Unlock \(name)?", ["Lifts the lockout after wrong passphrases now,", "before it runs out."],
                        "Unlock"
                    )
                }
            output.dialog = ConfirmDialog(
                title: title, message: lines, confirmLabel: label, cancelLabel: "Cancel",
                onConfirm: .screen(Message.confirmed(change, name: account.name)))
        case .message(.confirmed(let change, let name)):
            output.effects = [
                .registry(
                    "operator \(change.rawValue)",
                    { context in
                        let session = try context.signedIn()
                        return switch change {
                        case .disable: try context.registry.disableOperator(name, by: session)
                        case .enable: try context.registry.enableOperator(name, by: session)
                        case .unlock: try context.registry.unlockOperator(name, by: session)
                        }
                    }, then: { Message.changed(change, $0) })
            ]
        case .message(.changed(let change, .success(let account))):
            let done =
                switch change {
                case .disable: "Disabled"
                case .enable: "Enabled"
                case .unlock: "Unlocked"
                }
            output.status = .info("\(done) \(VisibleText.escaped(account.name)).")
            output.effects = appearEffects
        case .message(.changed(_, .failure(let failure))):
            output.status = .error(failure)
        case .action(.setOperatorRoles):
            if let account = selectedAccount {
                output.navigation = .push(OperatorRolesScreen(account: account, rules: environment.rules))
            }
        case .action(.resetOperatorPassphrase):
            if let account = selectedAccount { output.navigation = .push(OperatorPassphraseScreen(name: account.name)) }
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    /// An account's state in words: enabled or disabled, and a lockout still in force.
    func state(of account: Operator) -> String {
        var state = account.isDisabled ? "disabled" : "enabled"
        if let until = account.lockedUntil, until > readAt { state += ", locked until \(LockPanel.readable(until))" }
        return state
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        let width = area.width - 2
        grid.put(Self.addingOperators, row: area.row, column: left, style: .dim, limit: width)
        let nameWidth = 20
        let stateWidth = min(40, max(16, (width - nameWidth) / 2))
        let rolesWidth = width - 2 - nameWidth - stateWidth - 2
        let header =
            "  " + DisplayWidth.pad("Name", to: nameWidth) + " " + DisplayWidth.pad("Roles", to: rolesWidth) + " "
            + "State"
        grid.put(header, row: area.row + 2, column: left, style: .heading, limit: width)
        if let problem {
            grid.put(
                "Error: " + problem.terminalText, row: area.row + 3, column: left, style: .error,
                limit: width)
            return
        }
        if !loaded {
            grid.put("Reading…", row: area.row + 3, column: left + 2, style: .dim)
            return
        }
        let visible = max(1, area.height - 4)
        let top = CellGrid.firstVisibleRow(selected: selected, count: accounts.count, visible: visible)
        for (offset, account) in accounts.dropFirst(top).prefix(visible).enumerated() {
            let index = top + offset
            let row = area.row + 3 + offset
            let isSelected = index == selected
            let style: Style = isSelected ? .selected : (account.isDisabled ? .dim : .normal)
            let roles = account.roles.map(environment.rules.operatorRoleName).joined(separator: ", ")
            let text =
                (isSelected ? theme.box.pointer : " ") + " "
                + DisplayWidth.pad(
                    DisplayWidth.truncate(VisibleText.escaped(account.name), to: nameWidth, ascii: theme.isPlain),
                    to: nameWidth) + " "
                + DisplayWidth.pad(
                    DisplayWidth.truncate(roles.isEmpty ? "(none)" : roles, to: rolesWidth, ascii: theme.isPlain),
                    to: rolesWidth) + " "
                + state(of: account)
            if isSelected { grid.fill(row: row, column: left, width: width, style: style) }
            grid.put(text, row: row, column: left, style: style, limit: width)
            if isSelected { grid.cursor = (row, left) }
        }
        grid.put(
            "\(accounts.count) operator\(accounts.count == 1 ? "" : "s")"
                + (selectedAccount.map { ", e-mail: " + VisibleText.escaped($0.email ?? "none (delivery by hand)") }
                    ?? ""),
            row: area.bottom - 1, column: left, style: .dim, limit: width)
    }
}

/// The operator accounts as read, and when (a lockout is in force while its time is later).
public struct OperatorAccounts: Sendable {
    public var accounts: [Operator]
    public var readAt: String
}

extension ActionID {
    static let openOperators = ActionID("openOperators")
    static let setOperatorRoles = ActionID("setOperatorRoles")
    static let disableOperator = ActionID("disableOperator")
    static let enableOperator = ActionID("enableOperator")
    static let resetOperatorPassphrase = ActionID("resetOperatorPassphrase")
    static let unlockOperator = ActionID("unlockOperator")
}

extension ActionContext {
    static let operatorList = ActionContext("operatorList")
}
