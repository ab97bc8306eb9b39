import GRDB

/// A row of the `request_transition` table: one step of a request (sequence 0, its submission).
///
/// The current row is the request's state; the next step supersedes it (`is_current` cleared),
/// the one change triggers allow.
struct RequestTransitionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "request_transition"

    var requestID: Int64
    var sequence: Int
    var kind: String
    var action: String
    var fromState: String?
    var toState: String
    var operatorID: Int64
    var recordedAt: String
    var isAutomatic: Bool
    var evidenceForm: String?
    /// The evidence fields not marked personal, as canonical JSON text.
    var evidence: String?
    var personalDigest: String?
    var reason: String?
    var note: String?
    var auditSequence: Int64
    var isCurrent: Bool

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case sequence, kind, action
        case fromState = "from_state"
        case toState = "to_state"
        case operatorID = "operator_id"
        case recordedAt = "recorded_at"
        case isAutomatic = "is_automatic"
        case evidenceForm = "evidence_form"
        case evidence
        case personalDigest = "personal_digest"
        case reason, note
        case auditSequence = "audit_sequence"
        case isCurrent = "is_current"
    }

    enum Columns {
        static let requestID = Column(CodingKeys.requestID)
        static let sequence = Column(CodingKeys.sequence)
        static let isCurrent = Column(CodingKeys.isCurrent)
    }
}
