import Crypto
import Foundation
import _CryptoExtras

/// Turns passphrases into salted, slow hashes and checks passphrases against them.
///
/// PBKDF2-HMAC-SHA256 with 600,000 iterations and a 16-byte random salt (OWASP's current guidance
/// for PBKDF2-SHA256). The stored text carries the algorithm and iteration count, so raising them
/// later re-hashes each passphrase at its next successful sign-in.
public struct PassphraseHasher: Sendable {
    public static let algorithm = "pbkdf2-sha256"
    public static let recommendedIterations = 600_000

    public let iterations: Int

    public init() {
        self.iterations = Self.recommendedIterations
    }

    /// A cheaper hasher, for tests only: production code uses `init()`.
    init(iterations: Int) {
        self.iterations = iterations
    }

    /// `pbkdf2-sha256$<iterations>$<salt>$<hash>`, salt and hash in base64.
    public func hash(_ passphrase: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let derived = try derive(passphrase, salt: salt, iterations: iterations)
        return "\(Self.algorithm)$\(iterations)$\(Data(salt).base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// Whether the passphrase matches the stored hash, and whether that hash should be replaced
    /// because it uses fewer iterations than this hasher.
    public func verify(_ passphrase: String, against stored: String) -> (matches: Bool, needsRehash: Bool) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.algorithm, let iterations = Int(parts[1]), iterations > 0,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? derive(passphrase, salt: Array(salt), iterations: iterations)
        else { return (false, false) }
        // Compare in constant time: a timing difference must not reveal how much matched.
        let matches = derived.count == expected.count && zip(derived, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        return (matches, matches && iterations < self.iterations)
    }

    /// The iteration count a stored hash was made with; nil for a record ratui cannot read.
    static func iterations(of stored: String) -> Int? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == algorithm else { return nil }
        return Int(parts[1])
    }

    /// Spends the same time as a real check, so a sign-in for an unknown name takes as long.
    public func burnEquivalentTime(_ passphrase: String) {
        _ = try? derive(passphrase, salt: Array(repeating: 0, count: 16), iterations: iterations)
    }

    private func derive(_ passphrase: String, salt: [UInt8], iterations: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(Passphrase.normalised(passphrase).utf8), salt: salt, using: .sha256,
            outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Data($0) }
    }
}
