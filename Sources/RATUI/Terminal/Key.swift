import RAPPModel

/// One key press, as screens see it, whatever terminal it came from.
public enum Key: Hashable, Sendable {
    /// A printable character typed (never a control or invisible character).
    case character(Character)
    case enter
    case tab
    case backTab
    case escape
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    case backspace
    case delete
    /// F1 to F12.
    case function(Int)
    /// Ctrl with a letter, as the lower-case letter: `.control("s")` is Ctrl-S.
    case control(Character)

    /// True for keys that type text into a field.
    public var isPrintable: Bool {
        if case .character = self { return true }
        return false
    }

    /// The key as help and footers name it: "Ctrl-S", "F1", "Tab", "/".
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .escape: "Esc"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let number): "F\(number)"
        case .control(let letter): "Ctrl-\(letter.uppercased())"
        }
    }

    /// Decodes a byte a terminal sends for a plain (non-function) key.
    public static func fromCharacter(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(scalar.value + 96)!))
        case 0, 28...31: return nil
        default:
            if VisibleText.mustEscape(scalar) { return nil }
            return .character(Character(scalar))
        }
    }
}
