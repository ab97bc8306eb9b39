import GRDB

/// A row of the `audit_event` table: one `AuditEvent`, read and written by column name.
///
/// Decoding is written out rather than derived from `Codable`: `audit export` and `audit verify`
/// read every event, and this keeps them as fast as reading the row by position.
struct AuditEventRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_event"

    var event: AuditEvent

    enum Columns {
        static let sequence = Column("sequence")
        static let recordedAt = Column("recorded_at")
        static let operatorName = Column("operator")
        static let action = Column("action")
        static let record = Column("record")
        static let details = Column("details")
        static let previousHash = Column("previous_hash")
        static let hash = Column("hash")
        static let policyVersion = Column("policy_version")
        static let state = Column("state")
    }

    init(_ event: AuditEvent) {
        self.event = event
    }

    init(row: Row) {
        event = AuditEvent(
            sequence: row[Columns.sequence], recordedAt: row[Columns.recordedAt],
            operatorName: row[Columns.operatorName],
            action: row[Columns.action], record: row[Columns.record], details: row[Columns.details],
            previousHash: row[Columns.previousHash], hash: row[Columns.hash], policyVersion: row[Columns.policyVersion],
            state: row[Columns.state])
    }

    static let insertSQL = """
        INSERT INTO audit_event (sequence, recorded_at, operator, action, record, details, previous_hash, hash, policy_version, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// `insert(_:)` by a cached statement with positional arguments: every change appends one,
    /// and an import thousands a second.
    func insertCached(_ db: Database, statement: Statement? = nil) throws {
        try (statement ?? db.cachedStatement(sql: Self.insertSQL)).execute(arguments: [
            event.sequence, event.recordedAt, event.operatorName, event.action, event.record, event.details,
            event.previousHash, event.hash, event.policyVersion, event.state,
        ])
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.sequence] = event.sequence
        container[Columns.recordedAt] = event.recordedAt
        container[Columns.operatorName] = event.operatorName
        container[Columns.action] = event.action
        container[Columns.record] = event.record
        container[Columns.details] = event.details
        container[Columns.previousHash] = event.previousHash
        container[Columns.hash] = event.hash
        container[Columns.policyVersion] = event.policyVersion
        container[Columns.state] = event.state
    }
}
