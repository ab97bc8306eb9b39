import Foundation
import GRDB

/// Compares the rows of every audited store with the last state the audit trail records for each
/// record: what `audit verify` adds to the hash chain, so rows changed without an event are found.
///
/// One pass over the events (`note`, as the chain is verified), keeping the last recorded state of
/// each record; then one pass over each store's rows (`compare`), streamed, each record looked up
/// and dropped. Memory holds one state per record (a few digests), never the trail. Events from
/// before schema 5 record no state: the `audit.baseline` event the migration wrote records every
/// record as it stood then, and every event since records the records it changed.
struct Reconciliation {
    /// The differences reported in full; beyond this only counted.
    static let reportLimit = 1_000

    /// Each record's last recorded state, as canonical JSON text, with the event that recorded it.
    private var expected: [String: (sequence: Int64, state: String)] = [:]
    /// The first `audit.baseline` event, if any.
    private(set) var baseline: Int64?
    private(set) var differences: [RecordDifference] = []
    private(set) var differenceCount = 0

    /// Whether an event read so far recorded states: a legitimate baseline comes before any.
    private var statesRecorded = false

    /// Takes note of the states an event records.
    ///
    /// The migration to schema 5 writes the one legitimate `audit.baseline`, before any event
    /// records a state; a baseline after one (a registry created at schema 5 has none at all) was
    /// not written by ratui. It is reported, and its states are not taken: they could bless rows
    /// changed behind ratui's back.
    mutating func note(_ event: AuditEvent) {
        if event.action == AuditAction.auditBaseline.rawValue {
            if baseline != nil || statesRecorded {
                report(RecordDifference(record: "audit/\(event.sequence)", kind: .extraBaseline, sequence: event.sequence, facets: []))
                return
            }
            baseline = event.sequence
        }
        guard let text = event.state else { return }
        statesRecorded = true
        // The column only holds valid JSON (a CHECK constraint); the chain vouches for the rest.
        guard case .object(let states)? = try? JSONValue.parse(Data(text.utf8)) else { return }
        for (record, state) in states {
            expected[record] = (event.sequence, state.serialized())
        }
    }

    /// Compares every store's records with their recorded states; records the trail names that
    /// no store has rows for are reported missing.
    mutating func compare(_ stores: [any AuditedStore]) throws {
        for store in stores {
            let kind = type(of: store).recordKind
            try store.forEachState { id, state in
                let record = "\(kind)/\(id)"
                let actual = state.serialized()
                guard let recorded = expected.removeValue(forKey: record) else {
                    report(RecordDifference(record: record, kind: .unrecorded, sequence: nil, facets: []))
                    return
                }
                if recorded.state != actual {
                    report(RecordDifference(
                        record: record, kind: .changed, sequence: recorded.sequence,
                        facets: Self.facets(trail: recorded.state, registry: state)))
                }
            }
        }
        let kinds = Set(stores.map { type(of: $0).recordKind })
        let missing = expected.filter { record, _ in kinds.contains(String(record.prefix { $0 != "/" })) }
        for (record, recorded) in missing.sorted(by: { $0.value.sequence < $1.value.sequence }) {
            report(RecordDifference(record: record, kind: .missing, sequence: recorded.sequence, facets: []))
        }
        expected = [:]
    }

    private mutating func report(_ difference: RecordDifference) {
        differenceCount += 1
        if differences.count < Self.reportLimit { differences.append(difference) }
    }

    /// The parts of two states that differ, by name.
    static func facets(trail text: String, registry: JSONValue) -> [RecordDifference.Facet] {
        let trail = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
        guard case .object(let recorded) = trail, case .object(let actual) = registry else {
            return [RecordDifference.Facet(name: "state", trail: trail, registry: registry)]
        }
        return Set(recorded.keys).union(actual.keys).sorted().compactMap { name in
            recorded[name] == actual[name] ? nil : RecordDifference.Facet(name: name, trail: recorded[name], registry: actual[name])
        }
    }
}
