import Foundation

/// The rules a new passphrase must meet: long enough, and nothing a terminal could mangle.
///
/// Length is the only strength rule (current NIST and NCSC guidance): no composition rules.
/// Control and invisible characters (`VisibleText.mustEscape`) are refused although passphrases
/// are never shown: nobody can see that they typed one, and copies from web pages and some
/// keyboards add or drop them, so a passphrase holding one may not be typed the same way twice.
/// Only new passphrases are checked; a stored one still signs in. The message never says which
/// character it was, so no part of a passphrase reaches the screen.
public enum Passphrase {
    /// The longest passphrase accepted, in bytes: longer input is refused, not hashed.
    public static let maximumBytes = 1_024

    /// Unicode NFC, so the same passphrase typed on two terminals hashes the same.
    static func normalised(_ passphrase: String) -> String {
        passphrase.precomposedStringWithCanonicalMapping
    }

    public static func validate(_ passphrase: String, policy: SignInPolicy) throws(AccessError) {
        if passphrase.unicodeScalars.contains(where: VisibleText.mustEscape) {
            throw .invalid(
                ValidationIssue(
                    .passphraseInvalid,
                    "A passphrase may not contain control characters or invisible ones, such as zero-width spaces or direction marks."
                ))
        }
        if passphrase.utf8.count > maximumBytes {
            throw .invalid(
                ValidationIssue(.passphraseInvalid, "A passphrase may be at most \(maximumBytes) bytes long."))
        }
        if normalised(passphrase).count < policy.minimumPassphraseLength {
            throw .invalid(
                ValidationIssue(
                    .passphraseInvalid,
                    "A passphrase needs at least \(policy.minimumPassphraseLength) characters; a few unrelated words make a good one."
                ))
        }
    }
}
