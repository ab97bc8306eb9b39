import GRDB

/// A row of the `organisation_version` table: one stored A1 form, its fields as JSON text.
///
/// Rows are only ever added or superseded (`is_current` cleared); triggers refuse anything else.
struct OrganisationVersionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "organisation_version"

    var id: Int64?
    var organisationID: Int64
    var version: Int
    var formID: String
    var name: String
    /// The organisation fields as canonical JSON text (an object of strings).
    var fields: String
    var submittedAt: String
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case id
        case organisationID = "organisation_id"
        case version
        case formID = "form_id"
        case name
        case fields
        case submittedAt = "submitted_at"
        case isCurrent = "is_current"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let organisationID = Column(CodingKeys.organisationID)
        static let version = Column(CodingKeys.version)
        static let name = Column(CodingKeys.name)
        static let isCurrent = Column(CodingKeys.isCurrent)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static let insertSQL = """
        INSERT INTO organisation_version (id, organisation_id, version, form_id, name, fields, submitted_at, is_current)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// `insert(_:)` by a cached statement with positional arguments, as imports need (see
    /// `OrganisationRecord.insertCached`); an import passes the `statement` it found once a batch.
    mutating func insertCached(_ db: Database, statement: Statement? = nil) throws {
        try (statement ?? db.cachedStatement(sql: Self.insertSQL)).execute(arguments: [
            id, organisationID, version, formID, name, fields, submittedAt, isCurrent,
        ])
        id = db.lastInsertedRowID
    }
}
