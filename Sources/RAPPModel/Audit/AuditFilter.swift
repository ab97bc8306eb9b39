/// Which audit events to list or export: each condition set narrows the selection.
public struct AuditFilter: Sendable, Equatable {
    public var operatorName: String?
    public var action: String?
    public var record: String?
    /// Inclusive bounds on `recordedAt`, compared as text (the timestamps sort as text).
    public var since: String?
    public var until: String?
    /// Only events after this sequence number (for paging).
    public var afterSequence: Int64 = 0

    public init(operatorName: String? = nil, action: String? = nil, record: String? = nil, since: String? = nil, until: String? = nil) {
        self.operatorName = operatorName
        self.action = action
        self.record = record
        self.since = since
        self.until = until
    }
}
