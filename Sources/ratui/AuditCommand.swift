import ArgumentParser
import Foundation
import RAPPModel

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The hash-chained audit trail of every change.",
        discussion: "Every subcommand needs an operator whose roles grant audit.read (every role, by default).",
        subcommands: [Verify.self, Head.self, List.self, Export.self])

    /// Signs in for reading the audit trail.
    static func session(_ options: GlobalOptions, _ signIn: SignInOptions) throws -> (Registry, OperatorSession) {
        let signedIn = try signIn.start(options)
        return (signedIn.registry, signedIn.session)
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                "Re-compute the hash chain and reconcile the data with it; report what does not match (exit 65) or the count and head hash.",
            discussion:
                "Every organisation, operator and policy version must be as the last audit event about it recorded: a row changed, added or removed behind ratui's back is reported with its record. With --expect-head, also fail unless that previously recorded head is still in the chain, which detects a trail cut short. With --anchors FILE, also fail unless every head anchored in FILE (the policy's auditAnchor, or a system log holding ratui-anchor lines) is on the chain and every event since anchoring began is anchored, which detects a trail rewritten consistently."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(
            name: .customLong("expect-head"),
            help: ArgumentHelp("A head hash recorded earlier (`ratui audit head`).", valueName: "hash"))
        var expectedHead: String?
        @Option(
            help: ArgumentHelp(
                "An anchor file (the policy's auditAnchor) or a system log holding ratui-anchor lines.",
                valueName: "file"))
        var anchors: String?

        func validate() throws {
            if let expectedHead,
                expectedHead.count != 64
                    || !expectedHead.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            {
                throw ValidationError("--expect-head takes a SHA-256 hash: 64 lower-case hex digits.")
            }
        }

        func run() throws {
            let (registry, session) = try AuditCommand.session(options, signIn)
            let log = try anchors.map { path in try Reporting.run { try AnchorLog.read(path: path) } }
            let result = try Reporting.run {
                try registry.verifyAudit(expectingHead: expectedHead, anchors: log, by: session)
            }
            if options.json {
                Output.json(result.jsonValue)
            } else if let broken = result.firstBreak {
                Output.line(
                    "BROKEN at event \(broken.sequence): \(broken.reason). \(broken.sequence - 1) events before it verify."
                )
            } else {
                if result.expectedHeadFound == false {
                    Output.line(
                        "BROKEN: the expected head \(expectedHead ?? "") is not in the trail; it was cut short or replaced. \(result.count) events verify, head \(result.head)."
                    )
                }
                if result.differenceCount > 0 {
                    Output.line(
                        "BROKEN: \(result.differenceCount) record\(result.differenceCount == 1 ? " does" : "s do") not match the audit trail; changed behind ratui's back:"
                    )
                    result.differences.forEach { Output.line("  \($0.description)") }
                    if result.differences.count < result.differenceCount {
                        Output.line("  (only the first \(result.differences.count) are listed)")
                    }
                }
                if let anchored = result.anchors {
                    if anchored.isIntact {
                        Output.line(
                            "Anchors: all \(anchored.anchored) anchored heads in \(anchored.path) are on the chain, and every event since anchoring began is anchored."
                        )
                    } else {
                        Output.line(
                            "BROKEN: the anchors in \(anchored.path) do not match the trail (\(anchored.matched) of \(anchored.anchored) anchored heads are on the chain):"
                        )
                        anchored.findings.forEach { Output.line("  \($0.description)") }
                        if anchored.findings.count < anchored.findingCount {
                            Output.line("  (only the first \(anchored.findings.count) are listed)")
                        }
                    }
                }
                if result.isIntact {
                    Output.line("OK: \(result.count) events, head \(result.head); the data matches the trail.")
                }
            }
            if !result.isIntact { throw ExitCode(ExitStatus.invalidData) }
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "head", abstract: "Print the head hash, to record elsewhere for `audit verify --expect-head`.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        func run() throws {
            let (registry, session) = try AuditCommand.session(options, signIn)
            let head = try Reporting.run { try registry.auditHead(by: session) }
            if options.json {
                Output.json(AuditEvent.headJSON(sequence: head.sequence, hash: head.hash))
            } else {
                Output.line("\(head.hash)")
            }
        }
    }

    /// The filters shared by list and export.
    struct Filters: ParsableArguments {
        @Option(name: .customLong("by"), help: ArgumentHelp("Only events by this operator.", valueName: "name"))
        var operatorName: String?
        @Option(help: ArgumentHelp("Only this action, such as organisation.submitted.", valueName: "action"))
        var action: String?
        @Option(help: ArgumentHelp("Only events about this record, such as organisation/12.", valueName: "record"))
        var record: String?
        @Option(
            help: ArgumentHelp("From this UTC date or time (2026-11-25 or 2026-11-25T08:00:00Z).", valueName: "time"))
        var since: String?
        @Option(help: ArgumentHelp("Up to this UTC date or time, inclusive.", valueName: "time"))
        var until: String?

        func validate() throws {
            if let action, AuditAction(rawValue: action) == nil {
                throw ValidationError(
                    "--action must be one of: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            for (name, value) in [("--since", since), ("--until", until)] {
                if let value, Timestamp.parse(value) == nil {
                    throw ValidationError(
                        "\(name) takes a real UTC date (2026-11-25) or time (2026-11-25T08:00:00Z), not \(VisibleText.quoted(value))."
                    )
                }
            }
        }

        var filter: AuditFilter {
            AuditFilter(
                operatorName: operatorName, action: action, record: record,
                since: since.flatMap { Timestamp.parse($0) },
                until: until.flatMap { Timestamp.parse($0, endOfDay: true) })
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List audit events, oldest first.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var filters: Filters
        @Option(help: ArgumentHelp("Show at most this many.", valueName: "n")) var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            let (registry, session) = try AuditCommand.session(options, signIn)
            var first = true
            if options.json { Output.write("{\"events\": [") }
            try Reporting.run {
                try registry.auditEvents(matching: filters.filter, limit: limit, by: session) { event in
                    if options.json {
                        Output.write((first ? "\n  " : ",\n  ") + TerminalText(json: event.jsonValue))
                    } else {
                        Output.line(
                            "\(event.sequence)\t\(event.recordedAt)\t\(event.operatorName ?? "-")\t\(event.action)\t\(event.record ?? "-")\t\(event.details)"
                        )
                    }
                    first = false
                }
            }
            if options.json { Output.line(first ? "]}" : "\n]}") }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Export audit events as JSON Lines or CSV, oldest first.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var filters: Filters
        @Option(help: "jsonl (one JSON object per line) or csv.") var format: Format = .jsonl

        func run() throws {
            let (registry, session) = try AuditCommand.session(options, signIn)
            var buffer: TerminalText = ""
            func flush(force: Bool) {
                if force || buffer.description.utf8.count > 1 << 16 {
                    Output.write(buffer)
                    buffer = ""
                }
            }
            if format == .csv { buffer += "sequence,recorded_at,operator,action,record,details,previous_hash,hash\r\n" }
            try Reporting.run {
                try registry.auditEvents(matching: filters.filter, by: session) { event in
                    switch format {
                    case .jsonl:
                        buffer += TerminalText(json: event.jsonValue) + "\n"
                    case .csv:
                        let cells = [
                            String(event.sequence), event.recordedAt, event.operatorName ?? "", event.action,
                            event.record ?? "", event.details, event.previousHash, event.hash,
                        ]
                        buffer += cells.map(Self.csvCell).joined(separator: ",") + "\r\n"
                    }
                    flush(force: false)
                }
            }
            flush(force: true)
        }

        /// One CSV cell: control and invisible characters written as `VisibleText` escapes them
        /// (`\e`, `\n`, `\u{200B}`), so every record is one line and nothing reaches a terminal
        /// or spreadsheet raw; then RFC 4180 quoting, and a leading = + - @ prefixed with ' so a
        /// spreadsheet never runs it. The escapes are for reading: `audit export --format jsonl`
        /// keeps the exact text.
        static func csvCell(_ text: String) -> TerminalText {
            var value = VisibleText.escaped(text)
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            if value.contains(where: { $0 == "," || $0 == "\"" }) {
                value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return TerminalText(escaping: value)
        }
    }
}
