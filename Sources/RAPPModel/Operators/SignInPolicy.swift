/// The sign-in limits from the rules file: lockout after repeated failures, idle lock, and the
/// shortest passphrase accepted.
public struct SignInPolicy: Hashable, Sendable {
    /// Wrong passphrases within `failureWindowMinutes` that lock an account.
    public let maximumFailures: Int
    public let failureWindowMinutes: Int
    /// How long a lockout lasts, unless an ra-manager unlocks the account sooner.
    public let lockoutMinutes: Int
    /// Idle minutes after which the terminal UI locks and asks for the passphrase again.
    public let idleLockMinutes: Int
    public let minimumPassphraseLength: Int
}
