import ArgumentParser
import Foundation
import RAPPModel

/// `ratui request`: requests run by the workflows of the registry's policy (ARO nominations).
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract:
            "Enter requests, take their steps and look them up (ARO nominations, Authorised System and RA credentials).",
        discussion: """
            Every subcommand signs in. A refused step changes nothing: exit 77 when the operator may not take it \
            (permission, separation of duties), 65 when the workflow does not allow it now or the evidence is invalid.
            """,
        subcommands: [New.self, Act.self, Show.self, List.self, Redact.self])

    /// Runs registry work; an invalid form or evidence, or failed checks, is printed as a report
    /// (JSON on stdout with --json) and ends with 65; any other error as usual.
    static func run<T>(json: Bool, source: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RequestError where !error.issues.isEmpty {
            if json {
                Output.json(
                    .object([
                        "code": .string(error.code), "valid": .bool(false),
                        "errors": .array(error.issues.filter { $0.severity == .error }.map(\.jsonValue)),
                        "warnings": .array(error.issues.filter { $0.severity == .warning }.map(\.jsonValue)),
                    ]))
            } else if case .invalid(let report) = error {
                Output.report(report, source: source)
            } else {
                Output.error("\(error.code): \(error.summary)")
                error.issues.forEach { Output.line(Output.issueLine($0)) }
            }
            throw ExitCode(ExitStatus.invalidData)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(reporting: error)
        }
    }

    /// Reads a form file's shape, or reports its problems and exits 65.
    static func read(_ path: String, namesForm: Bool, json: Bool) throws -> FormFile {
        let (file, issues) = FormFile.read(try Output.readInput(path), namesForm: namesForm)
        guard issues.isEmpty else {
            let report = ValidationReport(errors: issues)
            if json { Output.json(report.jsonValue) } else { Output.report(report, source: path) }
            throw ExitCode(ExitStatus.invalidData)
        }
        return file
    }

    /// One line saying where a request now is, and any automatic step waiting on its checks.
    static func printOutcome(_ details: RequestDetails, took action: String?, rules: SiteRules, json: Bool) {
        if json {
            Output.json(details.jsonValue(rules: rules))
            return
        }
        let title = details.workflow?.title ?? details.request.kind
        if let action {
            Output.line("Request \(details.request.id) (\(title)): \(action) taken, now \(details.request.state).")
        } else {
            Output.line("Entered request \(details.request.id) (\(title)): \(details.request.state).")
        }
        if !details.pendingChecks.isEmpty {
            Output.line(
                "Its automatic step waits on these checks (run it again with `request act \(details.request.id) ACTION`):"
            )
            details.pendingChecks.forEach { Output.line(Output.issueLine($0)) }
        }
        if let hold = details.hold { Output.line("Held: " + Output.codedLine(hold)) }
        let next = details.actions.filter { $0.refusal == nil }.map(\.transition.action)
        if !next.isEmpty { Output.line("Next, by you: \(next.joined(separator: ", ")).") }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Enter a request from its form file.",
            discussion:
                #"FILE is {"form": "<form id>", "fields": {"<field id>": value, ...}}. Prints the new id and state; with --json {"id": N, "state": "...", ...}."#
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(
            help:
                "The kind of request: a workflow of the registry's policy (aro-nomination, system-credential, ra-credential)."
        )
        var kind: String

        @Argument(help: "The request's form file (JSON).")
        var file: String

        func run() throws {
            let form = try RequestCommand.read(file, namesForm: true, json: options.json)
            let signedIn = try signIn.start(options)
            let details = try RequestCommand.run(json: options.json, source: file) {
                try signedIn.registry.submitRequest(kind: kind, form: form, by: signedIn.session)
            }
            RequestCommand.printOutcome(details, took: nil, rules: signedIn.rules, json: options.json)
        }
    }

    struct Act: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "act",
            abstract: "Take one step of a request: an action its workflow allows now.",
            discussion:
                #"Evidence files are {"fields": {...}}, on the step's evidence form (`request show` lists it). A step that opens an operator account (an RA credential's issue) asks for the account's initial passphrase, twice at the terminal; with --passphrase-stdin, stdin holds your passphrase, then that one. Its holder must change it at first sign-in."#
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The request id.")
        var id: Int64

        @Argument(help: "The action, as `request show` lists it (verify-identity, approve, reject, ...).")
        var action: String

        @Option(help: ArgumentHelp("The evidence the step records (JSON).", valueName: "evidence.json"))
        var file: String?

        @Option(help: ArgumentHelp("A reason code from the rules file (rejections need one).", valueName: "code"))
        var reason: String?

        @Option(help: ArgumentHelp("A note kept with the step.", valueName: "text"))
        var note: String?

        func run() throws {
            let evidence = try file.map { try RequestCommand.read($0, namesForm: false, json: options.json) }
            var signedIn = try signIn.start(options)
            let registry = signedIn.registry
            var initialPassphrase: String?
            if let account = try Reporting.run({ try registry.accountOpened(byRequest: id, action: action) }) {
                initialPassphrase = try signedIn.reader.readNew(for: account)
            }
            let details = try RequestCommand.run(json: options.json, source: file ?? "request \(id)") {
                try registry.act(
                    on: id, action: action, evidence: evidence?.fields, reason: reason, note: note,
                    initialPassphrase: initialPassphrase,
                    by: signedIn.session)
            }
            RequestCommand.printOutcome(details, took: action, rules: signedIn.rules, json: options.json)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "Show a request: its form, state, every step with who, when and evidence, and the actions possible now."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The request id.")
        var id: Int64

        func run() throws {
            let signedIn = try signIn.start(options)
            let details = try Reporting.run { try signedIn.registry.request(id, by: signedIn.session) }
            let proposal = try Reporting.run { try signedIn.registry.policyProposal(request: id, by: signedIn.session) }
            let library = signedIn.library
            if options.json {
                guard proposal != nil, case .object(var object) = details.jsonValue(rules: library.rules) else {
                    Output.json(details.jsonValue(rules: library.rules))
                    return
                }
                object["proposal"] = PolicyCommand.proposalJSON(proposal)
                Output.json(.object(object))
                return
            }
            let request = details.request
            Output.line(
                "Request \(request.id): \(details.workflow?.title ?? request.kind), \(details.stateLabel) (\(request.state))"
            )
            if let hold = details.hold { Output.line("State: held. " + Output.codedLine(hold)) }
            Output.line(
                "Entered by \(request.submittedBy) at \(request.submittedAt), under policy version \(request.policyVersion)"
            )
            let form = library.form(request.formID)
            Output.line("Form \(request.formID)\(form.map { " (\($0.title))" } ?? ""):")
            Self.printFields(request.allFields, form: form, personal: request.personal, indent: "  ")
            if let proposal {
                Output.line(
                    "Proposed policy \(proposal.hash) against version \(proposal.baseVersion); \(proposal.changes.count) change\(proposal.changes.count == 1 ? "" : "s"):"
                )
                PolicyCommand.print(proposal.changes)
            }
            Output.line("Steps:")
            for step in request.steps {
                let how: TerminalText = step.isAutomatic ? " (automatic)" : ""
                Output.line(
                    "  \(step.sequence). \(step.action): \(step.from ?? "-") -> \(step.to), by \(step.operatorName) at \(step.recordedAt)"
                        + how)
                if let formID = step.evidenceForm {
                    Self.printFields(
                        (step.evidence ?? [:]).merging(step.personal?.content ?? [:]) { a, _ in a },
                        form: library.form(formID), personal: step.personal, indent: "     ")
                }
                if let reason = step.reason {
                    Output.line(
                        "     reason: \(reason)\(library.rules.requestReason(reason).map { " (\($0.name))" } ?? "")")
                }
                if let note = step.note { Output.line("     note: " + TerminalText(lines: note)) }
            }
            if details.actions.isEmpty {
                Output.line("No further actions: \(request.state) is where the request ends.")
            } else {
                Output.line("Actions now:")
            }
            for action in details.actions {
                let transition = action.transition
                var line: TerminalText =
                    "  \(transition.action) -> \(transition.to): \(transition.label); \(transition.permission.rawValue)"
                line += " (\(action.roles.joined(separator: ", ")))"
                if let form = transition.evidenceForm { line += ", evidence on form \(form)" }
                if transition.needsReason { line += ", needs --reason" }
                Output.line(line)
                for exclusion in action.excluded {
                    Output.line("     not \(exclusion.operatorName): \(exclusion.reason)")
                }
                action.checkIssues.forEach { Output.line("   " + Output.issueLine($0)) }
                Output.line(
                    action.refusal.map { "     you may not: " + TerminalText(lines: $0.message) }
                        ?? "     you may take it")
            }
        }

        static func printFields(
            _ values: [String: JSONValue], form: FormDefinition?, personal: PersonalData?, indent: String
        ) {
            let indent = TerminalText(escaping: indent)
            let fields =
                form?.fields
                ?? values.keys.sorted().map { FieldDefinition(id: $0, label: $0, type: .text, isRequired: false) }
            for field in fields {
                let marker: TerminalText = field.isPersonal ? " [personal]" : ""
                guard let value = values[field.id] else {
                    if field.isPersonal, let personal, personal.content == nil {
                        let why: TerminalText = personal.isWithheld ? "(withheld: needs evidence.read)" : "(redacted)"
                        Output.line(indent + "\(field.label)" + marker + ": " + why)
                    }
                    continue
                }
                Output.line(indent + "\(field.label)" + marker + ": " + text(value, field: field))
            }
        }

        static func text(_ value: JSONValue, field: FieldDefinition) -> TerminalText {
            switch value {
            case .string(let text): return TerminalText(lines: field.option(text)?.label ?? text)
            case .number: return "\(value.serialized())"
            case .array(let items) where field.type == .group:
                return TerminalText(
                    escaping: items.map { row -> String in
                        guard case .object(let object) = row else { return "" }
                        return field.fields.compactMap { inner in
                            object[inner.id].map { "\(inner.label) \(plain($0, field: inner))" }
                        }.joined(separator: ", ")
                    }.joined(separator: "; "))
            case .array(let items):
                return TerminalText(escaping: items.map { plain($0, field: field) }.joined(separator: ", "))
            default: return "\(value.serialized())"
            }
        }

        static func plain(_ value: JSONValue, field: FieldDefinition) -> String {
            if case .string(let text) = value { return field.option(text)?.label ?? text }
            return value.serialized()
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List requests in id order, paged by index.",
            discussion:
                "--waiting-for-me lists the requests in which you may take a step now, separation of duties included.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(help: ArgumentHelp("Only this kind (aro-nomination).", valueName: "kind"))
        var kind: String?

        @Option(help: ArgumentHelp("Only requests in this state.", valueName: "state"))
        var state: String?

        @Flag(help: "Only requests in which you may take a step now.")
        var waitingForMe = false

        @Option(help: ArgumentHelp("Start after this request id (for paging).", valueName: "id"))
        var after: Int64 = 0

        @Option(help: ArgumentHelp("List at most this many.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            let signedIn = try signIn.start(options)
            let filter = Registry.RequestFilter(kind: kind, state: state, waitingForMe: waitingForMe)
            try Paging.stream(json: options.json, key: "requests", after: after, limit: limit) { cursor, count in
                let page = try Reporting.run {
                    try signedIn.registry.requests(filter, after: cursor, limit: count, by: signedIn.session)
                }
                return page.map { summary in
                    (
                        summary.id, summary.jsonValue,
                        "\(summary.id)\t\(summary.kind)\t\(summary.hold == nil ? summary.state : "held")\t\(summary.name)\t\(summary.organisationID.map(String.init) ?? "-")\t\(summary.updatedAt)"
                    )
                }
            }
        }
    }
}

extension RequestCommand {
    struct Redact: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "redact",
            abstract:
                "Redact a closed request's personal evidence once the retention period has passed (needs evidence.redact).",
            discussion: """
                The dates of birth, document and screening references of the request and its steps are removed; their \
                digests stay, so the audit trail still verifies, and the event request.redacted lists them. Refused \
                (65, request.retention) while the request is open or closed less than rules.json \
                credentials.personalDataRetentionDays ago.
                """)

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The request id.")
        var id: Int64

        func run() throws {
            let signedIn = try signIn.start(options)
            let details = try Reporting.run { try signedIn.registry.redactRequest(id, by: signedIn.session) }
            if options.json {
                Output.json(details.jsonValue(rules: signedIn.rules))
            } else {
                Output.line(
                    "Request \(details.request.id): personal evidence redacted; its digests stay in the audit trail.")
            }
        }
    }
}

/// Streams a list page by page, so memory stays flat however many rows there are: as one JSON
/// document `{"<key>": [...]}`, or as lines.
enum Paging {
    static let pageSize = 500

    static func stream(
        json: Bool, key: String, after: Int64, limit: Int?,
        page: (_ after: Int64, _ limit: Int) throws -> [(id: Int64, json: JSONValue, line: TerminalText)]
    ) throws {
        var cursor = after
        var remaining = limit ?? Int.max
        var first = true
        if json { Output.write("{\"" + TerminalText(escaping: key) + "\": [") }
        while remaining > 0 {
            let count = min(remaining, pageSize)
            let rows = try page(cursor, count)
            for row in rows {
                if json {
                    Output.write((first ? "\n  " : ",\n  ") + TerminalText(json: row.json))
                } else {
                    Output.line(row.line)
                }
                first = false
            }
            remaining -= rows.count
            guard let last = rows.last, rows.count == count else { break }
            cursor = last.id
        }
        if json { Output.line(first ? "]}" : "\n]}") }
    }
}
