import RAPPModel

/// The idle lock: after the rules' idle minutes the terminal hides everything and asks for the
/// signed-in operator's passphrase again. What was on screen, unsaved form and all, stays behind it.
public struct LockPanel: Hashable, Sendable {
    public var passphrase = TextField("", maxLength: Passphrase.maximumBytes)
    public var problem: Failure?
    public let minutes: Int
    /// True while a check of the passphrase is under way.
    public var checking = false

    public init(minutes: Int) {
        self.minutes = minutes
    }

    static let actions: [Action] = [
        Action(.submit, keys: [.enter], name: "unlock", description: "Check the passphrase and go back to where you were.", contexts: [.lock]),
    ]

    mutating func attempting() {
        checking = true
        problem = nil
        passphrase = TextField("", maxLength: Passphrase.maximumBytes)
    }

    mutating func failed(_ failure: Failure) {
        checking = false
        problem = failure
    }

    public func view(into grid: inout CellGrid, screen: Rect, environment: AppEnvironment, name: String) {
        let theme = environment.theme
        grid.clear(screen)
        let area = screen.centred(width: min(screen.width - 4, 72), height: 11)
        grid.box(area, characters: theme.box, title: "Locked")
        let left = area.column + 2
        let width = area.width - 4
        grid.put("Locked after \(minutes) idle minutes. Unsaved work is kept.", row: area.row + 2, column: left, limit: width)
        grid.put("Signed in as \(VisibleText.escaped(name)).", row: area.row + 3, column: left, limit: width)
        let label = "Passphrase: "
        let used = grid.put(label, row: area.row + 5, column: left, style: .label)
        let fieldWidth = width - used
        let masked = String(repeating: theme.isPlain ? "*" : "•", count: min(passphrase.characters.count, fieldWidth - 1))
        if !theme.isPlain { grid.fill(row: area.row + 5, column: left + used, width: fieldWidth, style: .focus) }
        grid.put(masked, row: area.row + 5, column: left + used, style: .focus)
        grid.cursor = (area.row + 5, left + used + masked.count)
        if let problem {
            grid.put(DisplayWidth.truncate(problem.message, to: width, ascii: theme.isPlain), row: area.row + 7, column: left, style: .error)
        } else if checking {
            grid.put("Checking…", row: area.row + 7, column: left, style: .dim)
        }
        if let hint = environment.signInHint {
            grid.put(DisplayWidth.truncate(hint, to: width, ascii: theme.isPlain), row: area.row + 8, column: left, style: .dim)
        }
    }
}
