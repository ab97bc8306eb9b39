/// What checking the anchored heads against the chain found (`audit verify --anchors FILE`).
public struct AnchorVerification: Hashable, Sendable {
    /// One problem: an anchored head the chain does not hold, events no anchor line covers, or a
    /// line that cannot be read.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Hashable, Sendable {
            /// The chain holds another event at the anchored sequence: rewritten.
            case notOnChain = "not-on-chain"
            /// The chain ends before the anchored sequence: cut short.
            case beyondChain = "beyond-chain"
            /// Events after anchoring began that no anchor line covers: the append failed then,
            /// or they were added by something other than ratui.
            case unanchored
            case malformed
            /// The file holds no anchor lines at all.
            case empty
        }

        public let kind: Kind
        /// The anchor file's line, where one is concerned.
        public let line: Int?
        /// The events concerned.
        public let first: Int64?
        public let last: Int64?

        public var description: String {
            switch kind {
            case .notOnChain:
                "line \(line ?? 0): the anchored head of event \(last ?? 0) is not the chain's event \(last ?? 0): the trail was rewritten"
            case .beyondChain:
                "line \(line ?? 0): the anchored head of event \(last ?? 0) is beyond the chain's end: the trail was cut short"
            case .unanchored:
                first == last
                    ? "event \(first ?? 0) is not anchored: anchoring failed then, or it was added by something other than ratui"
                    : "events \(first ?? 0)-\(last ?? 0) are not anchored: anchoring failed then, or they were added by something other than ratui"
            case .malformed:
                "line \(line ?? 0) is marked ratui-anchor but cannot be read"
            case .empty:
                "the file holds no ratui-anchor lines"
            }
        }
    }

    public let path: String
    /// Anchor lines read, and how many of their heads the chain holds.
    public let anchored: Int
    public let matched: Int
    /// The first findings, in the order found; beyond `Reconciliation.reportLimit` only counted.
    public let findings: [Finding]
    public let findingCount: Int

    public var isIntact: Bool { findingCount == 0 }
}

extension AnchorVerification {
    /// The outcome as `audit verify --json` prints it.
    public var jsonValue: JSONValue {
        .object([
            "path": .string(path), "anchored": JSONValue(anchored), "matched": JSONValue(matched),
            "intact": .bool(isIntact), "findingCount": JSONValue(findingCount),
            "findings": .array(
                findings.map { finding in
                    .object([
                        "kind": .string(finding.kind.rawValue), "line": finding.line.map { JSONValue($0) } ?? .null,
                        "first": finding.first.map { JSONValue($0) } ?? .null,
                        "last": finding.last.map { JSONValue($0) } ?? .null,
                        "message": .string(finding.description),
                    ])
                }),
        ])
    }
}
