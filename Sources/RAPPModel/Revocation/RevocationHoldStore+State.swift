import GRDB

/// An organisation's L16 directions for the audit trail (`revocation-hold/N`, N the
/// organisation's id): the hold in force as values people compare, how many directions there
/// are, and a digest of every column of every row, so a row edited, added or removed behind
/// ratui's back shows in `audit verify`.
///
/// A record of its own rather than part of `organisation/N`: a direction changes nothing of the
/// A1 form, and organisations' states recorded before schema 13 still match.
extension RevocationHoldStore: AuditedStore {
    static let recordKind = "revocation-hold"

    /// The state of one organisation's rows (in `columns` order, by sequence).
    static func state(rows: [[DatabaseValue]]) -> JSONValue {
        var digest = RowDigest()
        rows.forEach { digest.add(table: "revocation_hold", $0) }
        var inForce: JSONValue = .null
        if let last = rows.last, last.count == 7, last[2] == "hold".databaseValue {
            inForce = .object(["decision": JSONValue(stored: last[3]), "decidedOn": JSONValue(stored: last[4])])
        }
        return .object(["inForce": inForce, "directions": JSONValue(rows.count), "rows": .string(digest.finish())])
    }

    func state(of id: Int64) throws -> JSONValue? {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT \(Self.columns) FROM revocation_hold WHERE organisation_id = ? ORDER BY sequence"),
            arguments: [id]
        ).map { Array($0.databaseValues) }
        return rows.isEmpty ? nil : Self.state(rows: rows)
    }

    /// Every organisation's directions, streamed in key order, one organisation at a time.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT \(Self.columns) FROM revocation_hold ORDER BY organisation_id, sequence")
        var current: Int64?
        var rows: [[DatabaseValue]] = []
        while let row = try cursor.next() {
            let values = Array(row.databaseValues)
            let id = Int64.fromDatabaseValue(values[0]) ?? Int64.min
            if let current, current != id {
                try body(current, Self.state(rows: rows))
                rows = []
            }
            current = id
            rows.append(values)
        }
        if let current { try body(current, Self.state(rows: rows)) }
    }
}
