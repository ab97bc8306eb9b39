import RAPPModel

/// The in-memory screen every view draws into: rows of cells, and where the cursor belongs.
///
/// Views never touch the terminal. A backend flushes the grid to ncurses; tests read it back as
/// text. Writing clips at the grid's edges, so a view cannot draw outside the screen.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    private(set) var cells: [Cell]
    /// Where the terminal's cursor should rest (the focused field), or nil to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorPosition.map { ($0.row, $0.column) } }
        set { cursorPosition = newValue.map { CursorPosition(row: $0.row, column: $0.column) } }
    }
    private var cursorPosition: CursorPosition?

    private struct CursorPosition: Hashable, Sendable {
        var row: Int
        var column: Int
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(row: 0, column: 0, width: width, height: height) }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// Writes `text` from (row, column), at most `limit` cells wide; returns the cells used.
    ///
    /// Control and invisible characters are made visible here as a last line of defence, but screens must
    /// still pass database text through `VisibleText.escaped`: that is what keeps the column
    /// arithmetic of their layouts right.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, limit.map { column + max(0, $0) } ?? width)
        var position = column
        for character in text {
            if character.unicodeScalars.contains(where: VisibleText.mustEscape) {
                position += put(
                    VisibleText.escaped(String(character)), row: row, column: position, style: style,
                    limit: end - position)
                if position >= end { break }
                continue
            }
            var cellWidth = DisplayWidth.of(character)
            var drawn = String(character)
            if cellWidth == 0 {
                // A combining mark joins the character before it; alone it sits on a space.
                if position > column, position - 1 < width, position - 1 >= 0 {
                    var previous = position - 1
                    if self[row, previous].isContinuation, previous > 0 { previous -= 1 }
                    self[row, previous].text += drawn
                    continue
                }
                drawn = " " + drawn
                cellWidth = 1
            }
            if position + cellWidth > end { break }
            if position >= 0 {
                self[row, position] = Cell(drawn, style: style)
                if cellWidth == 2 { self[row, position + 1] = Cell("", style: style) }
            }
            position += cellWidth
        }
        return position - column
    }

    /// Fills `width` cells of a row with one character.
    public mutating func fill(
        row: Int, column: Int, width count: Int, with character: String = " ", style: Style = .normal
    ) {
        guard row >= 0, row < height else { return }
        for position in max(0, column)..<max(max(0, column), min(width, column + count)) {
            self[row, position] = Cell(character, style: style)
        }
    }

    /// Clears a rectangle to blanks of one style.
    public mutating func clear(_ rect: Rect, style: Style = .normal) {
        for row in rect.row..<rect.bottom {
            fill(row: row, column: rect.column, width: rect.width, style: style)
        }
    }

    /// Draws a border around `rect` with an optional title in its top edge.
    public mutating func box(_ rect: Rect, characters box: BoxCharacters, title: String? = nil, style: Style = .border)
    {
        guard rect.width >= 2, rect.height >= 2 else { return }
        put(box.topLeft, row: rect.row, column: rect.column, style: style)
        fill(row: rect.row, column: rect.column + 1, width: rect.width - 2, with: box.horizontal, style: style)
        put(box.topRight, row: rect.row, column: rect.right - 1, style: style)
        for row in rect.row + 1..<rect.bottom - 1 {
            put(box.vertical, row: row, column: rect.column, style: style)
            put(box.vertical, row: row, column: rect.right - 1, style: style)
        }
        put(box.bottomLeft, row: rect.bottom - 1, column: rect.column, style: style)
        fill(row: rect.bottom - 1, column: rect.column + 1, width: rect.width - 2, with: box.horizontal, style: style)
        put(box.bottomRight, row: rect.bottom - 1, column: rect.right - 1, style: style)
        if let title, rect.width > 6 {
            put(
                " " + DisplayWidth.truncate(title, to: rect.width - 6) + " ", row: rect.row, column: rect.column + 2,
                style: .title)
        }
    }

    /// The grid as text, one line per row with trailing blanks removed: what a person sees,
    /// for golden snapshots.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for row in 0..<height {
            var line = ""
            for column in 0..<width {
                line += self[row, column].text
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// One row's text (trailing blanks kept), for tests and for the too-small check.
    public func line(_ row: Int) -> String {
        (0..<width).map { self[row, $0].text }.joined()
    }

    public static func == (lhs: CellGrid, rhs: CellGrid) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursorPosition == rhs.cursorPosition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
        hasher.combine(cursorPosition)
    }
}
