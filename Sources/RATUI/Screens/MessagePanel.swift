/// The whole text of a status message too long for the status line, wrapped in a box.
///
/// The status line cuts a long message at the screen's edge; Ctrl-R opens this so nothing the
/// app said is out of reach at 80 columns.
public enum MessagePanel {
    static let actions: [Action] = [
        Action(
            .close, keys: [.escape, .enter, .control("g"), .control("r"), .character("q")], name: "close",
            description: "Close the message.", contexts: [.message])
    ]

    public static func draw(_ message: StatusMessage, into grid: inout CellGrid, screen: Rect, theme: Theme) {
        let width = min(screen.width - 4, 76)
        let lines = TextWrap.lines(message.prefix + message.text, width: width - 4)
        let area = screen.centred(width: width, height: min(screen.height, lines.count + 4))
        grid.clear(area)
        grid.box(area, characters: theme.box, title: "Message")
        for (index, line) in lines.enumerated() where index < area.height - 4 {
            grid.put(line, row: area.row + 2 + index, column: area.column + 2, style: message.style, limit: width - 4)
        }
        grid.cursor = theme.isPlain ? (area.row + 2, area.column + 2) : nil
    }
}
