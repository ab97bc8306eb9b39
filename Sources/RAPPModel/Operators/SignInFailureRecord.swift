import GRDB

/// A row of the `sign_in_failure` table: one wrong passphrase, counted towards a lockout.
///
/// Cleared by a successful sign-in or an unlock; the audit trail keeps every failure for good.
struct SignInFailureRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sign_in_failure"

    var operatorID: Int64
    var failedAt: String

    enum CodingKeys: String, CodingKey {
        case operatorID = "operator_id"
        case failedAt = "failed_at"
    }

    enum Columns {
        static let operatorID = Column(CodingKeys.operatorID)
        static let failedAt = Column(CodingKeys.failedAt)
    }
}
