import Crypto
import Foundation

extension StoredPolicy {
    /// The policy as `policy show --json` prints it: version, hash, who applied it when, and
    /// each file with its size and SHA-256.
    public var jsonValue: JSONValue {
        .object([
            "version": JSONValue(version), "hash": .string(hash), "appliedAt": .string(appliedAt),
            "appliedBy": appliedBy.map(JSONValue.string) ?? .null, "origin": .string(origin),
            "files": .array(
                library.files.keys.sorted().map { path in
                    let content = library.files[path]!
                    return .object([
                        "path": .string(path), "bytes": JSONValue(Int64(content.count)),
                        "sha256": .string(SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()),
                    ])
                }),
        ])
    }
}

extension PolicyApplication {
    /// The outcome as `policy apply --json` prints it.
    public var jsonValue: JSONValue {
        switch self {
        case .unchanged(let current):
            .object(["applied": .bool(false), "version": JSONValue(current.version), "hash": .string(current.hash)])
        case .applied(let from, let to, let changes):
            .object([
                "applied": .bool(true),
                "from": .object(["version": JSONValue(from.version), "hash": .string(from.hash)]),
                "to": .object(["version": JSONValue(to.version), "hash": .string(to.hash)]),
                "changes": .array(changes.map(\.jsonValue)),
            ])
        }
    }
}
