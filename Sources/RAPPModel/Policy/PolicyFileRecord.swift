import Foundation
import GRDB

/// A row of the `policy_file` table: one file of one policy version.
struct PolicyFileRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "policy_file"

    var version: Int64
    var path: String
    var content: Data

    enum Columns {
        static let version = Column(CodingKeys.version)
    }
}
