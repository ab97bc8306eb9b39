import ArgumentParser
import Foundation
import RAPPModel

struct CSRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr", abstract: "Check certificate signing requests (SEC Appendix M).", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a PKCS#10 request against its profile and the registry, before it goes to the DCC.",
            discussion: """
                Reads DER, or Base64 with a BEGIN CERTIFICATE REQUEST or BEGIN NEW CERTIFICATE REQUEST header or \
                none, on one line or at 64 or 76 characters. Checks the signature, the Organisation CSR profile \
                (or an Authorised System's IKI CSR), which organisation and User Role(s) hold the EUI-64, and whether \
                they may hold the role code (rules file, site rule). Exits 0 when it would pass (warnings only), 65 \
                with any error, 66 when a path cannot be read. --batch takes a folder of .csr files or a ZIP of them \
                and prints one line each and a summary. Not yet checked: the ARO's scope and CN uniqueness among \
                recorded Authorised Systems.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Expect the request to be for this organisation.", valueName: "id"))
        var organisation: Int64?

        @Option(
            name: .long,
            help: ArgumentHelp("A folder of .csr files, or a ZIP of them, instead of FILE.", valueName: "dir-or-zip"))
        var batch: String?

        @Argument(help: "The request file (DER or Base64).")
        var file: String?

        func validate() throws {
            if (file == nil) == (batch == nil) {
                throw ValidationError("Give either a request FILE or --batch DIR-OR-ZIP.")
            }
        }

        func run() throws {
            let (rules, lookup) = try CSRCommand.registry(options)
            let check = CSRCheck(rules: rules)
            let context = CSRCheck.Context(lookup: lookup, organisation: organisation)
            if let batch {
                try runBatch(batch, check: check, context: context)
                return
            }
            guard let file else { return }
            let bytes = try CSRCommand.read(file, limit: CSRCheck.maximumSize)
            let result = try Reporting.run { try check.check(bytes, context: context) }
            if options.json {
                Output.json(result.jsonValue(rules: rules, file: file))
            } else {
                CSRCommand.print(result, source: file, rules: rules)
            }
            if !result.passes { throw ExitCode(ExitStatus.invalidData) }
        }

        /// One line (or JSON object) per request as it is checked, then the summary. With results
        /// going to a file or a pipe and stderr a terminal, a progress count is drawn there.
        private func runBatch(_ path: String, check: CSRCheck, context: CSRCheck.Context) throws {
            let source = try Reporting.run { try CSRBatchSource(path: path) }
            let showProgress = Output.stderrIsTerminal && isatty(STDOUT_FILENO) == 0
            if options.json { Output.write("{\"results\": [") }
            var count = 0
            let summary = try Reporting.run {
                try CSRBatchCheck(check: check).run(source, context: context) { name, result in
                    if options.json {
                        Output.write(
                            (count == 0 ? "\n" : ",\n")
                                + TerminalText(json: result.jsonValue(rules: check.rules, file: name)))
                    } else {
                        Output.line(CSRCommand.resultLine(result, name: name))
                    }
                    count += 1
                    if showProgress && count % 500 == 0 { Output.progress("\(count) requests checked") }
                }
            }
            if showProgress { Output.progress("") }
            if options.json {
                Output.write("\n], \"summary\": " + TerminalText(json: summary.jsonValue) + "}\n")
            } else {
                Output.line(CSRCommand.summaryLine(summary))
                for issue in summary.issues { Output.line(Output.issueLine(issue)) }
            }
            if !summary.passes { throw ExitCode(ExitStatus.invalidData) }
        }
    }

    /// The registry's rules and itself, or the policy creating it would store when there is none yet.
    static func registry(_ options: GlobalOptions) throws -> (SiteRules, (any CSRRegistryLookup)?) {
        if PolicySource.isNew(options.registryPath) {
            let library = try options.policySource.policyWithoutCreating(path: options.registryPath).library
            return (library.rules, nil)
        }
        let registry = try options.registry(create: false)
        return (registry.rules, registry)
    }

    /// A regular file's bytes, or exit 66 saying why not.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        do {
            return try InputFile.bytes(ofFile: path, upTo: limit)
        } catch {
            throw ExitCode(reporting: error)
        }
    }

    static func print(_ result: CSRCheckResult, source: String, rules: SiteRules) {
        Output.report(result.report, source: source)
        for line in describe(result, rules: rules) { Output.line("  " + line) }
    }

    /// What the request says and whose it is, a line each.
    static func describe(_ result: CSRCheckResult, rules: SiteRules) -> [TerminalText] {
        var lines: [TerminalText] = []
        if let profile = result.profile {
            lines.append(
                profile == .organisation
                    ? "profile: Organisation CSR (Appendix M)" : "profile: Authorised System IKI CSR (Appendix G)")
        }
        if let subject = result.subject {
            if let eui64 = subject.eui64 { lines.append("EUI-64: \(eui64.canonical)") }
            if let code = subject.roleCode {
                let name = rules.remotePartyRole(code: code)?.name ?? "unknown"
                lines.append("role code: \(subject.organisationalUnit ?? "") (\(name))")
            }
            if let name = result.organisationName { lines.append("O: \(name)") }
            if result.profile == .authorisedSystem, let unit = subject.organisationalUnit {
                lines.append("OU: \(unit)")
            }
            if let common = subject.commonName { lines.append("CN: \(common)") }
        }
        if let key = result.key {
            lines.append(
                "key: \(key), signed with \(result.signatureAlgorithm ?? "unknown")\(result.signatureValid == true ? " (signature verifies)" : "")"
            )
        }
        if let usage = result.keyUsage { lines.append("key usage: \(usage.joined(separator: ", "))") }
        for holder in result.holders {
            lines.append(
                "held by organisation \(holder.organisationID) \(VisibleText.quoted(holder.organisationName, limit: 80)) as \(rules.roleName(holder.role)) (range \(holder.range))"
            )
        }
        return lines
    }

    /// One line of a batch: the name, the verdict and the codes of what is wrong.
    static func resultLine(_ result: CSRCheckResult, name: String) -> TerminalText {
        let verdict: TerminalText =
            result.passes ? (result.report.warnings.isEmpty ? "passes" : "passes with warnings") : "fails"
        let codes = (result.report.errors + result.report.warnings).map(\.code.rawValue)
        let eui = result.subject?.eui64.map { " \($0.canonical)" } ?? ""
        let holder = result.holders.first.map { " organisation \($0.organisationID)" } ?? ""
        return "\(name): \(verdict)\(eui)\(holder)\(codes.isEmpty ? "" : " [\(codes.joined(separator: " "))]")"
    }

    static func summaryLine(_ summary: CSRBatchCheck.Summary) -> TerminalText {
        var text: TerminalText =
            "\(summary.checked) checked: \(summary.passed) pass (\(summary.withWarnings) with warnings), \(summary.failed) fail"
        if summary.skipped > 0 { text += ", \(summary.skipped) other files skipped" }
        let counts = summary.errorCounts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }
        if !counts.isEmpty { text += "; errors: \(counts.joined(separator: ", "))" }
        return text
    }
}
