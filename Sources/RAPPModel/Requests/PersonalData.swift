import Crypto
import Foundation

/// Personal fields of one form or evidence, as stored apart from it: the digest requests,
/// transitions and audit events carry, and the content (nil once redacted).
public struct PersonalData: Hashable, Sendable {
    /// `sha256:` and the hex SHA-256 of a random 32-byte salt followed by the canonical JSON.
    public let digest: String
    /// The personal fields, or nil once redacted.
    public let content: [String: JSONValue]?
    public let redactedAt: String?
    /// Whether the content was left out because the operator asking may not see it
    /// (`evidence.read`): it is held, not redacted.
    public var isWithheld = false

    /// The same data with its content left out, for an operator without `evidence.read`.
    func withheld() -> PersonalData {
        PersonalData(digest: digest, content: nil, redactedAt: redactedAt, isWithheld: content != nil)
    }

    /// The digest of `content` under `salt`. The salt is random and kept with the content (and
    /// removed with it at redaction), so a digest in the audit trail cannot be matched by trying
    /// every date of birth.
    static func digest(of canonical: String, salt: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Data(canonical.utf8))
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func newSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
