import GRDB

/// A row of the `organisation_allocation` table: one range of an organisation's EUI-64
/// allocation from SECAS, in a recorded version. Only ever added or superseded.
struct AllocationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "organisation_allocation"

    var organisationID: Int64
    var version: Int
    /// `EUI64.storageKey` of the first and last identifiers.
    var firstKey: Int64
    var lastKey: Int64
    var recordedAt: String
    var recordedBy: Int64
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case organisationID = "organisation_id"
        case version
        case firstKey = "first_key"
        case lastKey = "last_key"
        case recordedAt = "recorded_at"
        case recordedBy = "recorded_by"
        case isCurrent = "is_current"
    }

    var range: IdentifierRange {
        IdentifierRange(first: EUI64(storageKey: firstKey), last: EUI64(storageKey: lastKey))!
    }
}
