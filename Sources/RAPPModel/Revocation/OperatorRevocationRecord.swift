import GRDB

/// A row of the `operator_revocation` table: that an operator account was revoked, when, by
/// whom and through which request. Never changed or deleted.
struct OperatorRevocationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "operator_revocation"

    var operatorID: Int64
    var revokedAt: String
    var revokedBy: Int64
    var requestID: Int64?

    enum CodingKeys: String, CodingKey {
        case operatorID = "operator_id"
        case revokedAt = "revoked_at"
        case revokedBy = "revoked_by"
        case requestID = "request_id"
    }
}
