/// Which audit events to list or export: each condition set narrows the selection.
public struct AuditFilter: Hashable, Sendable {
    public var operatorName: String?
    public var action: String?
    public var record: String?
    /// Inclusive bounds on `recordedAt`, compared as text (the timestamps sort as text). Alone,
    /// they read events in sequence order and skip those outside the bounds: a clock may have been
    /// set back, so time order is not assumed to be sequence order.
    public var since: String?
    public var until: String?
    /// Only events after this sequence number (for paging forwards).
    public var afterSequence: Int64 = 0
    /// Only events before this sequence number, the nearest first (for paging backwards).
    public var beforeSequence: Int64?

    public init(operatorName: String? = nil, action: String? = nil, record: String? = nil, since: String? = nil, until: String? = nil) {
        self.operatorName = operatorName
        self.action = action
        self.record = record
        self.since = since
        self.until = until
    }
}
