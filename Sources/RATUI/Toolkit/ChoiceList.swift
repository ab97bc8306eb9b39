/// A choice among a few options (a User Role, a choice field's options): which one is
/// highlighted. The box's title names the field; the keys' help says "option" for any list.
public struct ChoiceList: Hashable, Sendable {
    public let options: [String]
    public private(set) var selected: Int

    public init(options: [String], selected: Int = 0) {
        self.options = options
        self.selected = options.isEmpty ? 0 : min(max(0, selected), options.count - 1)
    }

    public mutating func move(by delta: Int) {
        guard !options.isEmpty else { return }
        selected = min(max(0, selected + delta), options.count - 1)
    }

    public var selectedOption: String? { options.isEmpty ? nil : options[selected] }

    /// Type-ahead: highlights the next option after the highlighted one that starts with
    /// `letter` (ignoring case), wrapping round; false when none does.
    @discardableResult
    public mutating func highlightNext(startingWith letter: Character) -> Bool {
        let wanted = letter.lowercased()
        for step in 1...max(1, options.count) {
            let index = (selected + step) % max(1, options.count)
            if options.indices.contains(index), options[index].first.map({ $0.lowercased() == wanted }) == true {
                selected = index
                return true
            }
        }
        return false
    }

    /// The keys of an open list, which take precedence over the screen beneath.
    static let actions: [Action] = [
        Action(
            .confirm, keys: [.enter], name: "choose", description: "Choose the highlighted option.",
            contexts: [.chooser]),
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up",
            description: "Highlight the option above; any other letter highlights the next option starting with it.",
            contexts: [.chooser], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the option below.",
            contexts: [.chooser], inFooter: false),
        Action(
            .cancel, keys: [.escape, .control("g")], name: "cancel",
            description: "Close the list, keeping the field as it was.", contexts: [.chooser]),
    ]

    /// Draws the list in a box, the highlighted option marked by pointer and style.
    public func draw(into grid: inout CellGrid, in area: Rect, title: String, theme: Theme) {
        grid.clear(area)
        grid.box(area, characters: theme.box, title: title)
        let inner = area.inset(1)
        // A list longer than its box scrolls so the highlighted option stays in view.
        let top = max(0, selected - max(1, inner.height) + 1)
        for (index, option) in options.enumerated().dropFirst(top) where index - top < inner.height {
            let isSelected = index == selected
            let marker = isSelected ? theme.box.pointer : " "
            let row = inner.row + index - top
            grid.fill(row: row, column: inner.column, width: inner.width, style: isSelected ? .selected : .normal)
            grid.put(
                "\(marker) \(option)", row: row, column: inner.column, style: isSelected ? .selected : .normal,
                limit: inner.width)
            if isSelected { grid.cursor = (row, inner.column) }
        }
    }
}
