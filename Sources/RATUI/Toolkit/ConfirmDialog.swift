/// A modal question with buttons; the safe answer is the default.
///
/// Enter picks the highlighted button, and the highlight starts on the button that changes
/// nothing, so a stray Enter never stores or discards anything.
public struct ConfirmDialog: Hashable, Sendable {
    /// What the question is about, so the answer reaches the right place.
    public enum Purpose: Hashable, Sendable {
        case submitForm
        case leaveForm
        case quit
    }

    public let purpose: Purpose
    public let title: String
    public let message: [String]
    /// The button that does the thing ("Store"), and the safe one ("Cancel").
    public let confirmLabel: String
    public let cancelLabel: String
    /// True while the confirm button is highlighted; starts false.
    public private(set) var confirmHighlighted = false

    public init(purpose: Purpose, title: String, message: [String], confirmLabel: String, cancelLabel: String) {
        self.purpose = purpose
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
    }

    public mutating func toggle() { confirmHighlighted.toggle() }

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
        let confirmColumn = cancelColumn + DisplayWidth.of(cancel) + 2
        grid.put(confirm, row: row, column: confirmColumn, style: confirmHighlighted ? .selected : .normal)
        grid.cursor = (row, confirmHighlighted ? confirmColumn + 2 : cancelColumn + 2)
    }
}
