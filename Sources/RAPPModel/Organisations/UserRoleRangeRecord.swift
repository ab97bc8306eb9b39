import GRDB

/// A row of the `user_role_range` table: one User Role range of one stored version.
///
/// Keys are `EUI64.storageKey`s (top bit flipped, so signed order is unsigned order); `level` and
/// `block` file the range in its `RangeBucket`.
struct UserRoleRangeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user_role_range"

    var versionID: Int64
    var organisationID: Int64
    var role: String
    var firstKey: Int64
    var lastKey: Int64
    var level: Int
    var block: Int64
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case versionID = "version_id"
        case organisationID = "organisation_id"
        case role
        case firstKey = "first_key"
        case lastKey = "last_key"
        case level
        case block
        case isCurrent = "is_current"
    }

    enum Columns {
        static let versionID = Column(CodingKeys.versionID)
        static let organisationID = Column(CodingKeys.organisationID)
        static let role = Column(CodingKeys.role)
        static let firstKey = Column(CodingKeys.firstKey)
        static let lastKey = Column(CodingKeys.lastKey)
        static let isCurrent = Column(CodingKeys.isCurrent)
    }

    static let insertSQL = """
        INSERT INTO user_role_range (version_id, organisation_id, role, first_key, last_key, level, block, is_current)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// `insert(_:)` by a cached statement with positional arguments, as imports need (see
    /// `OrganisationRecord.insertCached`).
    func insertCached(_ db: Database, statement: Statement? = nil) throws {
        try (statement ?? db.cachedStatement(sql: Self.insertSQL)).execute(arguments: [
            versionID, organisationID, role, firstKey, lastKey, level, block, isCurrent,
        ])
    }

    /// The range as identifiers.
    var range: UserRoleRange {
        UserRoleRange(
            role: role, range: IdentifierRange(first: EUI64(storageKey: firstKey), last: EUI64(storageKey: lastKey))!)
    }
}
