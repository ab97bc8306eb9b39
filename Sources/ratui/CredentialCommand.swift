import ArgumentParser
import RAPPModel

/// `ratui credential`: the credentials requests created, with their holders and states.
struct CredentialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential",
        abstract: "Look up credentials (ARO, Authorised System and RA credentials from requests).",
        subcommands: [List.self, Show.self, Dormant.self])

    static func line(_ credential: Credential) -> TerminalText {
        "\(credential.id)\t\(credential.kind)\t\(credential.state)\t\(credential.holder.name)\t\(credential.organisationID.map(String.init) ?? "-")\t\(credential.scopes.joined(separator: ","))\t\(credential.expiresOn ?? "-")"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List credentials in id order, paged by index.",
            discussion:
                "Each line: id, kind, state, holder, organisation, scopes, expiry date. --expiring-within DAYS lists the active credentials expiring within DAYS days from today, those already expired included."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(help: ArgumentHelp("Only this holder's (the holder id `credential show` prints).", valueName: "id"))
        var holder: Int64?

        @Option(help: ArgumentHelp("Only this organisation's.", valueName: "id"))
        var organisation: Int64?

        @Option(help: ArgumentHelp("Only credentials in this state (active).", valueName: "state"))
        var state: String?

        @Option(
            help: ArgumentHelp(
                "Only active credentials expiring within this many days (expired ones included).", valueName: "days"))
        var expiringWithin: Int?

        @Option(help: ArgumentHelp("Start after this credential id (for paging).", valueName: "id"))
        var after: Int64 = 0

        @Option(help: ArgumentHelp("List at most this many.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            if let expiringWithin {
                guard CredentialLife.listDays.contains(expiringWithin) else {
                    throw ValidationError("--expiring-within: \(CredentialLife.daysFailure.message)")
                }
                guard holder == nil && organisation == nil && state == nil else {
                    throw ValidationError(
                        "--expiring-within lists active credentials of every holder and organisation; give it alone.")
                }
            }
        }

        func run() throws {
            let signedIn = try signIn.start(options)
            try Paging.stream(json: options.json, key: "credentials", after: after, limit: limit) { cursor, count in
                if let expiringWithin {
                    return try Reporting.run {
                        try signedIn.registry.credentials(
                            expiringWithin: expiringWithin, after: cursor, limit: count, by: signedIn.session)
                    }.map { ($0.id, $0.jsonValue, CredentialCommand.line($0)) }
                }
                return try Reporting.run {
                    try signedIn.registry.credentials(
                        holder: holder, organisation: organisation, state: state, after: cursor, limit: count,
                        by: signedIn.session)
                }.map { ($0.id, $0.jsonValue, CredentialCommand.line($0)) }
            }
        }
    }

    struct Dormant: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dormant",
            abstract:
                "List active credentials with no recorded activity for a number of days (rules.json credentials.dormantAfterDays).",
            discussion:
                "Activity: the credential's creation, any change of its state (a renewal supersedes it), and any step of a request that refers to it. Each line: the credential as `credential list` prints it, then its last activity. With --json each entry adds \"lastActivity\"."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(help: ArgumentHelp("Days without activity (default: the rules file's).", valueName: "days"))
        var days: Int?

        @Option(help: ArgumentHelp("Start after this credential id (for paging).", valueName: "id"))
        var after: Int64 = 0

        @Option(help: ArgumentHelp("List at most this many.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            if let days, !CredentialLife.listDays.contains(days) {
                throw ValidationError("--days: \(CredentialLife.daysFailure.message)")
            }
        }

        func run() throws {
            let signedIn = try signIn.start(options)
            try Paging.stream(json: options.json, key: "credentials", after: after, limit: limit) { cursor, count in
                try Reporting.run {
                    try signedIn.registry.dormantCredentials(
                        days: days, after: cursor, limit: count, by: signedIn.session)
                }.map { entry in
                    var json = entry.credential.jsonValue
                    if case .object(var object) = json {
                        object["lastActivity"] = .string(entry.lastActivity)
                        json = .object(object)
                    }
                    return (
                        entry.credential.id, json,
                        CredentialCommand.line(entry.credential) + "\t" + TerminalText(escaping: entry.lastActivity)
                    )
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a credential: holder, scopes, details and every state it has been in.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The credential id.")
        var id: Int64

        func run() throws {
            let signedIn = try signIn.start(options)
            guard let credential = try Reporting.run({ try signedIn.registry.credential(id, by: signedIn.session) })
            else {
                Output.error("There is no credential \(id).")
                throw ExitCode(ExitStatus.invalidData)
            }
            if options.json {
                Output.json(credential.jsonValue)
                return
            }
            Output.line("Credential \(credential.id): \(credential.kind), \(credential.state)")
            Output.line(
                "Holder \(credential.holder.id): \(credential.holder.name)\(credential.organisationID.map { ", organisation \($0)" } ?? "")"
            )
            Output.line("Scopes: \(credential.scopes.joined(separator: ", "))")
            for key in credential.details.keys.sorted() {
                let value = credential.details[key]!
                let text = if case .string(let text) = value { text } else { value.serialized() }
                Output.line("  \(key): \(text)")
            }
            Output.line(
                "From request \(credential.requestID), created \(credential.createdAt)\(credential.expiresOn.map { ", expires \($0)" } ?? "")"
            )
            for change in credential.history {
                Output.line(
                    "  \(change.state) at \(change.recordedAt) by \(change.operatorName)\(change.requestID.map { " (request \($0))" } ?? "")"
                )
            }
        }
    }
}
