import GRDB

/// A row of the `credential_holder` table: a person (or, later, a system) credentials are
/// issued to. Never changed.
struct CredentialHolderRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "credential_holder"

    var id: Int64?
    var kind: String
    var organisationID: Int64?
    var operatorID: Int64?
    var name: String
    var nameKey: String
    /// The holder's personal data (an ARO's date of birth), by digest.
    var personalDigest: String?
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind
        case organisationID = "organisation_id"
        case operatorID = "operator_id"
        case name
        case nameKey = "name_key"
        case personalDigest = "personal_digest"
        case createdAt = "created_at"
    }

    enum Columns {
        static let organisationID = Column(CodingKeys.organisationID)
        static let nameKey = Column(CodingKeys.nameKey)
        static let kind = Column(CodingKeys.kind)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// A name as holders are matched: case and accents folded, white space runs as one space.
    static func key(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
