/// The frame around every screen: the title line, the key hints and the status line.
///
/// Hints come from the action table for the contexts in force, so they never list a key that
/// does nothing here.
public enum Chrome {
    /// Where a screen's content goes: everything between the title line and the two footer lines.
    public static func contentArea(of grid: CellGrid) -> Rect {
        Rect(row: 1, column: 0, width: grid.width, height: grid.height - 3)
    }

    public static func drawTitle(_ title: String, detail: String, into grid: inout CellGrid, theme: Theme) {
        grid.fill(row: 0, column: 0, width: grid.width, style: .title)
        let left = theme.isPlain ? "ratui: \(title)" : " ratui │ \(title)"
        let used = grid.put(left, row: 0, column: 0, style: .title, limit: grid.width)
        let room = grid.width - used - 3
        if room > 8 {
            let right = DisplayWidth.truncate(detail, to: room, ascii: theme.isPlain)
            grid.put(right, row: 0, column: grid.width - DisplayWidth.of(right) - 1, style: .title)
        }
    }

    /// The key hints and the status line. Actions the operator's roles do not grant are left out:
    /// the footer lists only keys that do something here (help lists the others, disabled).
    public static func drawFooter(
        contexts: Set<ActionContext>, typing: Bool, table: [Action] = ActionTable.all, status: StatusMessage?,
        into grid: inout CellGrid,
        theme: Theme, environment: AppEnvironment? = nil
    ) {
        let row = grid.height - 2
        grid.fill(row: row, column: 0, width: grid.width, style: .hint)
        var column = theme.isPlain ? grid.put("Keys: ", row: row, column: 0, style: .hint) : 1
        let separator = theme.isPlain ? ", " : "  "
        var first = true
        for action in ActionTable.actions(in: contexts, table: table)
        where action.inFooter && environment?.permits(action.permission) != false {
            let keys = ActionTable.effectiveKeys(of: action, in: contexts, typing: typing, table: table)
            guard let key = keys.first else { continue }
            let keyText = key.label
            let gap = first ? "" : separator
            let needed = DisplayWidth.of(gap + keyText) + 1 + DisplayWidth.of(action.name)
            if column + needed > grid.width { break }
            column += grid.put(gap, row: row, column: column, style: .hint)
            column += grid.put(keyText, row: row, column: column, style: .hintKey)
            column += grid.put(" " + action.name, row: row, column: column, style: .hint)
            first = false
        }
        let statusRow = grid.height - 1
        grid.fill(row: statusRow, column: 0, width: grid.width, style: .status)
        if let status {
            let text = status.prefix + status.text
            grid.put(
                DisplayWidth.truncate(text, to: grid.width - 1, ascii: theme.isPlain), row: statusRow, column: 0,
                style: status.style)
        }
    }

    /// The "terminal too small" screen, shown instead of a broken layout until the terminal grows.
    public static func drawTooSmall(into grid: inout CellGrid, minimumWidth: Int, minimumHeight: Int) {
        let lines = [
            "Terminal too small",
            "need \(minimumWidth)x\(minimumHeight), have \(grid.width)x\(grid.height)",
            "Enlarge the window; nothing typed is lost.",
        ]
        let top = max(0, grid.height / 2 - 1)
        for (index, line) in lines.enumerated() {
            let text = DisplayWidth.prefix(line, fitting: grid.width)
            grid.put(
                text, row: top + index, column: max(0, (grid.width - DisplayWidth.of(text)) / 2),
                style: index == 0 ? .error : .normal)
        }
    }
}

/// Numbers as people read them: 4,318.
public enum NumberText {
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}
