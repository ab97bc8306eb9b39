import GRDB

/// A row of the `organisation_entry_tests` table: that an organisation passed the SMKI and
/// Repository Entry Process Tests, when, with the result's reference. Only added or superseded.
struct EntryTestsRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "organisation_entry_tests"

    var id: Int64?
    var organisationID: Int64
    var passedOn: String
    var reference: String
    var recordedAt: String
    var recordedBy: Int64
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case id
        case organisationID = "organisation_id"
        case passedOn = "passed_on"
        case reference
        case recordedAt = "recorded_at"
        case recordedBy = "recorded_by"
        case isCurrent = "is_current"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
