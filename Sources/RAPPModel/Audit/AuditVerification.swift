/// The result of verifying the audit trail: its hash chain, the rows reconciled with the states
/// its events record, and, when given, the heads anchored outside the registry.
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
    /// Whether the rows were reconciled with the trail (not when the chain is broken).
    public let reconciled: Bool
    /// Records whose rows do not match the trail, the first `Reconciliation.reportLimit` of them.
    public let differences: [RecordDifference]
    /// How many records do not match, all of them counted.
    public let differenceCount: Int
    /// The anchored heads checked, when an anchor file was given.
    public let anchors: AnchorVerification?

    public init(
        count: Int64, head: String, firstBreak: (sequence: Int64, reason: String)?, expectedHeadFound: Bool?,
        reconciled: Bool = false, differences: [RecordDifference] = [], differenceCount: Int = 0,
        anchors: AnchorVerification? = nil
    ) {
        self.count = count
        self.head = head
        self.firstBreak = firstBreak
        self.expectedHeadFound = expectedHeadFound
        self.reconciled = reconciled
        self.differences = differences
        self.differenceCount = differenceCount
        self.anchors = anchors
    }

    public var isIntact: Bool {
        firstBreak == nil && expectedHeadFound != false && differenceCount == 0 && anchors?.isIntact != false
    }

    public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
        lhs.count == rhs.count && lhs.head == rhs.head && lhs.firstBreak?.sequence == rhs.firstBreak?.sequence
            && lhs.firstBreak?.reason == rhs.firstBreak?.reason && lhs.expectedHeadFound == rhs.expectedHeadFound
            && lhs.reconciled == rhs.reconciled && lhs.differences == rhs.differences
            && lhs.differenceCount == rhs.differenceCount && lhs.anchors == rhs.anchors
    }
}
