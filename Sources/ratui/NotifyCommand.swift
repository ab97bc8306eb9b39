import ArgumentParser
import RAPPModel

/// `ratui notify`: the outbox of notifications requests' steps wrote, and sending them.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "The notifications outbox: list, show, send through a mail command, export, mark handled.",
        discussion:
            "A request's step writes the notifications its workflow declares (rendered from the policy's templates, never with personal evidence) in its own transaction. A notification with no known address is for delivery by hand.",
        subcommands: [List.self, Show.self, Send.self, Export.self, Handle.self])

    static func line(_ notification: RAPPModel.Notification) -> TerminalText {
        let state = notification.state == .sending ? "in-doubt" : notification.state.rawValue
        return
            "\(notification.id)\t\(state)\t\(notification.requestID)\t\(notification.recipientKind)\t\(notification.address ?? "(by hand)")\t\(notification.subject)"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List notifications in id order, paged by index.",
            discussion:
                "Each line: id, state (pending, in-doubt, sent, handled), request, recipient kind, address or (by hand), subject. --pending lists only those still to do (pending and in doubt)."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Flag(help: "Only pending and in-doubt notifications.")
        var pending = false

        @Option(help: ArgumentHelp("Only the notifications this request's steps wrote.", valueName: "id"))
        var request: Int64?

        @Option(help: ArgumentHelp("Start after this notification id (for paging).", valueName: "id"))
        var after: Int64 = 0

        @Option(help: ArgumentHelp("List at most this many.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            if request != nil && (pending || after != 0 || limit != nil) {
                throw ValidationError("--request lists every notification of one request; give it alone.")
            }
        }

        func run() throws {
            let signedIn = try signIn.start(options)
            if let request {
                let notifications = try Reporting.run {
                    try signedIn.registry.notifications(request: request, by: signedIn.session)
                }
                if options.json {
                    Output.json(.object(["notifications": .array(notifications.map(\.jsonValue))]))
                } else {
                    notifications.forEach { Output.line(NotifyCommand.line($0)) }
                }
                return
            }
            try Paging.stream(json: options.json, key: "notifications", after: after, limit: limit) { cursor, count in
                try Reporting.run {
                    try signedIn.registry.notifications(
                        openOnly: pending, after: cursor, limit: count, by: signedIn.session)
                }.map { ($0.id, $0.jsonValue, NotifyCommand.line($0)) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a notification: recipient, state and the message as it will be sent.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The notification id.")
        var id: Int64

        func run() throws {
            let signedIn = try signIn.start(options)
            guard
                let notification = try Reporting.run({
                    try signedIn.registry.notification(id, by: signedIn.session)
                })
            else {
                throw ExitCode(reporting: NotificationError.unknown(id))
            }
            if options.json {
                Output.json(notification.jsonValue)
                return
            }
            Output.line(
                "Notification \(notification.id): \(notification.state == .sending ? "in doubt (sending)" : notification.state.rawValue) since \(notification.stateAt)\(notification.stateByName.map { " (\($0))" } ?? "")"
            )
            Output.line(
                "Request \(notification.requestID), step \(notification.stepSequence) (\(notification.action)), template \(notification.templateID)"
            )
            Output.line("To: \(notification.recipient) <\(notification.address ?? "no address: deliver by hand")>")
            if notification.attempts > 0 { Output.line("Attempts: \(notification.attempts)") }
            if let failure = notification.lastFailure { Output.line("Last failure: \(failure)") }
            Output.line("Subject: \(notification.subject)")
            Output.line("")
            for line in notification.text.split(separator: "\n", omittingEmptySubsequences: false) {
                Output.line("\(String(line))")
            }
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send each pending notification through a mail command (e.g. 'sendmail -t -i').",
            discussion:
                "Runs COMMAND through /bin/sh -c once per pending notification with an address, the RFC 5322 message on its standard input. A notification is marked sending (committed) before the command runs and sent only when it exits 0; a failing command leaves it pending, is reported, and the rest go on. One found sending (a run that stopped mid-send) is in doubt: reported and not sent again unless --resend-in-doubt (its Message-ID stays the same, so a receiver can drop a copy), or mark it handled. Exits 0 only when every notification with an address was sent."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(help: ArgumentHelp("The mail command, run by /bin/sh -c.", valueName: "command"))
        var via: String

        @Flag(help: "Send again the notifications an earlier run left in doubt.")
        var resendInDoubt = false

        func validate() throws {
            if via.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--via needs a command.") }
        }

        func run() throws {
            let signedIn = try signIn.start(options)
            var failed = 0
            var doubtful = 0
            var byHand = 0
            var sent = 0
            let sending = NotificationSending(
                registry: signedIn.registry, session: signedIn.session, command: via, resendInDoubt: resendInDoubt)
            try Reporting.run {
                try sending.run { outcome in
                    switch outcome {
                    case .sent(let id):
                        sent += 1
                        if !options.json { Output.line("sent \(id)") }
                    case .failed(let id, let why):
                        failed += 1
                        Output.error(
                            "\(NotificationError.sendFailed(id, why).code): \(NotificationError.sendFailed(id, why).description)"
                        )
                    case .inDoubt(let id):
                        doubtful += 1
                        Output.error(
                            "\(NotificationError.inDoubt(id).code): \(NotificationError.inDoubt(id).description)")
                    case .closed(let id):
                        if !options.json { Output.line("skipped \(id): sent or handled meanwhile") }
                    case .handDelivery(let id):
                        byHand += 1
                        if !options.json { Output.line("by hand \(id): no address; deliver it and mark it handled") }
                    }
                }
            }
            if options.json {
                Output.json(
                    .object([
                        "sent": JSONValue(sent), "failed": JSONValue(failed), "inDoubt": JSONValue(doubtful),
                        "byHand": JSONValue(byHand),
                    ]))
            } else {
                Output.line("\(sent) sent, \(failed) failed, \(doubtful) in doubt, \(byHand) for delivery by hand")
            }
            if failed > 0 { throw ExitCode(ExitStatus.ioError) }
            if doubtful > 0 { throw ExitCode(ExitStatus.invalidData) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write each pending notification to DIR as notification-ID.eml (RFC 5322).",
            discussion:
                "DIR must be an existing folder, not a symbolic link. A file already there is never overwritten (it is reported and kept). Exporting changes no notification's state: mark each handled once it is sent (notify handle ID)."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The folder to write into.")
        var folder: String

        func run() throws {
            let signedIn = try signIn.start(options)
            let result = try Reporting.run {
                try signedIn.registry.exportNotifications(to: folder, by: signedIn.session)
            }
            for kept in result.kept {
                Output.error("kept \(kept.name): a file is already there; it was not overwritten")
            }
            if options.json {
                Output.json(
                    .object([
                        "written": .array(result.written.map { .string($0.name) }),
                        "kept": .array(result.kept.map { .string($0.name) }),
                    ]))
            } else {
                for written in result.written { Output.line("wrote \(written.name)") }
                Output.line("\(result.written.count) written, \(result.kept.count) kept")
            }
        }
    }

    struct Handle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handle",
            abstract: "Mark a pending or in-doubt notification handled by hand (audited).")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The notification id.")
        var id: Int64

        @Option(help: ArgumentHelp("How it was handled (kept in the audit event).", valueName: "text"))
        var note: String?

        func run() throws {
            let signedIn = try signIn.start(options)
            let notification = try Reporting.run {
                try signedIn.registry.handleNotification(id, note: note, by: signedIn.session)
            }
            if options.json {
                Output.json(notification.jsonValue)
            } else {
                Output.line("Notification \(notification.id) handled by \(notification.stateByName ?? "-")")
            }
        }
    }
}
