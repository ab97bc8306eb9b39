import Foundation
import GRDB

/// `notify export DIR`: each open notification as an RFC 5322 `.eml` file, for an RA that sends
/// mail another way. Exporting changes no notification's state (the RA marks each handled once
/// sent), but it is an audit event: the messages left the registry.
extension Registry {
    /// What one export did with each notification's file.
    public struct NotificationExportResult: Sendable, Equatable {
        /// Files written, by notification id, with their names.
        public var written: [(id: Int64, name: String)] = []
        /// Notifications whose file was already there: never overwritten.
        public var kept: [(id: Int64, name: String)] = []

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.written.map(\.id) == rhs.written.map(\.id) && lhs.kept.map(\.id) == rhs.kept.map(\.id)
        }
    }

    /// The file name of a notification's export: `notification-ID.eml`.
    public static func exportName(of id: Int64) -> String { "notification-\(id).eml" }

    /// Writes one `notification-ID.eml` (mode 0600) per open notification into `folder`, an
    /// existing folder that is not a symbolic link; a file already there is kept, never
    /// overwritten. Needs `notification.send`.
    public func exportNotifications(to folder: String, by session: OperatorSession) throws
        -> NotificationExportResult
    {
        var status = stat()
        guard lstat(folder, &status) == 0 else {
            throw NotificationError.folder(folder, "cannot be read: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw NotificationError.folder(
                folder,
                status.st_mode & S_IFMT == S_IFLNK ? "is a symbolic link; give the folder itself" : "is not a folder")
        }
        let directory = Foundation.open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else {
            throw NotificationError.folder(folder, "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(directory) }
        var result = NotificationExportResult()
        var cursor: Int64 = 0
        while true {
            let page = try notificationMessages(after: cursor, limit: 100, by: session)
            for message in page {
                let name = Self.exportName(of: message.notification.id)
                let file = openat(directory, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
                guard file >= 0 else {
                    if errno == EEXIST {
                        result.kept.append((message.notification.id, name))
                        continue
                    }
                    throw NotificationError.folder(folder, "cannot create \(name): \(String(cString: strerror(errno)))")
                }
                let bytes = Array(message.text.utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes { Foundation.write(file, $0.baseAddress, $0.count) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        let why = String(cString: strerror(errno))
                        close(file)
                        unlinkat(directory, name, 0)
                        throw NotificationError.folder(folder, "cannot write \(name): \(why)")
                    }
                    offset += written
                }
                fsync(file)
                close(file)
                result.written.append((message.notification.id, name))
            }
            guard let last = page.last, page.count == 100 else { break }
            cursor = last.notification.id
        }
        if !result.written.isEmpty {
            let written = result.written
            try write { db in
                try OperatorStore(db: db, rules: rules).authorise(.notificationSend, session: session)
                _ = try AuditTrail(db: db).append(
                    operatorName: session.name, action: .notificationsExported, record: nil,
                    details: .object([
                        "folder": .string(folder),
                        "notifications": .array(written.map { JSONValue($0.id) }),
                    ]), at: Timestamp.now())
            }
        }
        return result
    }
}
