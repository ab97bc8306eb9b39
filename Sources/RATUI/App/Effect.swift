import RAPPModel

/// Work an `update` asks for: reading or writing the registry, repainting, or leaving.
///
/// Updates stay pure: they return effects, and the driver (or a test) performs them and feeds
/// the outcome back as a message. Every read is index-based and paged.
public enum Effect: Sendable, CustomStringConvertible {
    case registry(RegistryTask)
    /// Repaint every cell (Ctrl-L): the terminal may have been scribbled on.
    case redraw
    case quit

    /// Registry work whose outcome goes back to the screen that asked, as `message(outcome)`.
    public static func registry<Answer: Sendable, Message: Sendable>(
        _ name: String,
        _ work: @escaping @Sendable (RegistryContext) throws -> Answer,
        then message: @escaping @Sendable (Result<Answer, Failure>) -> Message
    ) -> Effect {
        .registry(RegistryTask(name, work, then: message))
    }

    public var description: String {
        switch self {
        case .registry(let task): "registry(\(task.name))"
        case .redraw: "redraw"
        case .quit: "quit"
        }
    }
}
