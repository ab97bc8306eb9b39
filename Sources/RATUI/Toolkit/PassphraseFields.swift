/// A column of passphrase fields, each typed into and never shown: only how many characters.
///
/// Shared by the screens that set a passphrase (`OperatorPassphraseScreen`, a manager's reset;
/// `ChangePassphraseScreen`, an operator's own), so every passphrase is typed and masked alike.
public struct PassphraseFields: Sendable {
    /// Each field's label, as drawn before it.
    public let labels: [String]
    public private(set) var fields: [TextField]
    /// The index of the field keys type into.
    public var focus = 0

    public init(labels: [String]) {
        self.labels = labels
        fields = labels.map { _ in Self.empty }
    }

    static var empty: TextField { TextField("", maxLength: TextField.memoryLimit) }

    /// The text of field `index`.
    public subscript(index: Int) -> String { fields[index].text }

    public var isEmpty: Bool { fields.allSatisfy(\.text.isEmpty) }

    /// Types a key into the focused field.
    public mutating func handle(_ key: Key) { _ = fields[focus].handle(key) }

    public mutating func next() { focus = (focus + 1) % fields.count }

    public mutating func previous() { focus = (focus + fields.count - 1) % fields.count }

    /// Empties the fields from `index` on and puts the focus on the first of them.
    public mutating func clear(from index: Int = 0) {
        for position in index..<fields.count { fields[position] = Self.empty }
        focus = index
    }

    /// Draws the fields from `row`, two rows each, and returns the row after them.
    public func view(into grid: inout CellGrid, row: Int, column: Int, width: Int, theme: Theme) -> Int {
        var row = row
        let labelWidth = labels.map(DisplayWidth.of).max() ?? 0
        for (index, label) in labels.enumerated() {
            // Without colours the focused field is marked, as on the sign-in screen.
            let marker = theme.isPlain ? (index == focus ? "> " : "  ") : ""
            let padded = marker + label.padding(toLength: labelWidth + 1, withPad: " ", startingAt: 0)
            let used = grid.put(padded, row: row, column: column, style: index == focus ? .heading : .label)
            let fieldWidth = min(40, width - used)
            let masked = String(
                repeating: theme.isPlain ? "*" : "•", count: min(fields[index].characters.count, fieldWidth - 1))
            if !theme.isPlain {
                grid.fill(row: row, column: column + used, width: fieldWidth, style: index == focus ? .focus : .value)
            }
            grid.put(masked, row: row, column: column + used, style: index == focus ? .focus : .value)
            if index == focus { grid.cursor = (row, column + used + masked.count) }
            row += 2
        }
        return row
    }
}
