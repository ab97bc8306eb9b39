import GRDB

/// A row of the `credential` table: a credential as issued. Never changed; its state is its
/// current `credential_state` row.
struct CredentialRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "credential"

    var id: Int64?
    var kind: String
    var holderID: Int64
    var organisationID: Int64?
    var requestID: Int64
    /// A JSON array of scope ids.
    var scopes: String
    /// The identifying details recorded at issue, as canonical JSON text.
    var details: String
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind
        case holderID = "holder_id"
        case organisationID = "organisation_id"
        case requestID = "request_id"
        case scopes, details
        case createdAt = "created_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
