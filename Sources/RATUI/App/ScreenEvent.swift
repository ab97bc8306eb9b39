/// What a screen is told: an action from the table, a key for its focused field, or a message
/// of its own (the outcome of registry work it asked for, or a dialog's answer).
public enum ScreenEvent<Message: Sendable>: Sendable {
    case action(ActionID)
    case edit(Key)
    case message(Message)
}

extension ScreenEvent: Equatable where Message: Equatable {}
