import GRDB

/// The L16 directions (`revocation_hold`, schema 13): append-only rows, a hold then its release,
/// per organisation. Every read is a seek on the primary key `(organisation_id, sequence)`.
struct RevocationHoldStore {
    let db: Database

    static let columns = "organisation_id, sequence, kind, decision, decided_on, recorded_at, recorded_by"

    /// The organisation's last direction, or nil: one seek.
    func last(of organisation: Int64) throws -> RevocationDirection? {
        try directions(
            sql: """
                SELECT h.*, o.name AS operator_name FROM revocation_hold h JOIN operator o ON o.id = h.recorded_by
                WHERE h.organisation_id = ? ORDER BY h.sequence DESC LIMIT 1
                """, arguments: [organisation]
        ).first
    }

    /// The hold in force for the organisation, or nil.
    func inForce(of organisation: Int64) throws -> RevocationDirection? {
        try last(of: organisation).flatMap { $0.kind == .hold ? $0 : nil }
    }

    /// Every direction of the organisation, oldest first.
    func holds(of organisation: Int64) throws -> RevocationHolds {
        RevocationHolds(
            organisationID: organisation,
            directions: try directions(
                sql: """
                    SELECT h.*, o.name AS operator_name FROM revocation_hold h JOIN operator o ON o.id = h.recorded_by
                    WHERE h.organisation_id = ? ORDER BY h.sequence
                    """, arguments: [organisation]))
    }

    /// Appends the organisation's next direction; the caller has checked it follows the last.
    func append(
        _ kind: RevocationDirection.Kind, of organisation: Int64, decision: String, decidedOn: String,
        sequence: Int, by operatorID: Int64, at time: String
    ) throws {
        try db.execute(
            sql: "INSERT INTO revocation_hold (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [organisation, sequence, kind.rawValue, decision, decidedOn, time, operatorID])
    }

    private func directions(sql: String, arguments: StatementArguments) throws -> [RevocationDirection] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            RevocationDirection(
                organisationID: row["organisation_id"], sequence: row["sequence"],
                kind: RevocationDirection.Kind(rawValue: row["kind"]) ?? .hold, decision: row["decision"],
                decidedOn: row["decided_on"], recordedAt: row["recorded_at"], recordedBy: row["operator_name"])
        }
    }
}
