import RAPPModel

/// Help: every key that works on the screen beneath, straight from the action table.
public struct HelpOverlay: Hashable, Sendable {
    /// The contexts of the screen beneath, whether it was typing, and the action table in force.
    public let contexts: Set<ActionContext>
    public let typing: Bool
    let table: [Action]
    public let screenTitle: String
    /// What the operator's roles grant; actions needing anything else are listed as disabled.
    /// Nil: everything (no operator to ask about).
    let granted: Set<OperatorAction>?
    public var scroll = 0

    public init(
        contexts: Set<ActionContext>, typing: Bool, table: [Action] = ActionTable.all, screenTitle: String,
        environment: AppEnvironment? = nil
    ) {
        self.contexts = contexts
        self.typing = typing
        self.table = table
        self.screenTitle = screenTitle
        self.granted = environment.map { environment in Set(OperatorAction.allCases.filter { environment.permits($0) })
        }
    }

    static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Scroll help up.", contexts: [.help],
            inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Scroll help down.",
            contexts: [.help], inFooter: false),
        Action(
            .close, keys: [.escape, .character("?"), .function(1), .character("q"), .control("g")], name: "close",
            description: "Close help.", contexts: [.help]),
    ]

    public var lines: [(keys: String, description: String)] {
        var lines: [(String, String)] = []
        for action in ActionTable.actions(in: contexts, table: table) {
            let keys = ActionTable.effectiveKeys(of: action, in: contexts, typing: typing, table: table).map(\.label)
            guard !keys.isEmpty else { continue }
            if let permission = action.permission, let granted, !granted.contains(permission) {
                lines.append(
                    (
                        keys.joined(separator: ", "),
                        "Disabled (\(AppEnvironment.reason(permission))): \(action.description)"
                    ))
            } else {
                lines.append((keys.joined(separator: ", "), action.description))
            }
        }
        if typing {
            // The text field's own editing keys (TextField.handle), which are not actions.
            lines.append(("Left, Right", "Move the cursor in the field."))
            lines.append(("Home, End, Ctrl-A, Ctrl-E", "Go to the start or end of the line."))
            lines.append(("Backspace, Delete, Ctrl-D", "Erase the character before or under the cursor."))
            lines.append(("Ctrl-U, Ctrl-K", "Erase to the start or to the end of the line."))
        }
        return lines
    }

    public func update(_ action: ActionID) -> HelpOverlay {
        var next = self
        switch action {
        case .moveUp: next.scroll = max(0, scroll - 1)
        case .moveDown: next.scroll = min(max(0, lines.count - 1), scroll + 1)
        default: break
        }
        return next
    }

    public func view(into grid: inout CellGrid, screen: Rect, theme: Theme) {
        let area = screen.inset(1)
        grid.clear(area)
        grid.box(area, characters: theme.box, title: "Help: \(screenTitle)")
        let inner = area.inset(2)
        let keyWidth = min(30, (lines.map { DisplayWidth.of($0.keys) }.max() ?? 10) + 2)
        var row = inner.row
        for line in lines.dropFirst(scroll) {
            let wrapped = TextWrap.lines(line.description, width: inner.width - keyWidth)
            guard row + wrapped.count <= inner.bottom - 1 else { break }
            grid.put(line.keys, row: row, column: inner.column, style: .hintKey, limit: keyWidth - 1)
            for (index, text) in wrapped.enumerated() {
                grid.put(text, row: row + index, column: inner.column + keyWidth)
            }
            row += wrapped.count
        }
        grid.put("Esc closes help.", row: area.bottom - 2, column: area.column + 2, style: .dim)
    }
}
