import Foundation
import GRDB

/// Requests, their steps and the personal data they hold.
///
/// Like every store, it works on one connection inside a transaction the registry opened. It
/// stores and reads; what a step may do is `RequestEngine`'s to decide. Lists seek an index and
/// page by request id (`request_transition_waiting` and friends), never scanning every request.
struct RequestStore {
    let db: Database

    // MARK: Personal data

    /// Stores personal fields under a new salt and returns their digest; nil when there are none.
    func storePersonal(_ values: [String: JSONValue], at time: String) throws -> String? {
        guard !values.isEmpty else { return nil }
        let canonical = JSONValue.object(values).serialized()
        let salt = PersonalData.newSalt()
        let digest = PersonalData.digest(of: canonical, salt: salt)
        try PersonalDataRecord(digest: digest, salt: Data(salt), content: canonical, storedAt: time, redactedAt: nil)
            .insert(db)
        return digest
    }

    func personal(_ digest: String?) throws -> PersonalData? {
        guard let digest else { return nil }
        guard let record = try PersonalDataRecord.fetchOne(db, key: digest) else {
            return PersonalData(digest: digest, content: nil, redactedAt: nil)
        }
        return PersonalData(digest: digest, content: record.content.flatMap(Self.object), redactedAt: record.redactedAt)
    }

    // MARK: Requests

    func insert(_ record: RequestRecord) throws -> Int64 {
        var record = record
        try record.insert(db)
        return record.id!
    }

    /// Supersedes the request's current step (if any) and appends `step` as its state.
    func append(_ step: RequestTransitionRecord) throws {
        try db.execute(
            sql: "UPDATE request_transition SET is_current = 0 WHERE request_id = ? AND is_current = 1",
            arguments: [step.requestID])
        try step.insert(db)
    }

    /// The request with every step, or nil.
    func request(_ id: Int64) throws -> Request? {
        guard let record = try RequestRecord.fetchOne(db, key: id) else { return nil }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT t.*, o.name AS operator_name FROM request_transition t JOIN operator o ON o.id = t.operator_id
                WHERE t.request_id = ? ORDER BY t.sequence
                """, arguments: [id])
        var steps: [Request.Step] = []
        for row in rows {
            let step = try RequestTransitionRecord(row: row)
            steps.append(
                Request.Step(
                    sequence: step.sequence, action: step.action, from: step.fromState, to: step.toState,
                    operatorID: step.operatorID, operatorName: row["operator_name"], recordedAt: step.recordedAt,
                    isAutomatic: step.isAutomatic,
                    evidenceForm: step.evidenceForm, evidence: step.evidence.flatMap(Self.object),
                    personal: try personal(step.personalDigest), reason: step.reason, note: step.note,
                    auditSequence: step.auditSequence))
        }
        let submitter =
            try String.fetchOne(db, sql: "SELECT name FROM operator WHERE id = ?", arguments: [record.submittedBy])
            ?? ""
        return Request(
            id: id, kind: record.kind, formID: record.formID, fields: Self.object(record.fields) ?? [:],
            personal: try personal(record.personalDigest), organisationID: record.organisationID,
            subjectOperatorID: record.subjectOperatorID, submittedByID: record.submittedBy, submittedBy: submitter,
            submittedAt: record.submittedAt, policyVersion: record.policyVersion, steps: steps)
    }

    /// The operators who took any of `actions` in the request (`submit`: who entered it).
    func actors(of actions: Set<String>, in request: Int64) throws -> [(id: Int64, name: String, action: String)] {
        guard !actions.isEmpty else { return [] }
        let placeholders = actions.map { _ in "?" }.joined(separator: ",")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT t.operator_id, o.name, t.action FROM request_transition t JOIN operator o ON o.id = t.operator_id
                WHERE t.request_id = ? AND t.action IN (\(placeholders)) ORDER BY t.sequence
                """, arguments: StatementArguments([request] + actions.sorted())
        ).map { ($0[0], $0[1], $0[2]) }
    }

    // MARK: Lists

    /// The columns of a summary, from `request r`, its current step `t` and its submitter `o`.
    private static let summaryColumns = """
        r.id, r.kind, r.form_id, r.fields, r.organisation_id, r.submitted_at, o.name AS submitted_by,
        t.to_state, t.recorded_at AS updated_at
        """

    /// A page of requests after `after`, by id, filtered by kind and state: one index seek.
    func summaries(
        kind: String?, state: String?, after: Int64, limit: Int, name: (String, [String: JSONValue]) -> String
    ) throws -> [RequestSummary] {
        guard limit > 0 else { return [] }
        let sql: String
        var arguments: [any DatabaseValueConvertible] = []
        switch (kind, state) {
        case (let kind?, let state?):
            sql = """
                SELECT \(Self.summaryColumns) FROM request_transition t INDEXED BY request_transition_waiting
                JOIN request r ON r.id = t.request_id JOIN operator o ON o.id = r.submitted_by
                WHERE t.is_current = 1 AND t.kind = ? AND t.to_state = ? AND t.request_id > ? ORDER BY t.request_id LIMIT ?
                """
            arguments = [kind, state]
        case (nil, let state?):
            sql = """
                SELECT \(Self.summaryColumns) FROM request_transition t INDEXED BY request_transition_state
                JOIN request r ON r.id = t.request_id JOIN operator o ON o.id = r.submitted_by
                WHERE t.is_current = 1 AND t.to_state = ? AND t.request_id > ? ORDER BY t.request_id LIMIT ?
                """
            arguments = [state]
        case (let kind?, nil):
            sql = """
                SELECT \(Self.summaryColumns) FROM request r INDEXED BY request_kind
                JOIN request_transition t INDEXED BY request_transition_current ON t.request_id = r.id AND t.is_current = 1
                JOIN operator o ON o.id = r.submitted_by
                WHERE r.kind = ? AND r.id > ? ORDER BY r.id LIMIT ?
                """
            arguments = [kind]
        case (nil, nil):
            sql = """
                SELECT \(Self.summaryColumns) FROM request r
                JOIN request_transition t INDEXED BY request_transition_current ON t.request_id = r.id AND t.is_current = 1
                JOIN operator o ON o.id = r.submitted_by
                WHERE r.id > ? ORDER BY r.id LIMIT ?
                """
        }
        arguments += [after, limit]
        return try summaries(sql: sql, arguments: StatementArguments(arguments), name: name)
    }

    /// A page of requests of one kind in one state that `condition` (SQL over `t` and `r`)
    /// admits, after `after`, by id: one seek on `request_transition_waiting`, each row tested.
    func summaries(
        kind: String, state: String, where condition: String,
        arguments conditionArguments: [any DatabaseValueConvertible],
        after: Int64, limit: Int, name: (String, [String: JSONValue]) -> String
    ) throws -> [RequestSummary] {
        let sql = Self.waitingSQL(condition: condition)
        let arguments: [any DatabaseValueConvertible] = [kind, state, after] + conditionArguments + [limit]
        return try summaries(sql: sql, arguments: StatementArguments(arguments), name: name)
    }

    /// How many requests of one kind in one state `condition` admits, counting at most `limit`.
    func count(
        kind: String, state: String, where condition: String,
        arguments conditionArguments: [any DatabaseValueConvertible], limit: Int
    ) throws -> Int {
        guard limit > 0 else { return 0 }
        let arguments: [any DatabaseValueConvertible] = [kind, state] + conditionArguments + [limit]
        return try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) FROM (SELECT 1 FROM request_transition t INDEXED BY request_transition_waiting
                    JOIN request r ON r.id = t.request_id
                    WHERE t.is_current = 1 AND t.kind = ? AND t.to_state = ? AND (\(condition)) LIMIT ?)
                    """), arguments: StatementArguments(arguments)) ?? 0
    }

    /// How many requests of one kind are in one state, counting at most `limit`.
    func count(kind: String, state: String, limit: Int) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) FROM (SELECT 1 FROM request_transition INDEXED BY request_transition_waiting
                    WHERE is_current = 1 AND kind = ? AND to_state = ? LIMIT ?)
                    """), arguments: [kind, state, limit]) ?? 0
    }

    /// A page of the requests an operator entered, newest first, before `before`: one seek on
    /// `request_submitter`.
    func summaries(
        submittedBy operatorID: Int64, before: Int64, limit: Int, name: (String, [String: JSONValue]) -> String
    ) throws -> [RequestSummary] {
        guard limit > 0 else { return [] }
        return try summaries(
            sql: """
                SELECT \(Self.summaryColumns) FROM request r INDEXED BY request_submitter
                JOIN request_transition t INDEXED BY request_transition_current ON t.request_id = r.id AND t.is_current = 1
                JOIN operator o ON o.id = r.submitted_by
                WHERE r.submitted_by = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?
                """, arguments: [operatorID, before, limit], name: name)
    }

    /// The query of one (kind, state) of a waiting list: arguments kind, state, after, then the
    /// condition's, then the limit.
    static func waitingSQL(condition: String) -> String {
        """
        SELECT \(summaryColumns) FROM request_transition t INDEXED BY request_transition_waiting
        JOIN request r ON r.id = t.request_id JOIN operator o ON o.id = r.submitted_by
        WHERE t.is_current = 1 AND t.kind = ? AND t.to_state = ? AND t.request_id > ? AND (\(condition))
        ORDER BY t.request_id LIMIT ?
        """
    }

    private func summaries(sql: String, arguments: StatementArguments, name: (String, [String: JSONValue]) -> String)
        throws -> [RequestSummary]
    {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            let fields = Self.object(row["fields"]) ?? [:]
            return RequestSummary(
                id: row["id"], kind: row["kind"], state: row["to_state"], name: name(row["form_id"], fields),
                organisationID: row["organisation_id"], submittedAt: row["submitted_at"],
                submittedBy: row["submitted_by"],
                updatedAt: row["updated_at"])
        }
    }

    /// Canonical JSON text of an object, parsed; nil when it is not one (a tampered row).
    static func object(_ text: String) -> [String: JSONValue]? {
        guard case .object(let object)? = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        return object
    }
}
