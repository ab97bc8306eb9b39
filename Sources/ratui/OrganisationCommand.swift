import ArgumentParser
import Foundation
import RAPPModel

struct OrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Register, amend and look up organisations (A1 forms).",
        subcommands: [
            Submit.self, Import.self, List.self, Show.self, Allocation.self, EntryTests.self, Preconditions.self,
            SolrHold.self, SolrRelease.self,
        ])

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract:
                "Validate and store an A1 form: a new organisation, or an amendment with --amend and --expect-version.",
            discussion:
                "On failure nothing is stored and the output is the same as `ratui ranges check`. An amendment is refused (exit 65, organisation.stale-version) when the organisation is no longer at the version given with --expect-version: someone stored another since; review it (`ratui org show ID`) and amend that."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(
            name: .long, help: ArgumentHelp("Store the form as a new version of this organisation.", valueName: "id"))
        var amend: Int64?

        @Option(
            name: .customLong("expect-version"),
            help: ArgumentHelp(
                "With --amend: the version the amendment was made from (`ratui org show ID`). Refused if another has been stored since.",
                valueName: "n"))
        var expectVersion: Int?

        @Argument(help: "The A1 form file (JSON), or - for stdin (after the passphrase, with --passphrase-stdin).")
        var file: String

        func validate() throws {
            if amend != nil && expectVersion == nil {
                throw ValidationError(
                    "--amend needs --expect-version N: the version the amendment was made from (`ratui org show ID` shows the current one), so an amendment stored meanwhile is not overwritten."
                )
            }
            if amend == nil && expectVersion != nil {
                throw ValidationError("--expect-version is for amendments: give --amend ID too.")
            }
            if let expectVersion, expectVersion < 1 {
                throw ValidationError("--expect-version must be at least 1.")
            }
        }

        func run() throws {
            // With both on stdin, the passphrase line comes first and the form after it.
            var reader = signIn.makeReader()
            if file == InputFile.standardInputName { try reader.readAheadFromStandardInput() }
            let data = try Output.readInput(file)
            // The registry's policy reads the file; a registry not created yet is created only
            // once the file is well formed.
            let existing = PolicySource.isNew(options.registryPath) ? nil : try options.registry(create: false)
            let library = try existing?.policy ?? PolicySource.load(folder: options.policySource.folder)
            let validator = OrganisationFormValidator(library: library)
            let (form, structural) = OrganisationInformationForm.read(data, definition: validator.definition)
            if !structural.isEmpty {
                // The file itself is malformed: report exactly what `ranges check` would.
                let report =
                    (try? validator.check(data, registry: existing, amending: amend).report)
                    ?? ValidationReport(errors: structural)
                try reject(report)
            }
            let signedIn = try signIn.start(
                options, registry: existing ?? options.registry(create: true), reader: reader)
            let amendment = amend.map { Amendment(organisation: $0, version: expectVersion ?? 0) }
            let result = try Reporting.run {
                try signedIn.registry.submit(form, amending: amendment, by: signedIn.session)
            }
            switch result {
            case .rejected(let report):
                try reject(report)
            case .stored(let id, let version, let warnings):
                if options.json {
                    Output.json(result.jsonValue)
                } else {
                    Output.line("Stored organisation \(id), version \(version).")
                    warnings.forEach { Output.line(Output.issueLine($0)) }
                }
            }
        }

        private func reject(_ report: ValidationReport) throws -> Never {
            if options.json {
                Output.json(report.jsonValue)
            } else {
                Output.report(report, source: file)
            }
            throw ExitCode(ExitStatus.invalidData)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Store many A1 forms from a JSON Lines file, one form per line.",
            discussion:
                "Each line is stored or rejected on its own. Exits 65 when any line was rejected. A line that amends an organisation adds \"amend\": ID and \"expectVersion\": N (the version it was made from) beside the form's keys, and is refused (organisation.stale-version) if the organisation is at another version."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(
            help:
                "The JSON Lines file, one A1 form per line, or - for stdin (after the passphrase, with --passphrase-stdin)."
        )
        var file: String

        func run() throws {
            let input = try Reporting.run { try InputFile.open(file) }
            let signedIn = try signIn.start(options, create: true)
            let importer = FormImporter(registry: signedIn.registry, session: signedIn.session)
            let showProgress = Output.stderrIsTerminal
            let summary: FormImporter.Summary
            do {
                defer { if showProgress { Output.progress("") } }
                summary = try importer.importLines(
                    from: input.handle, source: input.name, isStream: input.isStandardInput
                ) { progress in
                    if showProgress {
                        Output.progress(
                            "\(progress.lines) lines: \(progress.stored) stored, \(progress.rejectedCount) rejected")
                    }
                }
            } catch let interrupted as ImportInterrupted {
                // What was stored is kept: say so, and where to start again.
                print(interrupted.summary, interrupted: interrupted)
                throw ExitCode(reporting: interrupted)
            } catch {
                throw ExitCode(reporting: error)
            }
            print(summary, interrupted: nil)
            if summary.rejectedCount > 0 { throw ExitCode(ExitStatus.invalidData) }
        }

        private func print(_ summary: FormImporter.Summary, interrupted: ImportInterrupted?) {
            if options.json {
                var json = summary.jsonValue
                if let interrupted, case .object(var object) = json {
                    object["interrupted"] = interrupted.jsonValue
                    json = .object(object)
                }
                Output.json(json)
            } else {
                Output.line(
                    "\(summary.lines) lines\(interrupted == nil ? "" : " before the stop"): \(summary.stored) stored, \(summary.rejectedCount) rejected."
                )
                for rejection in summary.rejections {
                    Output.line("  line \(rejection.line): \(rejection.codes.joined(separator: ", "))")
                    rejection.errors.forEach { Output.line("  " + Output.issueLine($0)) }
                }
                if summary.rejections.count < summary.rejectedCount {
                    Output.line("  (only the first \(summary.rejections.count) rejected lines are listed)")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List registered organisations, in id order.")

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("Start after this organisation id (for paging).", valueName: "id"))
        var after: Int64 = 0

        @Option(help: ArgumentHelp("List at most this many.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            let registry = try options.readOnlyRegistry()
            let rules = registry.rules
            // Page through the registry so memory stays flat however many organisations there are.
            var cursor = after
            var remaining = limit ?? Int.max
            var first = true
            if options.json { Output.write("{\"organisations\": [") }
            while remaining > 0 {
                // An empty name prefix pages in id order; the name is not used then.
                let page = try registry.organisations(
                    namePrefix: "", at: .after(id: cursor, name: ""), limit: min(remaining, 500))
                for organisation in page {
                    if options.json {
                        Output.write((first ? "\n  " : ",\n  ") + TerminalText(json: organisation.jsonValue))
                    } else {
                        let roles = organisation.roles.map(rules.roleName).joined(separator: ", ")
                        Output.line("\(organisation.id)\t\(organisation.name)\tv\(organisation.version)\t\(roles)")
                    }
                    first = false
                }
                remaining -= page.count
                guard let last = page.last, page.count == min(remaining + page.count, 500) else { break }
                cursor = last.id
            }
            if options.json { Output.line(first ? "]}" : "\n]}") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an organisation's current A1 form, or every version with --history.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Show every version, oldest first.")
        var history = false

        @Argument(help: "The organisation id.")
        var id: Int64

        func run() throws {
            let registry = try options.readOnlyRegistry()
            let library = registry.policy
            let versions = history ? try registry.history(of: id) : try registry.organisation(id).map { [$0] } ?? []
            guard !versions.isEmpty else {
                throw ExitCode(reporting: RequestError.unknownOrganisation(id))
            }
            let holds = try Reporting.run { try registry.revocationHolds(of: id) }
            if options.json {
                guard
                    case .object(var object) =
                        history
                        ? OrganisationVersion.historyJSON(of: id, versions, rules: library.rules)
                        : versions[0].jsonValue(rules: library.rules)
                else { return }
                object["revocationHold"] = holds.jsonValue
                Output.json(.object(object))
            } else {
                for (index, version) in versions.enumerated() {
                    if index > 0 { Output.line("") }
                    Self.print(version, form: library.organisationForm, rules: library.rules)
                }
                OrganisationCommand.print(holds)
            }
        }

        static func print(_ version: OrganisationVersion, form: FormDefinition, rules: SiteRules) {
            let state = version.isCurrent ? "current" : "superseded"
            Output.line("Organisation \(version.organisationID): \(version.name)")
            Output.line("Version \(version.version) (\(state)), submitted \(version.submittedAt)")
            for section in form.sections {
                let fields = section.fields.filter { $0.type != .userRoleRanges }
                guard !fields.isEmpty else { continue }
                Output.line("\(section.title):")
                for field in fields {
                    // Multi-line values (an address) print one line each, aligned under the first.
                    let lines = (version.form.fields[field.id] ?? "").split(
                        separator: "\n", omittingEmptySubsequences: false)
                    let indent = TerminalText(escaping: String(repeating: " ", count: field.label.count + 4))
                    Output.line("  \(field.label): " + lines.map { "\(String($0))" }.joined(separator: "\n" + indent))
                }
            }
            Output.line("User Role ranges:")
            for range in version.ranges {
                Output.line("  \(rules.roleName(range.role)): \(range.range.first) to \(range.range.last)")
            }
        }
    }
}
