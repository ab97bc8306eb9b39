/// A modal question with buttons; the safe answer is the default.
///
/// Enter picks the highlighted button, and the highlight starts on the button that changes
/// nothing, so a stray Enter never stores or discards anything. Each button's first letter
/// (highlighted) also picks it, unless both buttons start with the same letter: then only the
/// safe one has it.
public struct ConfirmDialog: Sendable {
    public let title: String
    public let message: [String]
    /// The button that does the thing ("Store"), and the safe one ("Cancel").
    public let confirmLabel: String
    public let cancelLabel: String
    /// True while the confirm button is highlighted; starts false.
    public private(set) var confirmHighlighted = false
    /// What the dialog sends when the confirm button is chosen, and when it is cancelled (nothing
    /// when nil): the dialog carries its answer, so the app never needs to know what it asked.
    public let onConfirm: AppMessage
    public let onCancel: AppMessage?

    public init(
        title: String, message: [String], confirmLabel: String, cancelLabel: String, onConfirm: AppMessage,
        onCancel: AppMessage? = nil
    ) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.onConfirm = onConfirm
        self.onCancel = onCancel
    }

    /// "Leave a form with unsaved changes?", the same question on every form; keeping on editing
    /// is the default.
    public static func discardChanges(onConfirm: AppMessage) -> ConfirmDialog {
        ConfirmDialog(
            title: "Unsaved changes",
            message: ["This form has changes that are not stored.", "Leave it and lose them?"],
            confirmLabel: "Discard changes", cancelLabel: "Keep editing", onConfirm: onConfirm)
    }

    static let actions: [Action] = [
        Action(
            .confirm, keys: [.enter], name: "choose", description: "Choose the highlighted button.", contexts: [.dialog]
        ),
        Action(
            .dialogNext, keys: [.tab, .left, .right, .backTab], name: "switch",
            description: "Move between the buttons.", contexts: [.dialog]),
        Action(
            .cancel, keys: [.escape, .control("g")], name: "cancel",
            description: "Close the dialog without doing anything.", contexts: [.dialog]),
    ]

    public mutating func toggle() { confirmHighlighted.toggle() }

    /// The letter that picks each button: its label's first letter, lower case.
    var cancelLetter: Character? { cancelLabel.first.map { Character($0.lowercased()) } }
    var confirmLetter: Character? {
        let letter = confirmLabel.first.map { Character($0.lowercased()) }
        return letter == cancelLetter ? nil : letter
    }

    /// The button a letter key picks: true for confirm, false for cancel, nil for neither.
    public func button(for key: Key) -> Bool? {
        guard case .character(let typed) = key else { return nil }
        let letter = Character(typed.lowercased())
        if letter == cancelLetter { return false }
        if letter == confirmLetter { return true }
        return nil
    }

    public func draw(into grid: inout CellGrid, in screen: Rect, theme: Theme) {
        let messageWidth = message.map(DisplayWidth.of).max() ?? 0
        let width = min(screen.width - 4, max(40, messageWidth + 6))
        let area = screen.centred(width: width, height: message.count + 6)
        grid.clear(area)
        grid.box(area, characters: theme.box, title: title)
        for (index, line) in message.enumerated() {
            grid.put(line, row: area.row + 2 + index, column: area.column + 3, limit: area.width - 6)
        }
        let cancel = confirmHighlighted ? "  \(cancelLabel)  " : "[ \(cancelLabel) ]"
        let confirm = confirmHighlighted ? "[ \(confirmLabel) ]" : "  \(confirmLabel)  "
        let row = area.bottom - 2
        let cancelColumn = area.column + 3
        grid.put(cancel, row: row, column: cancelColumn, style: confirmHighlighted ? .normal : .selected)
        if cancelLetter != nil {
            grid.put(String(cancelLabel.prefix(1)), row: row, column: cancelColumn + 2, style: .hintKey)
        }
        let confirmColumn = cancelColumn + DisplayWidth.of(cancel) + 2
        grid.put(confirm, row: row, column: confirmColumn, style: confirmHighlighted ? .selected : .normal)
        if confirmLetter != nil {
            grid.put(String(confirmLabel.prefix(1)), row: row, column: confirmColumn + 2, style: .hintKey)
        }
        grid.cursor = (row, confirmHighlighted ? confirmColumn + 2 : cancelColumn + 2)
    }
}
