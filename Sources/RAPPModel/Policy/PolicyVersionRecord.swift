import GRDB

/// A row of the `policy_version` table: one version of the policy, without its files.
struct PolicyVersionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "policy_version"

    var version: Int64
    var hash: String
    var appliedAt: String
    var appliedBy: String?
    var origin: String

    enum CodingKeys: String, CodingKey {
        case version, hash, origin
        case appliedAt = "applied_at"
        case appliedBy = "applied_by"
    }

    enum Columns {
        static let version = Column(CodingKeys.version)
    }
}
