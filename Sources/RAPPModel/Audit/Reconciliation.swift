import Crypto
import Foundation
import GRDB

/// Compares the rows of every audited store with the last state the audit trail records for each
/// record: what `audit verify` adds to the hash chain, so rows changed without an event are found.
///
/// One pass over the events (`note`, as the chain is verified), keeping for each record the event
/// that last recorded its state and a SHA-256 of that state; then one pass over each store's rows
/// (`compare`), streamed, each record looked up and dropped. Memory holds a key and a digest per
/// record, never the trail; a record that differs has its recorded state read again, by the
/// event's sequence number, to say what differs. Events from before schema 5 record no state, nor
/// do the request engine's from before schema 7: the `audit.baseline` events those migrations
/// wrote record every record of the kinds concerned as it stood then, and every event since
/// records the records it changed.
struct Reconciliation {
    /// The differences reported in full; beyond this only counted.
    static let reportLimit = 1_000

    /// A record, as `kind/id`, kept without a string of its own.
    struct Key: Hashable {
        let kind: String
        let id: Int64

        /// `organisation/12`; nil for a name no store could have rows for.
        init?(_ record: String) {
            guard let slash = record.firstIndex(of: "/"), let id = Int64(record[record.index(after: slash)...]) else {
                return nil
            }
            kind = String(record[..<slash])
            self.id = id
        }

        init(kind: String, id: Int64) {
            self.kind = kind
            self.id = id
        }

        var record: String { "\(kind)/\(id)" }
    }

    /// Each record's last recorded state: the event that recorded it, and the SHA-256 of its
    /// canonical JSON text.
    private var expected: [Key: (sequence: Int64, digest: SHA256.Digest)] = [:]
    /// The first `audit.baseline` event, if any.
    private(set) var baseline: Int64?
    /// The record kinds some event read so far recorded a state of: a legitimate baseline of a
    /// kind comes before any.
    private var recordedKinds: Set<String> = []
    /// The record kinds a legitimate baseline read so far covered.
    private var baselinedKinds: Set<String> = []
    private(set) var differences: [RecordDifference] = []
    private(set) var differenceCount = 0

    /// The kinds a baseline that lists none covers: the schema 5 baseline as first written.
    static let schema5Kinds: Set<String> = ["policy", "operator", "organisation"]

    /// Takes note of the states an event records.
    ///
    /// A migration writes the legitimate `audit.baseline` events: the one to schema 5 of every
    /// kind, the one to schema 7 of the request engine's kinds, each listing its kinds (the
    /// schema 5 one at first listed none: `schema5Kinds`). A baseline is taken only for kinds no
    /// event before it recorded a state of and no baseline before it covered, and only if it
    /// records no other kind. Any other (a registry created since has none at all) was not
    /// written by ratui: it is reported, and its states are not taken, since they could bless rows
    /// changed behind ratui's back.
    mutating func note(_ event: AuditEvent) {
        var states: [String: JSONValue] = [:]
        // The column only holds valid JSON (a CHECK constraint); the chain vouches for the rest.
        if let text = event.state, case .object(let recorded)? = try? JSONValue.parse(Data(text.utf8)) {
            states = recorded
        }
        let keys = states.compactMap { record, state in Key(record).map { ($0, state) } }
        let kinds = Set(keys.map(\.0.kind))
        if event.action == AuditAction.auditBaseline.rawValue {
            let covered = Self.kinds(coveredBy: event)
            guard covered.isDisjoint(with: recordedKinds), covered.isDisjoint(with: baselinedKinds),
                kinds.isSubset(of: covered)
            else {
                report(
                    RecordDifference(
                        record: "audit/\(event.sequence)", kind: .extraBaseline, sequence: event.sequence, facets: []))
                return
            }
            baselinedKinds.formUnion(covered)
            if baseline == nil { baseline = event.sequence }
        }
        recordedKinds.formUnion(kinds)
        for (key, state) in keys {
            expected[key] = (event.sequence, Self.digest(state))
        }
    }

    /// The record kinds a baseline covers: those its details list, else `schema5Kinds`.
    static func kinds(coveredBy event: AuditEvent) -> Set<String> {
        guard case .object(let details)? = try? JSONValue.parse(Data(event.details.utf8)), let listed = details["kinds"]
        else {
            return schema5Kinds
        }
        guard case .array(let items) = listed else { return [] }
        return Set(items.compactMap { if case .string(let kind) = $0 { kind } else { nil } })
    }

    /// Compares every store's records with their recorded states; records the trail names that
    /// no store has rows for are reported missing. `db` is read again only for records that
    /// differ, for the state their event recorded.
    mutating func compare(_ stores: [any AuditedStore], db: Database) throws {
        for store in stores {
            let kind = type(of: store).recordKind
            try store.forEachState { id, state in
                let key = Key(kind: kind, id: id)
                guard let recorded = expected.removeValue(forKey: key) else {
                    report(RecordDifference(record: key.record, kind: .unrecorded, sequence: nil, facets: []))
                    return
                }
                if recorded.digest != Self.digest(state) {
                    let trail = try Self.recordedState(of: key.record, at: recorded.sequence, db: db)
                    report(
                        RecordDifference(
                            record: key.record, kind: .changed, sequence: recorded.sequence,
                            facets: Self.facets(trail: trail, registry: state)))
                }
            }
        }
        let kinds = Set(stores.map { type(of: $0).recordKind })
        for (key, recorded) in expected.filter({ kinds.contains($0.key.kind) }).sorted(by: {
            $0.value.sequence < $1.value.sequence
        }) {
            report(RecordDifference(record: key.record, kind: .missing, sequence: recorded.sequence, facets: []))
        }
        expected = [:]
    }

    private mutating func report(_ difference: RecordDifference) {
        differenceCount += 1
        if differences.count < Self.reportLimit { differences.append(difference) }
    }

    static func digest(_ state: JSONValue) -> SHA256.Digest {
        SHA256.hash(data: Data(state.serialized().utf8))
    }

    /// The state event `sequence` recorded for `record`.
    static func recordedState(of record: String, at sequence: Int64, db: Database) throws -> JSONValue? {
        let text = try String.fetchOne(
            db, sql: "SELECT state FROM audit_event WHERE sequence = ?", arguments: [sequence])
        guard let text, case .object(let states)? = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        return states[record]
    }

    /// The parts of two states that differ, by name.
    static func facets(trail: JSONValue?, registry: JSONValue) -> [RecordDifference.Facet] {
        guard case .object(let recorded)? = trail, case .object(let actual) = registry else {
            return [RecordDifference.Facet(name: "state", trail: trail, registry: registry)]
        }
        return Set(recorded.keys).union(actual.keys).sorted().compactMap { name in
            recorded[name] == actual[name]
                ? nil : RecordDifference.Facet(name: name, trail: recorded[name], registry: actual[name])
        }
    }
}
