import GRDB

/// A row of the `operator` table: an account, with the hash of its passphrase.
///
/// Never leaves RAPPModel: front ends see an `Operator`, which has no hash.
struct OperatorRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "operator"

    var id: Int64?
    var name: String
    var passphraseHash: String
    var isDisabled: Bool
    var lockedUntil: String?
    var createdAt: String
    /// The contact address (schema 15), checked by `OperatorEmail`.
    var email: String?

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case passphraseHash = "passphrase_hash"
        case isDisabled = "is_disabled"
        case lockedUntil = "locked_until"
        case createdAt = "created_at"
        case email
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let passphraseHash = Column(CodingKeys.passphraseHash)
        static let isDisabled = Column(CodingKeys.isDisabled)
        static let lockedUntil = Column(CodingKeys.lockedUntil)
        static let email = Column(CodingKeys.email)
    }

    /// Whether a lockout is in force at `time`. One that has run out stays stored until the
    /// next successful sign-in clears it.
    func isLocked(at time: String) -> Bool {
        lockedUntil.map { $0 > time } ?? false
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
