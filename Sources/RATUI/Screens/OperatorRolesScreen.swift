import RAPPModel

/// Replacing an operator's roles: every role of the policy, ticked for those to hold.
///
/// Stored by `Registry.setRoles`, as `ratui operator set-roles`: the same refusals (your own
/// account, the last RA Manager, a role the policy does not name) with the same codes.
public struct OperatorRolesScreen: Screen {
    public enum Message: Sendable {
        case confirmed
        case stored(Result<Operator, Failure>)
    }

    public let account: Operator
    /// The policy's roles, in its order, and which are ticked.
    public let roles: [OperatorRole]
    public var ticked: Set<String>
    public var selected = 0

    public init(account: Operator, rules: SiteRules) {
        self.account = account
        self.roles = rules.operatorRoles
        self.ticked = Set(account.roles)
    }

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the role above.",
            contexts: [.operatorRoles], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the role below.",
            contexts: [.operatorRoles], inFooter: false),
        Action(
            .toggleRole, keys: [.character(" "), .character("x")], name: "tick",
            description: "Give or take away the highlighted role.", contexts: [.operatorRoles]),
        Action(
            .submit, keys: [.control("s"), .enter], name: "store", description: "Store the roles ticked (asks first).",
            contexts: [.operatorRoles], permission: .operatorManage),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .operatorRoles] }

    public func title(environment: AppEnvironment) -> String { "Roles of \(VisibleText.escaped(account.name))" }

    public var hasUnsavedChanges: Bool { ticked != Set(account.roles) }

    /// The roles ticked, in the policy's order.
    var chosen: [String] { roles.map(\.id).filter(ticked.contains) }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        OperatorRolesScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .action(.moveUp): next.selected = max(0, selected - 1)
        case .action(.moveDown): next.selected = min(roles.count - 1, selected + 1)
        case .action(.toggleRole):
            guard roles.indices.contains(selected) else { break }
            let id = roles[selected].id
            if next.ticked.contains(id) { next.ticked.remove(id) } else { next.ticked.insert(id) }
        case .action(.submit):
            guard hasUnsavedChanges else {
                output.status = .info("The roles are as they were: nothing to store.")
                break
            }
            let name = { (ids: [String]) in
                ids.isEmpty ? "none" : ids.map(environment.rules.operatorRoleName).joined(separator: ", ")
            }
            let before = roles.map(\.id).filter(Set(account.roles).contains)
            output.dialog = ConfirmDialog(
                title: "Change the roles of \(VisibleText.escaped(account.name))?",
                message: ["Before: \(name(before))", "After:  \(name(chosen))"],
                confirmLabel: "Store", cancelLabel: "Cancel", onConfirm: .screen(Message.confirmed))
        case .message(.confirmed):
            let (name, roles) = (account.name, chosen)
            output.effects = [
                .registry(
                    "operator roles",
                    { context in
                        try context.registry.setRoles(of: name, to: roles, by: try context.signedIn())
                    }, then: Message.stored)
            ]
        case .message(.stored(.success(let account))):
            output.status = .info("Stored the roles of \(VisibleText.escaped(account.name)).")
            output.navigation = .pop
        case .message(.stored(.failure(let failure))):
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
        grid.put(
            "Tick the roles \(VisibleText.escaped(account.name)) should hold (Space), then store (Enter or Ctrl-S).",
            row: area.row, column: left, style: .dim, limit: width)
        for (index, role) in roles.enumerated() {
            let row = area.row + 2 + index
            guard row < area.bottom else { break }
            let isSelected = index == selected
            let box = ticked.contains(role.id) ? "[x]" : "[ ]"
            let grants =
                environment.rules.permissions[role.id].map { $0.map(\.rawValue).sorted().joined(separator: ", ") } ?? ""
            let text =
                (isSelected ? theme.box.pointer : " ") + " \(box) "
                + DisplayWidth.pad(VisibleText.escaped(role.name), to: 26) + " " + grants
            grid.put(
                DisplayWidth.truncate(text, to: width, ascii: theme.isPlain), row: row, column: left,
                style: isSelected ? .selected : .normal)
            if isSelected { grid.cursor = (row, left) }
        }
    }
}

extension ActionID {
    static let toggleRole = ActionID("toggleRole")
}

extension ActionContext {
    static let operatorRoles = ActionContext("operatorRoles")
}
