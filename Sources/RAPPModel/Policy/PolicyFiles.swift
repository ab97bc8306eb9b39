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
        // Hex by hand: `String(format:)` goes through Foundation's formatter at every open.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in hasher.finalize() {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
