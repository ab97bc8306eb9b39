import Foundation

/// `notify send`: hands each open notification to a mail command, one run of `/bin/sh -c
/// COMMAND` per message with the RFC 5322 text on its standard input, and records the answer.
///
/// Idempotent by construction: each message is marked `sending` and committed before the
/// command runs, and `sent` only after it exits 0. A failing command leaves the message pending
/// (with why) and the rest go on. A message found `sending` (a run that crashed mid-send) is in
/// doubt: reported, and sent again only with `resendInDoubt`; otherwise an operator checks the
/// mail system and marks it handled.
public struct NotificationSending {
    /// What became of one open notification.
    public enum Outcome: Sendable, Equatable {
        case sent(Int64)
        case failed(Int64, String)
        case inDoubt(Int64)
        case handDelivery(Int64)
        /// Sent or handled by someone else since the page was read: left alone.
        case closed(Int64)
    }

    public let registry: Registry
    public let session: OperatorSession
    public let command: String
    public let resendInDoubt: Bool
    /// Longest a mail command may run before it is stopped and the send counted failed.
    public var timeout: TimeInterval = 120

    public init(registry: Registry, session: OperatorSession, command: String, resendInDoubt: Bool) {
        self.registry = registry
        self.session = session
        self.command = command
        self.resendInDoubt = resendInDoubt
    }

    /// Goes through the open notifications by id, page by page, reporting each outcome as it
    /// happens; returns every outcome.
    @discardableResult
    public func run(report: (Outcome) -> Void = { _ in }) throws -> [Outcome] {
        guard registry.rules.notifications.from != nil else { throw NotificationError.noSender }
        var outcomes: [Outcome] = []
        var cursor: Int64 = 0
        while true {
            let page = try registry.notifications(openOnly: true, after: cursor, limit: 100, by: session)
            for notification in page {
                let outcome = try send(notification)
                outcomes.append(outcome)
                report(outcome)
            }
            guard let last = page.last, page.count == 100 else { break }
            cursor = last.id
        }
        return outcomes
    }

    private func send(_ notification: Notification) throws -> Outcome {
        if notification.address == nil { return .handDelivery(notification.id) }
        if notification.state == .sending && !resendInDoubt { return .inDoubt(notification.id) }
        let message: NotificationMessage
        do {
            message = try registry.beginSending(notification.id, resendInDoubt: resendInDoubt, by: session)
        } catch NotificationError.inDoubt(let id) {
            return .inDoubt(id)  // another run took it since the page was read
        } catch NotificationError.closed {
            return .closed(notification.id)
        }
        let failure = Self.deliver(message.text, through: command, timeout: timeout)
        try registry.finishSending(notification.id, failure: failure, by: session)
        return failure.map { .failed(notification.id, $0) } ?? .sent(notification.id)
    }

    /// Runs `/bin/sh -c command` with `text` on its standard input; nil when it exits 0, else why
    /// not (exit status and the start of what it wrote on standard error, controls removed).
    static func deliver(_ text: String, through command: String, timeout: TimeInterval) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return "the command could not be started: \(error.localizedDescription)"
        }
        // Standard error is read on its own thread so a chatty command cannot block on a full pipe.
        let collected = MailCommandErrors()
        let reader = Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            collected.set(data)
        }
        reader.start()
        let bytes = Data(text.utf8)
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: bytes)
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return "the command did not finish within \(Int(timeout)) seconds and was stopped"
        }
        process.waitUntilExit()
        // A child the command left running in the background may hold standard error open: its
        // words are extra, so the answer waits for them a few seconds at most.
        let said = Date().addingTimeInterval(5)
        while !collected.isSet && Date() < said { usleep(1_000) }
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            let how =
                process.terminationReason == .exit
                ? "the command exited with status \(process.terminationStatus)"
                : "the command was killed by signal \(process.terminationStatus)"
            let said = collected.summary
            return said.isEmpty ? how : "\(how): \(said)"
        }
        return nil
    }
}

/// Standard error of a mail command, as read by another thread.
private final class MailCommandErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return data != nil
    }

    /// The first 300 characters, controls as spaces.
    var summary: String {
        lock.lock()
        defer { lock.unlock() }
        let text = String(decoding: (data ?? Data()).prefix(4096), as: UTF8.self).trimmingWhiteSpace()
        return text.isEmpty ? "" : String(NotificationTemplate.clean(text).prefix(300))
    }
}
