import GRDB

/// A row of the `operator_role` table: one role an operator holds.
struct OperatorRoleRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "operator_role"

    var operatorID: Int64
    var role: String

    enum CodingKeys: String, CodingKey {
        case operatorID = "operator_id"
        case role
    }

    enum Columns {
        static let operatorID = Column(CodingKeys.operatorID)
        static let role = Column(CodingKeys.role)
    }
}
