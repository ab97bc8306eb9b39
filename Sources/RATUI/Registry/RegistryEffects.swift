import RAPPModel

/// Performs an app's registry work and turns the outcome into a message.
///
/// The runner and the tests use this same code against a real registry, so what the tests
/// exercise is what the terminal runs.
public struct RegistryEffects: Sendable {
    public let registry: Registry
    /// How passphrases are hashed and checked: always the production hasher outside tests.
    let hasher: PassphraseHasher

    public init(registry: Registry) {
        self.init(registry: registry, hasher: PassphraseHasher())
    }

    /// With a given hasher: only tests make a cheaper one (its initialiser is internal to RAPPModel).
    public init(registry: Registry, hasher: PassphraseHasher) {
        self.registry = registry
        self.hasher = hasher
    }

    /// The message for a task's outcome. Changes and protected reads are made as `session`;
    /// without one they fail with `RegistryContext.notSignedIn`.
    public func perform(_ task: RegistryTask, session: OperatorSession?) -> AppMessage {
        task.perform(RegistryContext(registry: registry, session: session, hasher: hasher))
    }
}
