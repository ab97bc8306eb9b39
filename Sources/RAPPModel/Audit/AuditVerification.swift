/// The result of re-computing the audit trail's hash chain.
public struct AuditVerification: Sendable, Equatable {
    /// Events read.
    public let count: Int64
    /// The last event's hash, or the genesis hash for an empty trail.
    public let head: String
    /// The first event that breaks the chain, and how; nil when the chain is whole.
    public let firstBreak: (sequence: Int64, reason: String)?
    /// With an expected head: whether that hash is in the chain. False means the trail was cut
    /// back past that point, or replaced.
    public let expectedHeadFound: Bool?

    public var isIntact: Bool { firstBreak == nil && expectedHeadFound != false }

    public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
        lhs.count == rhs.count && lhs.head == rhs.head && lhs.firstBreak?.sequence == rhs.firstBreak?.sequence
            && lhs.firstBreak?.reason == rhs.firstBreak?.reason && lhs.expectedHeadFound == rhs.expectedHeadFound
    }
}
