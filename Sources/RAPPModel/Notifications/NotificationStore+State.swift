import GRDB

/// A notification's state for the audit trail (`notification/N`): where it stands, how many
/// sends were tried, and a digest of every column of its row, so a message edited, added or
/// marked sent behind ratui's back shows in `audit verify`.
///
/// The step that writes a notification records its state in the step's event; every change of
/// state (sending, sent, failed, handled) is an event that records it again.
extension NotificationStore: AuditedStore {
    static let recordKind = "notification"

    static let rowColumns = """
        id, request_id, step_sequence, action, template_id, recipient_kind, recipient, address, subject, body, \
        created_at, state, state_at, state_by, attempts, last_failure
        """

    static func state(_ row: [DatabaseValue]) -> JSONValue {
        var digest = RowDigest()
        digest.add(table: "notification", row)
        return .object([
            "state": row.count > 11 ? JSONValue(stored: row[11]) : .null,
            "attempts": row.count > 14 ? JSONValue(stored: row[14]) : .null,
            "rows": .string(digest.finish()),
        ])
    }

    func state(of id: Int64) throws -> JSONValue? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.rowColumns) FROM notification WHERE id = ?"), arguments: [id]
        ).map { Self.state(Array($0.databaseValues)) }
    }

    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.rowColumns) FROM notification ORDER BY id")
        while let row = try rows.next() {
            let values = Array(row.databaseValues)
            try body(row[0], Self.state(values))
        }
    }
}
