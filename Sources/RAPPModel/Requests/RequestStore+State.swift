import GRDB

/// A request's state for the audit trail (`request/N`): its current state, how many steps it has,
/// a digest of every column of its `request` row and of every step (`request_transition`,
/// superseded ones included), and the personal data its rows refer to, by salted digest only
/// (`PersonalData.stateValue`), so a redaction keeps the state.
///
/// Every change to a request is an event that records this state: `request.submitted` and
/// `request.transitioned` (automatic steps included), each recording the state with the step
/// it adds.
extension RequestStore: AuditedStore {
    static let recordKind = "request"

    /// The columns digested, in order: every column of each table.
    static let requestColumns = """
        id, kind, form_id, fields, personal_digest, organisation_id, subject_operator_id, submitted_by, submitted_at, policy_version
        """
    static let stepColumns = """
        request_id, sequence, kind, action, from_state, to_state, operator_id, recorded_at, is_automatic, evidence_form, evidence,
        personal_digest, reason, note, audit_sequence, is_current
        """

    /// One request's rows, digested in a fixed order as they are read: its request row, then
    /// each step by sequence.
    struct StateDigest {
        private var digest = RowDigest()
        private var current: [JSONValue] = []
        private var steps = 0
        private var personal: [DatabaseValue] = []

        init(request: [DatabaseValue]?) {
            digest.add(table: request == nil ? "no request" : "request", request ?? [])
            if let request, request.count == 10, !request[4].isNull { personal.append(request[4]) }
        }

        /// A step row, in `stepColumns` order.
        mutating func step(_ values: [DatabaseValue]) {
            digest.add(table: "request_transition", values)
            steps += 1
            guard values.count == 16 else { return }
            if values[15] == true.databaseValue { current.append(JSONValue(stored: values[5])) }
            if !values[11].isNull { personal.append(values[11]) }
        }

        func state(db: Database) throws -> JSONValue {
            .object([
                "state": current.count == 1 ? current[0] : .array(current),
                "steps": JSONValue(steps),
                "rows": .string(digest.finish()),
                "personal": .array(try personal.map { try PersonalData.stateValue(of: $0, db: db) }),
            ])
        }
    }

    /// One request's state: a seek on its row and on its steps' primary key.
    func state(of id: Int64) throws -> JSONValue? {
        let request = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.requestColumns) FROM request WHERE id = ?"), arguments: [id])
        let steps = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT \(Self.stepColumns) FROM request_transition WHERE request_id = ? ORDER BY sequence"),
            arguments: [id])
        guard request != nil || !steps.isEmpty else { return nil }
        var digest = StateDigest(request: request.map { Array($0.databaseValues) })
        for step in steps { digest.step(Array(step.databaseValues)) }
        return try digest.state(db: db)
    }

    /// Every request's state: requests by id beside their steps by `(request_id, sequence)`, the
    /// primary key; steps of no request are reported under the request they name.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let requests = try Row.fetchCursor(db, sql: "SELECT \(Self.requestColumns) FROM request ORDER BY id")
        let steps = try Row.fetchCursor(
            db, sql: "SELECT \(Self.stepColumns) FROM request_transition ORDER BY request_id, sequence")
        try Self.merge(requests, steps) { id, request, steps in
            var digest = StateDigest(request: request)
            for step in steps { digest.step(step) }
            try body(id, try digest.state(db: db))
        }
    }

    /// Walks two cursors ordered by the id in their first column side by side, handing over each
    /// id with its row of the first (if any) and its rows of the second: how a store whose record
    /// spans a parent table and a child table streams its records in one pass over each.
    static func merge(
        _ parents: RowCursor, _ children: RowCursor, _ body: (Int64, [DatabaseValue]?, [[DatabaseValue]]) throws -> Void
    ) throws {
        var nextParent = try parents.next().map { Array($0.databaseValues) }
        var nextChild = try children.next().map { Array($0.databaseValues) }
        func id(_ values: [DatabaseValue]?) -> Int64? {
            values.map { Int64.fromDatabaseValue($0[0]) ?? Int64.min }
        }
        while nextParent != nil || nextChild != nil {
            let current = [id(nextParent), id(nextChild)].compactMap { $0 }.min()!
            var parent: [DatabaseValue]?
            if id(nextParent) == current {
                parent = nextParent
                nextParent = try parents.next().map { Array($0.databaseValues) }
            }
            var owned: [[DatabaseValue]] = []
            while let child = nextChild, id(child) == current {
                owned.append(child)
                nextChild = try children.next().map { Array($0.databaseValues) }
            }
            try body(current, parent, owned)
        }
    }
}
