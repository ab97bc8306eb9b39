import GRDB

/// A row of the `request` table: a request as entered, its personal fields apart. Never changed.
struct RequestRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "request"

    var id: Int64?
    var kind: String
    var formID: String
    /// The fields not marked personal, as canonical JSON text.
    var fields: String
    var personalDigest: String?
    var organisationID: Int64?
    var subjectOperatorID: Int64?
    var submittedBy: Int64
    var submittedAt: String
    var policyVersion: Int64

    enum CodingKeys: String, CodingKey {
        case id, kind
        case formID = "form_id"
        case fields
        case personalDigest = "personal_digest"
        case organisationID = "organisation_id"
        case subjectOperatorID = "subject_operator_id"
        case submittedBy = "submitted_by"
        case submittedAt = "submitted_at"
        case policyVersion = "policy_version"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
