import GRDB

/// A row of the `credential_state` table: one state a credential entered, by whom, through which
/// request. The current row is its state; the next supersedes it.
struct CredentialStateRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "credential_state"

    var credentialID: Int64
    var sequence: Int
    var state: String
    var recordedAt: String
    var operatorID: Int64
    var requestID: Int64?
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case credentialID = "credential_id"
        case sequence, state
        case recordedAt = "recorded_at"
        case operatorID = "operator_id"
        case requestID = "request_id"
        case isCurrent = "is_current"
    }
}
