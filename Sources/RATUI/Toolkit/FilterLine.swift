/// A list's filter line: the text typed, and whether it has the keys.
///
/// `/` opens it, typing narrows the list as each key arrives, Enter keeps the filter and goes back
/// to the list, Esc clears it. Every list with a filter handles these keys the same way here.
public struct FilterLine: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        /// The text changed: the list must be read again.
        case changed
        /// The key was for the filter line, and the list stays as it is.
        case unchanged
    }

    public private(set) var field: TextField
    /// True while the filter line has the keys.
    public private(set) var isActive = false

    public init(maxLength: Int) {
        self.field = TextField("", maxLength: maxLength)
    }

    public var text: String { field.text }

    /// Handles a message meant for the filter line; nil for any other message.
    public mutating func handle<Message>(_ event: ScreenEvent<Message>) -> Outcome? {
        switch event {
        case .edit(let key):
            guard isActive else { return nil }
            return field.handle(key) == .edited ? .changed : .unchanged
        case .action(.filter):
            isActive = true
            return .unchanged
        case .action(.clearFilter):
            isActive = false
            guard !field.text.isEmpty else { return .unchanged }
            field = TextField("", maxLength: field.maxLength)
            return .changed
        case .action(.open) where isActive:
            isActive = false
            return .unchanged
        default:
            return nil
        }
    }

    /// The visible part of the text, and where the cursor goes while the line has the keys.
    public func visibleSlice(width: Int) -> (text: String, cursorOffset: Int?) {
        field.visibleSlice(line: field.characters, cursorColumn: isActive ? field.cursor : nil, width: width)
    }
}
