import CNcursesShim
import Glibc

/// The one place ratui's Swift code talks to ncurses: start, draw a grid, read keys, end.
///
/// Drawing follows the flicker-free recipe: `werase`, write every cell, `wnoutrefresh`, one
/// `doupdate`; ncurses then sends only the cells that changed. Frames identical to the last
/// are not drawn at all, and nothing is ever `clear`ed except on Ctrl-L.
public final class NcursesTerminal {
    /// What reading the keyboard gave.
    public enum Event: Hashable, Sendable {
        case key(Key)
        case resize(width: Int, height: Int)
        /// No key within the read timeout: a chance to notice idleness.
        case idle
        /// The terminal is gone (hung up, closed): nothing more will ever be read.
        case inputClosed
    }

    /// How long `read` waits for a key before reporting `.idle`.
    public static let readTimeoutMilliseconds: Int32 = 1_000

    public enum StartError: Error, CustomStringConvertible {
        case unknownTerminal(String)
        case noTerminalType
        case cannotStart(String)

        public var description: String {
            switch self {
            case .unknownTerminal(let term):
                "The terminal type TERM=\(term) is not known to this system's terminfo. Set TERM to a known type, for example TERM=xterm-256color, and try again."
            case .noTerminalType:
                "TERM is not set, so ratui cannot tell how to draw on this terminal. Set it, for example TERM=xterm-256color."
            case .cannotStart(let term):
                "ncurses could not start on this terminal (TERM=\(term))."
            }
        }
    }

    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let theme: Theme
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var outputFile: UnsafeMutablePointer<FILE>?
    private var lastGrid: CellGrid?
    private var ended = false

    /// Starts ncurses on the process's terminal (stdin and stdout).
    public convenience init(theme: Theme, environment: [String: String]) throws(StartError) {
        guard let term = environment["TERM"], !term.isEmpty else { throw .noTerminalType }
        guard ratui_terminal_known(term) == 1 else { throw .unknownTerminal(term) }
        // Give the terminal back on a crash or a kill: save its settings before ncurses changes them.
        ratui_guard_install(STDOUT_FILENO)
        do {
            try self.init(
                term: term, input: fdopen(dup(STDIN_FILENO), "r"), output: fdopen(dup(STDOUT_FILENO), "w"),
                theme: theme, escapeDelay: environment["ESCDELAY"] == nil)
        } catch {
            ratui_guard_uninstall()
            throw error
        }
        ratui_guard_capture_restore_sequence()
    }

    /// Starts ncurses on an invisible terminal of the given size, for tests: output goes to
    /// /dev/null, and the screen ncurses keeps can be read back with `cellText`.
    public convenience init(headlessTerm term: String, width: Int, height: Int, theme: Theme) throws(StartError) {
        guard ratui_terminal_known(term) == 1 else { throw .unknownTerminal(term) }
        try self.init(
            term: term, input: fopen("/dev/null", "r"), output: fopen("/dev/null", "w"), theme: theme, escapeDelay: true
        )
        resize(width: width, height: height)
    }

    private init(
        term: String, input: UnsafeMutablePointer<FILE>?, output: UnsafeMutablePointer<FILE>?, theme: Theme,
        escapeDelay: Bool
    ) throws(StartError) {
        guard let input, let output, let screen = newterm(term, output, input) else {
            throw .cannotStart(term)
        }
        _ = set_term(screen)
        guard let window = stdscr_for(screen) else { throw .cannotStart(term) }
        self.screen = screen
        self.window = window
        self.theme = theme
        self.inputFile = input
        self.outputFile = output
        if escapeDelay { _ = set_escdelay(25) }
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(window, true)
        _ = curs_set(0)
        if theme.usesColour && has_colors() {
            _ = start_color()
            _ = use_default_colors()
            for (pair, colour) in Self.pairs.enumerated() where pair > 0 {
                _ = init_pair(Int16(pair), colour, -1)
            }
        }
    }

    /// Colour pairs by number: the foreground on the terminal's own background.
    static let pairs: [Int16] = [
        0, Int16(COLOR_RED), Int16(COLOR_YELLOW), Int16(COLOR_GREEN), Int16(COLOR_CYAN), Int16(COLOR_MAGENTA),
        Int16(COLOR_BLUE),
    ]

    deinit { end() }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Makes ncurses (and its idea of the screen) this size, as a SIGWINCH would.
    public func resize(width: Int, height: Int) {
        _ = resizeterm(Int32(height), Int32(width))
        lastGrid = nil
    }

    /// Forgets what is on the terminal, so the next draw repaints every cell (Ctrl-L).
    public func repaintNextDraw() {
        _ = clearok(window, true)
        lastGrid = nil
    }

    /// Shows the grid: only what changed reaches the terminal.
    public func draw(_ grid: CellGrid) {
        if let lastGrid, lastGrid == grid { return }
        _ = werase(window)
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(grid.width * 2)
        for row in 0..<grid.height {
            var column = 0
            while column < grid.width {
                let style = grid[row, column].style
                let start = column
                buffer.removeAll(keepingCapacity: true)
                while column < grid.width && grid[row, column].style == style {
                    let cell = grid[row, column]
                    for scalar in cell.text.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                    column += 1
                }
                let (attributes, pair) = look(style)
                // Blank, unstyled runs are already blank after werase.
                if attributes == 0 && pair == 0 && buffer.allSatisfy({ $0 == 32 }) { continue }
                _ = buffer.withUnsafeBufferPointer { text in
                    ratui_put(window, Int32(row), Int32(start), text.baseAddress, Int32(text.count), attributes, pair)
                }
            }
        }
        if let cursor = grid.cursor {
            _ = wmove(window, Int32(cursor.row), Int32(cursor.column))
            _ = curs_set(1)
        } else {
            _ = curs_set(0)
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
        lastGrid = grid
    }

    /// The attributes and colour pair a style is drawn with in this theme.
    func look(_ style: Style) -> (Int32, Int16) {
        let bold = Int32(RATUI_BOLD)
        let underline = Int32(RATUI_UNDERLINE)
        let reverse = Int32(RATUI_REVERSE)
        let dim = Int32(RATUI_DIM)
        let attributes: Int32
        var pair: Int16 = 0
        switch style {
        case .normal, .label, .status, .hint, .border: attributes = 0
        case .title: attributes = reverse | bold
        case .heading, .hintKey: attributes = bold
        case .value: attributes = underline
        case .focus, .selected: attributes = reverse
        case .error:
            attributes = bold
            pair = 1
        case .warning:
            attributes = bold
            pair = 2
        case .success:
            attributes = bold
            pair = 3
        case .dim: attributes = dim
        case .own:
            attributes = 0
            pair = 4
        case .neighbour:
            attributes = 0
            pair = 5
        case .overlap:
            attributes = bold | reverse
            pair = 1
        }
        return (attributes, theme.usesColour && has_colors() ? pair : 0)
    }

    /// Waits for the next key or resize, at most `readTimeoutMilliseconds`. Nil for input that
    /// is not a key ratui knows.
    public func read() -> Event? {
        var character: wint_t = 0
        wtimeout(window, Self.readTimeoutMilliseconds)
        let status = wget_wch(window, &character)
        if status == ERR {
            // ERR is a timeout, or a terminal that hung up: ask the descriptor which.
            var descriptor = pollfd(fd: inputFile.map { fileno($0) } ?? -1, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return .inputClosed
            }
            return .idle
        }
        if status == KEY_CODE_YES {
            let code = Int32(character)
            if code == KEY_RESIZE { return .resize(width: size.width, height: size.height) }
            return Self.functionKey(code).map(Event.key)
        }
        guard status == OK, let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
        return Key.fromCharacter(scalar).map(Event.key)
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case (KEY_F0 + 1)...(KEY_F0 + 12): .function(Int(code - KEY_F0))
        default: nil
        }
    }

    /// What ncurses holds at a cell (text, then RATUI_* attributes): for the headless test.
    public func cell(row: Int, column: Int) -> (text: String, attributes: Int32) {
        var buffer = [wchar_t](repeating: 0, count: 8)
        let count = ratui_cell_text(window, Int32(row), Int32(column), &buffer, 8)
        var text = ""
        for value in buffer.prefix(Int(count)) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { text.unicodeScalars.append(scalar) }
        }
        return (text, ratui_cell_attributes(window, Int32(row), Int32(column)))
    }

    /// Gives the terminal back: ends ncurses and removes the signal handlers.
    public func end() {
        guard !ended else { return }
        ended = true
        _ = set_term(screen)
        _ = endwin()
        delscreen(screen)
        ratui_guard_uninstall()
        if let inputFile { fclose(inputFile) }
        if let outputFile { fclose(outputFile) }
        inputFile = nil
        outputFile = nil
    }
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// (named after the C global it stands for)
/// The standard screen of `screen` (set_term'd): Swift 6 cannot read the `stdscr` global.
private func stdscr_for(_ screen: OpaquePointer) -> UnsafeMutablePointer<WINDOW>? {
    ratui_stdscr()
}
