/// Why a notification cannot be sent, exported or handled: one code each, the same in the
/// command line and the terminal UI.
public enum NotificationError: CodedError, Equatable {
    /// No notification has this id.
    case unknown(Int64)
    /// It was sent or handled already.
    case closed(Int64, Notification.State)
    /// It was handed to the mail command by an earlier run whose answer was never recorded.
    case inDoubt(Int64)
    /// It has no address: it is for delivery by hand.
    case handDelivery(Int64)
    /// The rules file names no From address.
    case noSender
    /// The mail command failed for it; it stays pending.
    case sendFailed(Int64, String)
    /// The export folder is not a folder (or is a symbolic link).
    case folder(String, String)

    public var code: String {
        switch self {
        case .unknown: "notification.unknown"
        case .closed: "notification.closed"
        case .inDoubt: "notification.in-doubt"
        case .handDelivery: "notification.hand-delivery"
        case .noSender: "notification.no-sender"
        case .sendFailed: "notification.send-failed"
        case .folder: "notification.folder"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .unknown: .notFound
        case .closed, .inDoubt, .handDelivery, .noSender: .invalidData
        case .sendFailed, .folder: .ioError
        }
    }

    public var description: String {
        switch self {
        case .unknown(let id): "There is no notification \(id)."
        case .closed(let id, let state): "Notification \(id) is \(state.rawValue) already."
        case .inDoubt(let id):
            "Notification \(id) was handed to the mail command by an earlier run that never recorded the answer: it may have been sent. Check the mail system, then mark it handled (notify handle \(id)) or send it again (notify send --resend-in-doubt)."
        case .handDelivery(let id):
            "Notification \(id) has no address: deliver it by hand, then mark it handled (notify handle \(id))."
        case .noSender:
            "The rules file names no From address (notifications.from): add it with a policy change."
        case .sendFailed(let id, let why): "Notification \(id) was not sent: \(why). It stays pending."
        case .folder(let path, let why): "\(VisibleText.quoted(path, limit: 80)): \(why)."
        }
    }
}
