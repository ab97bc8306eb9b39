import Foundation
import GRDB

extension PersonalData {
    /// What a record's state says of the personal data a row of it refers to: the salted digest,
    /// never the content, so the audit trail holds nothing personal.
    ///
    /// The digest alone when the `personal_data` row is whole: held (its salt and content hash to
    /// the digest) or redacted (salt and content removed, `redacted_at` set). Redaction keeps the
    /// digest, so it keeps the state: the trail goes on reconciling. Anything else (no row, content
    /// edited, half removed) is the digest with what is wrong, which no event records, so
    /// `audit verify` reports the record. One seek on the primary key, one SHA-256.
    static func stateValue(of digest: DatabaseValue, db: Database) throws -> JSONValue {
        guard case .string(let text) = digest.storage else { return JSONValue(stored: digest) }
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT salt, content, redacted_at FROM personal_data WHERE digest = ?"),
            arguments: [text])
        guard let row else { return .string("\(text) (no personal data row holds it)") }
        let salt: DatabaseValue = row[0]
        let content: DatabaseValue = row[1]
        let redactedAt: DatabaseValue = row[2]
        switch (salt.storage, content.storage, redactedAt.storage) {
        case (.blob(let salt), .string(let content), .null) where Self.digest(of: content, salt: [UInt8](salt)) == text:
            return .string(text)
        case (.null, .null, .string):
            return .string(text)
        default:
            return .string("\(text) (its row does not hash to it, and is not redacted)")
        }
    }
}
