/// A request as stored: its form, its state and every step it took.
public struct Request: Hashable, Sendable {
    /// One step: sequence 0 is the submission.
    public struct Step: Hashable, Sendable {
        public let sequence: Int
        public let action: String
        public let from: String?
        public let to: String
        public let operatorID: Int64
        public let operatorName: String
        public let recordedAt: String
        public let isAutomatic: Bool
        public let evidenceForm: String?
        /// The evidence fields not marked personal.
        public let evidence: [String: JSONValue]?
        public let personal: PersonalData?
        public let reason: String?
        public let note: String?
        /// The audit event that records the step.
        public let auditSequence: Int64
    }

    public let id: Int64
    public let kind: String
    public let formID: String
    /// The form's fields not marked personal.
    public let fields: [String: JSONValue]
    public let personal: PersonalData?
    public let organisationID: Int64?
    public let subjectOperatorID: Int64?
    public let submittedByID: Int64
    public let submittedBy: String
    public let submittedAt: String
    public let policyVersion: Int64
    public let steps: [Step]

    public var state: String { steps.last?.to ?? "" }

    /// The request with every personal field left out (their digests kept), for an operator
    /// without `evidence.read`.
    func withholdingPersonal() -> Request {
        Request(
            id: id, kind: kind, formID: formID, fields: fields, personal: personal?.withheld(),
            organisationID: organisationID,
            subjectOperatorID: subjectOperatorID, submittedByID: submittedByID, submittedBy: submittedBy,
            submittedAt: submittedAt,
            policyVersion: policyVersion,
            steps: steps.map { step in
                Step(
                    sequence: step.sequence, action: step.action, from: step.from, to: step.to,
                    operatorID: step.operatorID,
                    operatorName: step.operatorName, recordedAt: step.recordedAt, isAutomatic: step.isAutomatic,
                    evidenceForm: step.evidenceForm, evidence: step.evidence, personal: step.personal?.withheld(),
                    reason: step.reason,
                    note: step.note, auditSequence: step.auditSequence)
            })
    }

    /// Every field as entered: the ordinary ones and, unless redacted, the personal ones.
    public var allFields: [String: JSONValue] {
        fields.merging(personal?.content ?? [:]) { ordinary, _ in ordinary }
    }
}

/// A request as lists show it: a line each.
public struct RequestSummary: Hashable, Sendable {
    public let id: Int64
    public let kind: String
    public let state: String
    /// The value of the form's name field (the nominee's name).
    public let name: String
    public let organisationID: Int64?
    public let submittedAt: String
    public let submittedBy: String
    /// When the request last moved.
    public let updatedAt: String
    /// The SMKI PMA hold (SEC L16) that keeps the request where it is, before revoking; nil
    /// when it is not held. Its stored `state` stays as it is.
    public var hold: RevocationDirection? = nil
}

/// What a request's step did: the request as it now is, and, when the engine tried an automatic
/// step and its checks failed, those problems (the request waits in its state).
public struct RequestOutcome: Hashable, Sendable {
    public let request: Request
    public let pendingChecks: [ValidationIssue]
}
