import CNcursesShim
import Testing

@testable import RATUI

/// The real ncurses backend, headless: `newterm` on /dev/null keeps a full virtual screen that
/// can be read back cell by cell.
@Suite(.serialized)
struct NcursesTerminalTests {
    /// What ncurses holds on one row, as text.
    func row(_ terminal: NcursesTerminal, _ row: Int, width: Int) -> String {
        var text = ""
        var column = 0
        while column < width {
            let cell = terminal.cell(row: row, column: column).text
            text += cell
            column += cell.isEmpty ? 1 : DisplayWidth.of(cell).clamped(1)
        }
        return text
    }

    @Test func drawsTheGridAndFollowsAResize() throws {
        TerminalRunner.prepareLocale()
        let registry = try TestRegistry.sample().0
        let terminal = try NcursesTerminal(headlessTerm: "xterm-256color", width: 80, height: 24, theme: .standard)
        defer { terminal.end() }
        #expect(terminal.size == (80, 24))

        var driver = registry.driver(width: 80, height: 24)
        driver.press(.character("o"))
        let grid = driver.app.view()
        terminal.draw(grid)
        for line in 0..<24 {
            #expect(
                row(terminal, line, width: 80).trimmingTrailingSpaces == grid.line(line).trimmingTrailingSpaces,
                "row \(line)")
        }
        // The CJK name's characters sit two columns apart, and the hostile name is inert text.
        #expect(row(terminal, 5, width: 80).contains("東京電力"))
        #expect(row(terminal, 7, width: 80).contains("\\e]0;owned"))
        // Style reaches ncurses: the selected row is drawn in reverse video.
        #expect(terminal.cell(row: 4, column: 2).attributes & Int32(RATUI_REVERSE) != 0)

        terminal.resize(width: 100, height: 30)
        #expect(terminal.size == (100, 30))
        driver.send(.resize(width: 100, height: 30))
        let wider = driver.app.view()
        terminal.draw(wider)
        #expect(row(terminal, 0, width: 100).trimmingTrailingSpaces == wider.line(0).trimmingTrailingSpaces)
        #expect(row(terminal, 29, width: 100).trimmingTrailingSpaces == wider.line(29).trimmingTrailingSpaces)

        terminal.resize(width: 60, height: 20)
        driver.send(.resize(width: 60, height: 20))
        terminal.draw(driver.app.view())
        #expect((0..<20).contains { row(terminal, $0, width: 60).contains("Terminal too small") })
    }

    @Test func anUnknownTerminalTypeIsRefusedWithAMessage() {
        #expect(throws: NcursesTerminal.StartError.self) {
            _ = try NcursesTerminal(headlessTerm: "no-such-terminal-type", width: 80, height: 24, theme: .plain)
        }
        let message = NcursesTerminal.StartError.unknownTerminal("no-such-terminal-type").description
        #expect(message.contains("TERM=xterm-256color"))
    }
}

extension Int {
    func clamped(_ minimum: Int) -> Int { Swift.max(self, minimum) }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
