import Crypto
import Foundation

/// The files of a policy, by path relative to the forms folder, and the hash that names them.
///
/// The hash is what an RA records and compares: two registries with the same hash follow the
/// same rules. Each file is written as its path and content, each length-prefixed, in path
/// order, so no two different sets of files hash the same input.
public struct PolicyFiles: Hashable, Sendable {
    public let files: [String: Data]

    public init(_ files: [String: Data]) { self.files = files }

    /// SHA-256 of the files, in lower-case hex.
    public var hash: String {
        var hasher = SHA256()
        for path in files.keys.sorted() {
            let content = files[path]!
            hasher.update(data: Data("\(path.utf8.count):".utf8))
            hasher.update(data: Data(path.utf8))
            hasher.update(data: Data("\(content.count):".utf8))
            hasher.update(data: content)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
