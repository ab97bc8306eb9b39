import Foundation
import GRDB

/// A row of the `personal_data` table: personal fields of one form or evidence, with the salt
/// of their digest. Kept until redacted (part 2), when salt and content go and the digest stays.
struct PersonalDataRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "personal_data"

    var digest: String
    var salt: Data?
    /// The personal fields as canonical JSON text; nil once redacted.
    var content: String?
    var storedAt: String
    var redactedAt: String?

    enum CodingKeys: String, CodingKey {
        case digest, salt, content
        case storedAt = "stored_at"
        case redactedAt = "redacted_at"
    }
}
