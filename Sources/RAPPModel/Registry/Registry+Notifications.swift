import Foundation
import GRDB

/// The outbox's entry points: reading it (`notification.read`), sending (`notification.send`)
/// and marking notifications handled by hand (`notification.handle`). Every change of state is
/// an audit event recording the notification's state, in the change's transaction.
extension Registry {
    /// A page of notifications after `after`, in id order: the open ones (pending or in doubt)
    /// or all of them.
    public func notifications(openOnly: Bool, after: Int64 = 0, limit: Int, by session: OperatorSession) throws
        -> [Notification]
    {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationRead, session: session)
            return try NotificationStore(db: db).page(openOnly: openOnly, after: after, limit: limit)
        }
    }

    /// How many notifications are open, counting at most `limit`.
    public func openNotificationCount(limit: Int, by session: OperatorSession) throws -> Int {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationRead, session: session)
            return try NotificationStore(db: db).openCount(limit: limit)
        }
    }

    public func notification(_ id: Int64, by session: OperatorSession) throws -> Notification? {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationRead, session: session)
            return try NotificationStore(db: db).notification(id)
        }
    }

    /// A request's notifications, in id order, by the request's index (a request's steps write
    /// a handful).
    public func notifications(request: Int64, by session: OperatorSession) throws -> [Notification] {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationRead, session: session)
            return try NotificationStore(db: db).notifications(request: request)
        }
    }

    /// Marks an open notification handled by hand (delivered another way, or found sent after a
    /// crash), with the operator's note in the event.
    @discardableResult
    public func handleNotification(_ id: Int64, note: String? = nil, by session: OperatorSession) throws
        -> Notification
    {
        if let note {
            if let control = note.unicodeScalars.first(where: VisibleText.mustEscape) {
                throw RequestError.invalid(
                    ValidationReport(errors: [
                        ValidationIssue(
                            .requestNote, "The note contains \(VisibleText.describe(control)); remove it.",
                            field: "note")
                    ]))
            }
            if note.count > RequestEngine.maximumNoteLength {
                throw RequestError.invalid(
                    ValidationReport(errors: [
                        ValidationIssue(
                            .requestNote,
                            "The note is \(note.count) characters long; at most \(RequestEngine.maximumNoteLength) are allowed.",
                            field: "note")
                    ]))
            }
        }
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationHandle, session: session)
            let store = NotificationStore(db: db)
            guard let notification = try store.notification(id) else { throw NotificationError.unknown(id) }
            guard notification.state.isOpen else { throw NotificationError.closed(id, notification.state) }
            try change(
                notification, to: .handled, action: .notificationHandled, attempts: notification.attempts,
                failure: notification.lastFailure, extra: ["note": note.map(JSONValue.string) ?? .null], db: db,
                session: session)
            return try store.notification(id)!
        }
    }

    /// Marks a notification `sending` (committed before the mail command runs) and returns the
    /// message to hand it. A notification already `sending` is in doubt: refused unless
    /// `resendInDoubt`.
    public func beginSending(_ id: Int64, resendInDoubt: Bool, by session: OperatorSession) throws
        -> NotificationMessage
    {
        guard let from = rules.notifications.from else { throw NotificationError.noSender }
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationSend, session: session)
            let store = NotificationStore(db: db)
            guard let notification = try store.notification(id) else { throw NotificationError.unknown(id) }
            switch notification.state {
            case .sent, .handled: throw NotificationError.closed(id, notification.state)
            case .sending where !resendInDoubt: throw NotificationError.inDoubt(id)
            case .pending, .sending: break
            }
            guard notification.address != nil else { throw NotificationError.handDelivery(id) }
            try change(
                notification, to: .sending, action: .notificationSending, attempts: notification.attempts + 1,
                failure: notification.lastFailure,
                extra: ["resentInDoubt": .bool(notification.state == .sending)], db: db, session: session)
            return NotificationMessage(try store.notification(id)!, from: from)
        }
    }

    /// Records the mail command's answer for a notification being sent: `sent` when it took the
    /// message, pending again with why when not.
    public func finishSending(_ id: Int64, failure: String?, by session: OperatorSession) throws {
        try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationSend, session: session)
            let store = NotificationStore(db: db)
            guard let notification = try store.notification(id) else { throw NotificationError.unknown(id) }
            guard notification.state == .sending else { throw NotificationError.closed(id, notification.state) }
            if let failure {
                try change(
                    notification, to: .pending, action: .notificationSendFailed, attempts: notification.attempts,
                    failure: failure, extra: ["failure": .string(failure)], db: db, session: session)
            } else {
                try change(
                    notification, to: .sent, action: .notificationSent, attempts: notification.attempts, failure: nil,
                    extra: [:], db: db, session: session)
            }
        }
    }

    /// The open notifications as messages for export (`notification.send`: an exported message
    /// is one sent by other means). Refused without a From address.
    public func notificationMessages(after: Int64, limit: Int, by session: OperatorSession) throws
        -> [NotificationMessage]
    {
        guard let from = rules.notifications.from else { throw NotificationError.noSender }
        return try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.notificationSend, session: session)
            return try NotificationStore(db: db).page(openOnly: true, after: after, limit: limit).map {
                NotificationMessage($0, from: from)
            }
        }
    }

    private func change(
        _ notification: Notification, to state: Notification.State, action: AuditAction, attempts: Int,
        failure: String?, extra: [String: JSONValue], db: Database, session: OperatorSession
    ) throws {
        let store = NotificationStore(db: db)
        let time = Timestamp.now()
        try store.setState(
            of: notification.id, to: state, by: session.operatorID, at: time, attempts: attempts, failure: failure)
        var details: [String: JSONValue] = [
            "request": JSONValue(notification.requestID), "recipientKind": .string(notification.recipientKind),
            "address": notification.address.map(JSONValue.string) ?? .null,
            "before": .object(["state": .string(notification.state.rawValue)]),
            "after": .object(["state": .string(state.rawValue)]), "attempts": JSONValue(attempts),
        ]
        details.merge(extra) { _, new in new }
        _ = try AuditTrail(db: db).append(
            operatorName: session.name, action: action, record: NotificationStore.record(notification.id),
            details: .object(details),
            states: [NotificationStore.record(notification.id): try store.state(of: notification.id) ?? .null],
            at: time)
    }
}
