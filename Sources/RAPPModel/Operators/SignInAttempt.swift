/// What a sign-in worked out before its transaction: the slow key derivation, done against the
/// account as it was read then.
///
/// Deriving a key takes a quarter of a second, too long to hold the registry's write lock, so
/// `Registry.signIn` derives first and decides afterwards, in one IMMEDIATE transaction that
/// re-reads the account. The verdict here holds only for `checkedHash`: if the stored hash has
/// changed since (a reset, another sign-in's re-hash), the transaction checks again.
struct SignInAttempt {
    /// The account's id.
    let operatorID: Int64
    /// The stored hash the passphrase was checked against.
    let checkedHash: String
    /// Whether the passphrase matches `checkedHash`.
    let matches: Bool
    /// A new hash with the current parameters, made when `checkedHash` used older ones and the
    /// passphrase matched an account that could sign in.
    let rehashed: String?
}
