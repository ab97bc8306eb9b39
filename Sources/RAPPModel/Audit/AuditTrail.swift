import Foundation
import GRDB

/// The append-only, hash-chained record of every change, kept in the registry.
///
/// Events are appended in the same transaction as the change they record, so there is never a
/// change without its event or an event without its change. SQLite triggers refuse UPDATE and
/// DELETE; the hash chain catches whoever drops the triggers and edits the file anyway, and
/// `verify(expectingHead:)` catches a trail cut short, given a head hash recorded elsewhere.
///
/// Like every store, it works on one connection inside a transaction the registry opened.
struct AuditTrail {
    let db: Database
    /// An import's shared knowledge of the trail's head, when running inside one.
    var batch: ImportBatch?

    init(db: Database, batch: ImportBatch? = nil) {
        self.db = db
        self.batch = batch
    }

    /// The last event's sequence number and hash, by the primary key.
    static let headSQL = "SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1"

    /// The last event's sequence number and hash (`0` and the genesis hash for an empty trail).
    func head() throws -> (sequence: Int64, hash: String) {
        let row = try Row.fetchOne(db.cachedStatement(sql: Self.headSQL))
        return (
            row?[AuditEventRecord.Columns.sequence] ?? 0, row?[AuditEventRecord.Columns.hash] ?? AuditEvent.genesisHash
        )
    }

    /// Appends an event. `state` is the state of `record` after the change, as its store reads it
    /// (`AuditedStore.state(of:)`): every event that changes a record records it, so
    /// `audit verify` can reconcile the rows with the trail.
    @discardableResult
    func append(
        operatorName: String?, action: AuditAction, record: String?, details: JSONValue, state: JSONValue? = nil,
        at time: String
    ) throws -> AuditEvent {
        try append(
            operatorName: operatorName, action: action, record: record, detailsText: details.serialized(), state: state,
            at: time)
    }

    /// Appends an event that changes several records (a request's step and the credential it
    /// creates), with the state of each after the change, keyed by record (`request/4`).
    @discardableResult
    func append(
        operatorName: String?, action: AuditAction, record: String?, details: JSONValue, states: [String: JSONValue],
        at time: String
    ) throws -> AuditEvent {
        try append(
            operatorName: operatorName, action: action, record: record, detailsText: details.serialized(),
            stateText: JSONValue.object(states).serialized(), at: time)
    }

    /// `append` with details already serialised as canonical JSON (keys sorted, as
    /// `JSONValue.serialized()` writes them), for callers that hold that text anyway.
    @discardableResult
    func append(
        operatorName: String?, action: AuditAction, record: String?, detailsText: String, state: JSONValue? = nil,
        at time: String
    ) throws -> AuditEvent {
        let stateText = state.map { state in JSONValue.object([record ?? "": state]).serialized() }
        return try append(
            operatorName: operatorName, action: action, record: record, detailsText: detailsText, stateText: stateText,
            at: time)
    }

    /// Appends an event whose states, keyed by record, are given as canonical JSON text.
    @discardableResult
    func append(
        operatorName: String?, action: AuditAction, record: String?, detailsText: String, stateText: String?,
        at time: String
    ) throws -> AuditEvent {
        let head = try batch?.auditHead ?? self.head()
        let sequence = head.sequence + 1
        let previousHash = head.hash
        // The version in force for this transaction: nobody else writes until it commits.
        let policyVersion = try batch?.policyVersion ?? PolicyStore(db: db).currentVersion()
        let hash = AuditEvent.hash(
            sequence: sequence, recordedAt: time, operatorName: operatorName, action: action.rawValue, record: record,
            details: detailsText, previousHash: previousHash, policyVersion: policyVersion, state: stateText)
        let event = AuditEvent(
            sequence: sequence, recordedAt: time, operatorName: operatorName, action: action.rawValue, record: record,
            details: detailsText, previousHash: previousHash, hash: hash, policyVersion: policyVersion, state: stateText
        )
        try AuditEventRecord(event).insertCached(db, statement: batch?.statements(db).auditInsert)
        batch?.auditHead = (sequence, hash)
        batch?.policyVersion = policyVersion
        return event
    }

    /// Re-computes the chain from the first event, reading one event at a time; then, if it is
    /// whole, reconciles the rows of `stores` with the states the events record, and checks the
    /// anchored heads of `anchors` against the chain.
    func verify(
        expectingHead expected: String?, reconciling stores: [any AuditedStore] = [], anchors: AnchorLog? = nil
    ) throws -> AuditVerification {
        var count: Int64 = 0
        var previous = AuditEvent.genesisHash
        var expectedFound = expected == AuditEvent.genesisHash
        var reconciliation = Reconciliation()
        var anchorCheck = anchors.map(AnchorCheck.init)
        let events = try AuditEventRecord.order(AuditEventRecord.Columns.sequence).fetchCursor(db)
        while let event = try events.next()?.event {
            count += 1
            var reason: String?
            if event.sequence != count {
                reason =
                    event.sequence > count
                    ? "event \(count) is missing: the next event is \(event.sequence)"
                    : "event \(event.sequence) is out of order"
            } else if event.previousHash != previous {
                reason =
                    "event \(event.sequence) does not follow the event before it: an event was removed, inserted or moved here"
            } else if event.hash != event.expectedHash {
                reason = "event \(event.sequence) has been altered: its content no longer matches its hash"
            }
            if let reason {
                return AuditVerification(
                    count: count, head: previous, firstBreak: (min(event.sequence, count), reason),
                    expectedHeadFound: nil)
            }
            if event.hash == expected { expectedFound = true }
            reconciliation.note(event)
            anchorCheck?.note(event)
            previous = event.hash
        }
        if !stores.isEmpty { try reconciliation.compare(stores, db: db) }
        return AuditVerification(
            count: count, head: previous, firstBreak: nil, expectedHeadFound: expected.map { _ in expectedFound },
            reconciled: !stores.isEmpty, differences: reconciliation.differences,
            differenceCount: reconciliation.differenceCount,
            anchors: anchorCheck?.finish(chainLength: count))
    }

    /// The events matching the filter, in order, at most `limit`, each handed to `body` as read.
    /// With `beforeSequence`, the `limit` events nearest before it, still handed over in order.
    func events(matching filter: AuditFilter, limit: Int?, _ body: (AuditEvent) throws -> Void) throws {
        let (conditions, arguments) = Self.whereClause(filter)
        let backwards = filter.beforeSequence != nil
        var sql = "SELECT * FROM audit_event WHERE \(conditions) ORDER BY sequence\(backwards ? " DESC" : "")"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        let events = try AuditEventRecord.fetchCursor(db, sql: sql, arguments: arguments)
        if backwards {
            // At most one page, read nearest first: hand it over oldest first.
            var page: [AuditEvent] = []
            while let record = try events.next() { page.append(record.event) }
            try page.reversed().forEach(body)
        } else {
            while let record = try events.next() { try body(record.event) }
        }
    }

    /// How many events match the filter: a count over the filter's index range.
    func count(matching filter: AuditFilter) throws -> Int {
        let (conditions, arguments) = Self.whereClause(filter)
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE \(conditions)", arguments: arguments)
            ?? 0
    }

    static func whereClause(_ filter: AuditFilter) -> (String, StatementArguments) {
        // One lower and one upper bound on the primary key, the scan window folded in: given two
        // lower bounds, SQLite seeks by one and checks the other row by row.
        var after = filter.afterSequence
        var before = filter.beforeSequence
        if let limit = filter.scanLimit {
            if let upper = before {
                after = max(after, upper > Int64.min + limit ? upper - limit - 1 : Int64.min)
            } else {
                before = filter.afterSequence < Int64.max - limit ? filter.afterSequence + limit + 1 : Int64.max
            }
        }
        var conditions = ["sequence > ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [after]
        if let before {
            conditions.append("sequence < ?")
            arguments.append(before)
        }
        if let name = filter.operatorName {
            conditions.append("operator = ?")
            arguments.append(name)
        }
        if let action = filter.action {
            conditions.append("action = ?")
            arguments.append(action)
        }
        if let record = filter.record {
            conditions.append("record = ?")
            arguments.append(record)
        }
        // Each word somewhere in the fields; a unit separator between them, so a word never spans two.
        for word in (filter.foldedText ?? "").split(separator: " ") {
            conditions.append(
                "instr(lower(coalesce(operator, '') || char(31) || action || char(31) || coalesce(record, '')), ?) > 0")
            arguments.append(String(word))
        }
        if let since = filter.since {
            conditions.append("recorded_at >= ?")
            arguments.append(since)
        }
        if let until = filter.until {
            conditions.append("recorded_at <= ?")
            arguments.append(until)
        }
        return (conditions.joined(separator: " AND "), StatementArguments(arguments))
    }
}
