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
}
