import RAPPModel

/// One page of the audit trail: the latest, the oldest, or the page older or newer than a point.
///
/// A filter no index serves (text, times) is read event by event, so a request examines at most
/// `scanLimit` sequence numbers (20,000 by default): on a trail of millions a search answers as quickly as on a short
/// one, and says how far it looked (`AuditPage.scanned`); the next page goes on from there.
public struct AuditPageRequest: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case latest
        case oldest
        /// Events before this sequence number.
        case older(than: Int64)
        /// Events after this sequence number.
        case newer(than: Int64)
    }

    /// How many sequence numbers one request may examine for a filter no index serves.
    public static let defaultScanLimit: Int64 = 20_000
    /// The matches of such a filter are counted over at most this many latest events.
    public static let defaultCountLimit: Int64 = 100_000

    public var filter: AuditFilter
    public var direction: Direction
    public var limit: Int
    public var scanLimit: Int64
    public var countLimit: Int64

    public init(
        filter: AuditFilter, direction: Direction, limit: Int, scanLimit: Int64 = Self.defaultScanLimit,
        countLimit: Int64 = Self.defaultCountLimit
    ) {
        self.filter = filter
        self.direction = direction
        self.limit = limit
        self.scanLimit = scanLimit
        self.countLimit = countLimit
    }

    /// Reads the page by sequence number as `session`, counting the matches only for a new list
    /// (latest or oldest page), and the names of the organisations its events are about when the
    /// operator may read the registry.
    func read(from registry: Registry, by session: OperatorSession) throws -> AuditPage {
        let head = try registry.auditHead(by: session).sequence
        var paged = filter
        let bounded = filter.scansEvents
        if bounded { paged.scanLimit = scanLimit }
        switch direction {
        case .latest: paged.beforeSequence = head + 1
        case .oldest: break
        case .older(let sequence): paged.beforeSequence = sequence
        case .newer(let sequence): paged.afterSequence = sequence
        }
        var events: [AuditEvent] = []
        try registry.auditEvents(matching: paged, limit: max(1, limit), by: session) { events.append($0) }
        events.reverse()  // newest first
        let full = events.count >= limit
        // What was examined: up to the last event shown when the page filled, else the whole window.
        let scanned: ClosedRange<Int64>
        switch direction {
        case .latest, .older:
            let top = (paged.beforeSequence ?? head + 1) - 1
            let bottom = full ? events.last!.sequence : (bounded ? max(1, top - scanLimit + 1) : 1)
            scanned = min(bottom, top)...top
        case .oldest, .newer:
            let bottom = paged.afterSequence + 1
            let top = full ? events.first!.sequence : (bounded ? min(head, paged.afterSequence + scanLimit) : head)
            scanned = bottom...max(bottom, top)
        }
        var total: Int?
        var totalCapped = false
        switch direction {
        case .latest, .oldest:
            var counted = filter
            if bounded, head > countLimit {
                // Counted over the latest events only: say so.
                counted.beforeSequence = head + 1
                counted.scanLimit = countLimit
                totalCapped = true
            }
            total = try registry.auditEventCount(matching: counted, by: session)
        case .older, .newer:
            break
        }
        var names: [String: String] = [:]
        if (try? registry.authorise(.registryRead, by: session)) != nil {
            for record in Set(events.compactMap(\.record)) where record.hasPrefix("organisation/") {
                if let id = Int64(record.dropFirst("organisation/".count)),
                    let organisation = try registry.organisation(id)
                {
                    names[record] = organisation.name
                }
            }
        }
        return AuditPage(
            events: events, total: total, totalCapped: totalCapped ? countLimit : nil, scanned: scanned, head: head,
            organisationNames: names)
    }
}

/// A page of audit events, newest first, and how many match when that was counted.
public struct AuditPage: Equatable, Sendable {
    public var events: [AuditEvent]
    public var total: Int?
    /// Set when `total` counts only this many latest events (a filter no index serves).
    public var totalCapped: Int64?
    /// The sequence numbers examined for this page: the next older page starts below it, the
    /// next newer one above it.
    public var scanned: ClosedRange<Int64>
    /// The trail's last sequence number when read.
    public var head: Int64
    /// The current names of the organisations the events are about (`organisation/12`).
    public var organisationNames: [String: String]
}
