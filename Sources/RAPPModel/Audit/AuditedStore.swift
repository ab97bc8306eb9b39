import GRDB

/// A store whose rows the audit trail accounts for, so that `audit verify` can tell rows changed
/// behind ratui's back (triggers dropped, the file edited) from rows changed by ratui.
///
/// Each record of the store (`organisation/12`) has a state: a small JSON object of values people
/// can compare (roles, a version number) and SHA-256 digests of anything large or secret
/// (`RowDigest`). Every event that changes a record records its state after the change
/// (`AuditTrail.append(…, state:)`, read with `state(of:)` inside the change's transaction);
/// `Reconciliation` compares the last state the trail records for each record with
/// `forEachState`, the rows as they are. A new store conforms, lists itself in
/// `Registry.auditedStores` and records `state(of:)` in each of its events.
protocol AuditedStore {
    /// The kind of record its events name: `organisation` for `organisation/12`.
    static var recordKind: String { get }

    /// The record's state as its rows stand now; nil when it has no rows at all.
    func state(of id: Int64) throws -> JSONValue?

    /// Every record's state, as its rows stand, in any order: rows are streamed, so memory holds
    /// one record at a time. A row that belongs to no record is reported under the record it
    /// names, so it cannot hide.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws
}

extension AuditedStore {
    /// The record's name in audit events: `organisation/12`.
    static func record(_ id: Int64) -> String { "\(recordKind)/\(id)" }
}

extension JSONValue {
    /// A stored value exactly as SQLite holds it, for a record's state: integers as numbers (as
    /// text beyond 10^15, where a number would round), text as strings, anything else by digest.
    init(stored value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer):
            // `magnitude`, not `abs`: a file can hold Int64.min, whose `abs` traps.
            self = integer.magnitude < 1_000_000_000_000_000 ? JSONValue(integer) : .string("integer \(integer)")
        case .double(let double): self = .string("real \(double)")
        case .string(let text): self = .string(text)
        case .blob:
            var digest = RowDigest()
            digest.add(table: "value", [value])
            self = .string("blob sha256 \(digest.finish())")
        }
    }
}
