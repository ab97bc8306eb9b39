import RAPPModel

/// The idle lock: after the rules' idle minutes the terminal hides everything and asks for the
/// signed-in operator's passphrase again. What was on screen, unsaved form and all, stays behind it.
///
/// It never traps anyone: signing out and quitting (each discarding unsaved work, after asking)
/// are always offered, and when wrong passphrases have locked the account it says so, and until
/// when, since the operator at the lock is already known.
public struct LockPanel: Sendable {
    public var passphrase = TextField("", maxLength: TextField.memoryLimit)
    public var problem: Failure?
    /// When the account is locked after wrong passphrases: until when (a registry timestamp).
    public var lockedUntil: String?
    /// The idle minutes that locked it; 0 when the operator locked it on purpose.
    public let minutes: Int
    /// True while a check of the passphrase is under way.
    public var checking = false
    /// "Sign out?" or "Quit?", while asked over the lock.
    public var dialog: ConfirmDialog?

    public init(minutes: Int) {
        self.minutes = minutes
    }

    static let actions: [Action] = [
        Action(
            .submit, keys: [.enter], name: "unlock", description: "Check the passphrase and go back to where you were.",
            contexts: [.lock]),
        Action(
            .signOut, keys: [.control("o")], name: "sign out",
            description: "Sign out, discarding unsaved work (asks first), and go back to signing in.", contexts: [.lock]
        ),
        Action(
            .quit, keys: [.control("c")], name: "quit",
            description: "Quit ratui, discarding unsaved work (asks first).", contexts: [.lock]),
    ]

    mutating func attempting() {
        checking = true
        problem = nil
        passphrase = TextField("", maxLength: TextField.memoryLimit)
    }

    mutating func refused(_ failure: Failure, lockedUntil: String?) {
        checking = false
        problem = failure
        self.lockedUntil = lockedUntil
    }

    /// What the lock says about the last refusal: plainly "locked until" when it is.
    public var message: String? {
        if let lockedUntil {
            return "Your account is locked until \(Self.readable(lockedUntil)) after too many wrong passphrases: "
                + "no passphrase opens it before then. Sign out (Ctrl-O) or quit (Ctrl-C); an RA Manager can unlock it sooner."
        }
        return problem?.terminalText
    }

    /// A registry timestamp (`2026-05-01T13:32:05.123Z`) as people read it: `13:32 UTC on 2026-05-01`.
    static func readable(_ timestamp: String) -> String {
        let parts = timestamp.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 5 else { return timestamp }
        return "\(parts[1].prefix(5)) UTC on \(parts[0])"
    }

    public func view(into grid: inout CellGrid, screen: Rect, environment: AppEnvironment, name: String) {
        let theme = environment.theme
        grid.clear(screen)
        let width = min(screen.width - 4, 72) - 4
        let problemLines = message.map { TextWrap.lines($0, width: width) } ?? []
        let hintLines = environment.signInHint.map { TextWrap.lines($0, width: width) } ?? []
        let area = screen.centred(
            width: width + 4, height: min(screen.height, 10 + problemLines.count + hintLines.count))
        grid.box(area, characters: theme.box, title: "Locked")
        let left = area.column + 2
        grid.put(
            (minutes > 0 ? "Locked after \(minutes) idle minutes." : "Locked.") + " Unsaved work is kept.",
            row: area.row + 2, column: left, limit: width)
        grid.put("Signed in as \(VisibleText.escaped(name)).", row: area.row + 3, column: left, limit: width)
        let label = "Passphrase: "
        let used = grid.put(label, row: area.row + 5, column: left, style: .label)
        let fieldWidth = width - used
        let masked = String(
            repeating: theme.isPlain ? "*" : "•", count: min(passphrase.characters.count, fieldWidth - 1))
        if !theme.isPlain { grid.fill(row: area.row + 5, column: left + used, width: fieldWidth, style: .focus) }
        grid.put(masked, row: area.row + 5, column: left + used, style: .focus)
        grid.cursor = (area.row + 5, left + used + masked.count)
        var row = area.row + 7
        if !problemLines.isEmpty {
            for line in problemLines where row < area.bottom - 1 {
                grid.put(line, row: row, column: left, style: .error, limit: width)
                row += 1
            }
        } else if checking {
            grid.put(theme.isPlain ? "Checking..." : "Checking…", row: row, column: left, style: .dim)
            row += 1
        }
        for line in hintLines where row < area.bottom - 1 {
            grid.put(line, row: row, column: left, style: .dim, limit: width)
            row += 1
        }
        if let dialog {
            dialog.draw(into: &grid, in: screen, theme: theme)
        }
    }
}

extension ActionID {
    /// Signing out: from the idle lock, or from any screen.
    static let signOut = ActionID("signOut")
    /// Locking the terminal now rather than after the idle minutes.
    static let lockNow = ActionID("lockNow")
}
