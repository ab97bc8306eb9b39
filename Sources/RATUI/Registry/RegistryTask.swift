import RAPPModel

/// Registry work a screen asks for, carried out by the driver; its outcome comes back as a message.
///
/// The work is a closure over a `RegistryContext`, written next to the screen that needs it, so a
/// new screen's queries never touch a shared list of queries or results.
public struct RegistryTask: Sendable, CustomStringConvertible {
    /// What the work is, for tests and failures: "organisation page", "counts".
    public let name: String
    let work: @Sendable (RegistryContext) -> AppMessage

    /// Work whose outcome goes back to the screen on top as `message(outcome)`.
    public init<Answer: Sendable, Message: Sendable>(
        _ name: String,
        _ work: @escaping @Sendable (RegistryContext) throws -> Answer,
        then message: @escaping @Sendable (Result<Answer, Failure>) -> Message
    ) {
        self.name = name
        self.work = { context in
            let outcome: Result<Answer, Failure>
            do {
                outcome = .success(try work(context))
            } catch {
                outcome = .failure(Failure(error))
            }
            return .screen(message(outcome))
        }
    }

    /// Work whose outcome is for the app itself, such as signing in.
    init(_ name: String, app work: @escaping @Sendable (RegistryContext) -> AppMessage) {
        self.name = name
        self.work = work
    }

    public var description: String { name }

    /// Runs the work now.
    public func perform(_ context: RegistryContext) -> AppMessage { work(context) }
}
