import GRDB

/// The outbox (`notification`, schema 14): notifications written by requests' steps, and their
/// states as they are sent or handled.
///
/// Like every store it works inside a transaction the registry opened; lists page by id on the
/// partial index of open notifications, so a registry with years of sent mail costs a page.
struct NotificationStore {
    let db: Database

    static let columns = """
        n.id, n.request_id, n.step_sequence, n.action, n.template_id, n.recipient_kind, n.recipient, n.address, \
        n.subject, n.body, n.created_at, n.state, n.state_at, o.name AS state_by_name, n.attempts, n.last_failure
        """

    /// Writes one pending notification; returns its id.
    func insert(
        request: Int64, step: Int64, action: String, template: String, recipientKind: NotificationRecipient,
        recipient: String, address: String?, subject: String, text: String, at time: String
    ) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO notification (request_id, step_sequence, action, template_id, recipient_kind, recipient,
                    address, subject, body, created_at, state, state_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                """,
            arguments: [
                request, step, action, template, recipientKind.rawValue, recipient, address, subject, text, time, time,
            ])
        return db.lastInsertedRowID
    }

    func notification(_ id: Int64) throws -> Notification? {
        try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT \(Self.columns) FROM notification n LEFT JOIN operator o ON o.id = n.state_by WHERE n.id = ?"
            ), arguments: [id]
        ).map(Self.notification)
    }

    /// A page of notifications after `after`, in id order: the open ones (pending and in
    /// doubt) by the partial index, or all of them by the primary key.
    func page(openOnly: Bool, after: Int64, limit: Int) throws -> [Notification] {
        let sql =
            openOnly
            ? """
            SELECT \(Self.columns) FROM notification n INDEXED BY notification_open
            LEFT JOIN operator o ON o.id = n.state_by
            WHERE n.state IN ('pending', 'sending') AND n.id > ? ORDER BY n.id LIMIT ?
            """
            : """
            SELECT \(Self.columns) FROM notification n LEFT JOIN operator o ON o.id = n.state_by
            WHERE n.id > ? ORDER BY n.id LIMIT ?
            """
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [after, limit]).map(Self.notification)
    }

    /// A request's notifications, in id order.
    func notifications(request: Int64) throws -> [Notification] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.columns) FROM notification n INDEXED BY notification_request
                    LEFT JOIN operator o ON o.id = n.state_by WHERE n.request_id = ? ORDER BY n.id
                    """), arguments: [request]
        ).map(Self.notification)
    }

    /// How many notifications are open, counting at most `limit`: one bounded seek.
    func openCount(limit: Int) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) FROM (SELECT 1 FROM notification INDEXED BY notification_open
                    WHERE state IN ('pending', 'sending') LIMIT ?)
                    """), arguments: [limit]) ?? 0
    }

    /// Moves a notification to `state`.
    func setState(
        of id: Int64, to state: Notification.State, by operatorID: Int64, at time: String, attempts: Int,
        failure: String?
    ) throws {
        try db.execute(
            sql: """
                UPDATE notification SET state = ?, state_at = ?, state_by = ?, attempts = ?, last_failure = ?
                WHERE id = ?
                """,
            arguments: [state.rawValue, time, operatorID, attempts, failure, id])
    }

    static func notification(_ row: Row) -> Notification {
        Notification(
            id: row["id"], requestID: row["request_id"], stepSequence: row["step_sequence"], action: row["action"],
            templateID: row["template_id"], recipientKind: row["recipient_kind"], recipient: row["recipient"],
            address: row["address"], subject: row["subject"], text: row["body"], createdAt: row["created_at"],
            state: Notification.State(rawValue: row["state"]) ?? .pending, stateAt: row["state_at"],
            stateByName: row["state_by_name"], attempts: row["attempts"], lastFailure: row["last_failure"])
    }
}
