/// Which audit events to list or export: each condition set narrows the selection.
public struct AuditFilter: Hashable, Sendable {
    public var operatorName: String?
    public var action: String?
    public var record: String?
    /// Words, separated by spaces, each of which the operator name, the action or the record
    /// must contain, A-Z folded (`amended` finds `organisation.amended`, `alice amended` Alice's
    /// amendments). No index serves it: it is read event by event, so the terminal UI bounds it
    /// with `scanLimit`.
    public var text: String?
    /// Inclusive bounds on `recordedAt`, compared as text (the timestamps sort as text). Alone,
    /// they read events in sequence order and skip those outside the bounds: a clock may have been
    /// set back, so time order is not assumed to be sequence order.
    public var since: String?
    public var until: String?
    /// Only events after this sequence number (for paging forwards).
    public var afterSequence: Int64 = 0
    /// Only events before this sequence number, the nearest first (for paging backwards).
    public var beforeSequence: Int64?
    /// Examine at most this many sequence numbers from where the read starts (after
    /// `afterSequence`, or before `beforeSequence`): a bound on the events a filter that no
    /// index serves can read. Sequence numbers run 1, 2, 3… without gaps (`audit verify`).
    public var scanLimit: Int64?

    public init(
        operatorName: String? = nil, action: String? = nil, record: String? = nil, text: String? = nil,
        since: String? = nil,
        until: String? = nil
    ) {
        self.operatorName = operatorName
        self.action = action
        self.record = record
        self.text = text
        self.since = since
        self.until = until
    }

    /// True when no index narrows the events read: text and time conditions are checked event by
    /// event.
    public var scansEvents: Bool { text != nil || since != nil || until != nil }

    /// `text` folded as SQLite's `lower()` folds: A-Z only, so both sides fold alike.
    var foldedText: String? {
        text.map { String(decoding: $0.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self) }
    }
}
