/// A record whose rows do not match what the audit trail says of it: found by `audit verify`.
public struct RecordDifference: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// Its rows differ from the state its last event recorded.
        case changed
        /// It has rows, but no event records it: inserted behind ratui's back.
        case unrecorded
        /// An event records it, but it has no rows: deleted behind ratui's back.
        case missing
        /// An `audit.baseline` event ratui did not write: only the migrations to schema 5 and 7 write
        /// one, of kinds no event recorded a state of before; a later one could bless rows changed
        /// behind ratui's back.
        case extraBaseline = "extra-baseline"
    }

    /// One part of a record's state that differs: its name, and its value in the trail and in the
    /// registry (nil where one side has no value).
    public struct Facet: Hashable, Sendable {
        public let name: String
        public let trail: JSONValue?
        public let registry: JSONValue?
    }

    /// `operator/3`, `organisation/12`, `policy/2`; for an extra baseline, `audit/<sequence>`.
    public let record: String
    public let kind: Kind
    /// The event whose recorded state the rows should match (the extra baseline itself).
    public let sequence: Int64?
    /// What differs, for `.changed`.
    public let facets: [Facet]

    public var description: String {
        switch kind {
        case .changed:
            let parts = facets.map { facet in
                "\(facet.name) is \(Self.show(facet.registry)) in the registry but \(Self.show(facet.trail)) in the trail"
            }
            return "\(record) does not match event \(sequence ?? 0): " + parts.joined(separator: "; ")
        case .unrecorded:
            return "\(record) is in the registry, but no audit event records it"
        case .missing:
            return "\(record) is recorded by event \(sequence ?? 0), but is not in the registry"
        case .extraBaseline:
            return
                "event \(sequence ?? 0) is an audit.baseline ratui did not write: only a migration writes one, of record kinds no event recorded a state of before it"
        }
    }

    private static func show(_ value: JSONValue?) -> String {
        value.map { $0.serialized() } ?? "absent"
    }
}

extension RecordDifference {
    /// The difference as `audit verify --json` prints it.
    public var jsonValue: JSONValue {
        .object([
            "record": .string(record), "kind": .string(kind.rawValue),
            "sequence": sequence.map { JSONValue($0) } ?? .null,
            "facets": .array(
                facets.map { facet in
                    .object([
                        "name": .string(facet.name), "trail": facet.trail ?? .null, "registry": facet.registry ?? .null,
                    ])
                }),
            "message": .string(description),
        ])
    }
}
