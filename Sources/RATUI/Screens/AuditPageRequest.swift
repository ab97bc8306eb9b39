import RAPPModel

/// One page of the audit trail: the first, the last, or the page after or before an event.
public struct AuditPageRequest: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case first
        case last
        case after(Int64)
        case before(Int64)
    }

    public var filter: AuditFilter
    public var direction: Direction
    public var limit: Int

    public init(filter: AuditFilter, direction: Direction, limit: Int) {
        self.filter = filter
        self.direction = direction
        self.limit = limit
    }

    /// Reads the page by sequence number as `session`, counting the matches only for a new list
    /// (first or last page): counting scans the filter's index range.
    func read(from registry: Registry, by session: OperatorSession) throws -> AuditPage {
        var paged = filter
        switch direction {
        case .first: break
        case .after(let sequence): paged.afterSequence = sequence
        case .before(let sequence): paged.beforeSequence = sequence
        case .last: paged.beforeSequence = Int64.max
        }
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: paged, limit: max(1, limit), by: session) { events.append($0) }
        let total: Int? = switch direction {
        case .first, .last: try registry.auditEventCount(matching: filter, by: session)
        case .after, .before: nil
        }
        return AuditPage(events: events, total: total)
    }
}

/// A page of audit events, oldest first, and how many match when that was counted.
public struct AuditPage: Equatable, Sendable {
    public var events: [AuditEvent]
    public var total: Int?
}
