/// The parts every scrolling list on a screen draws the same way: which rows are in view, and
/// how the selected one is marked, so that all lists scroll and highlight alike.
extension CellGrid {
    /// The first of `count` rows to show when `visible` fit: the selected row is kept near the
    /// middle, and the window never runs past the last row.
    public static func firstVisibleRow(selected: Int, count: Int, visible: Int) -> Int {
        min(max(0, selected - visible / 2), max(0, count - visible))
    }

    /// Marks `row` of `area` as the selected row of a list: filled in the selection style with
    /// the theme's pointer in its first column, where the cursor goes too (for screen readers)
    /// unless the screen puts it elsewhere.
    public mutating func markSelected(row: Int, in area: Rect, theme: Theme, placingCursor: Bool = true) {
        fill(row: row, column: area.column, width: area.width, style: .selected)
        put(theme.box.pointer, row: row, column: area.column, style: .selected)
        if placingCursor { cursor = (row, area.column) }
    }
}
