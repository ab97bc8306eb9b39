import GRDB

/// A row of the `organisation` table: an organisation's id and when it was first registered.
///
/// Everything else about an organisation is in its versions (`OrganisationVersionRecord`), so
/// that no change ever overwrites what was stored before.
struct OrganisationRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "organisation"

    var id: Int64?
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// `insert(_:)` by a cached statement with positional arguments: imports store thousands of
    /// organisations a second, and this skips encoding the record through `Codable`.
    static let insertSQL = "INSERT INTO organisation (id, created_at) VALUES (?, ?)"

    mutating func insertCached(_ db: Database, statement: Statement? = nil) throws {
        try (statement ?? db.cachedStatement(sql: Self.insertSQL)).execute(arguments: [
            id, createdAt,
        ])
        id = db.lastInsertedRowID
    }
}
