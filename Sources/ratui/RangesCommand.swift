import ArgumentParser
import RAPPModel

struct RangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranges", abstract: "Check User Role ranges.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate an A1 form file against the rules and the registry, storing nothing.",
            discussion: """
                With no registry yet, the form is checked against the rules alone. The registry's own policy \
                decides; --forms DIR checks against that folder's policy instead, as a what-if, and says so.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Check as an amendment of this organisation.", valueName: "id"))
        var amend: Int64?

        @Argument(help: "The A1 form file (JSON).")
        var file: String

        func run() throws {
            let data = try Output.readInput(file)
            // An explicit --forms is a what-if; $RATUI_FORMS is not read here (see PolicySource).
            let whatIf = try options.forms.map { try PolicySource.load(folder: $0) }
            let registry: Registry? =
                PolicySource.isNew(options.registryPath)
                ? nil : try PolicySource.registryOnly.openReadOnly(path: options.registryPath)
            let library = try whatIf ?? registry?.policy ?? FormLibrary.builtIn()
            let validator = OrganisationFormValidator(library: library)
            let report = try Reporting.run { try validator.check(data, registry: registry, amending: amend).report }
            if options.json {
                var json = report.jsonValue
                if case .object(var object) = json, whatIf != nil {
                    object["whatIf"] = .object(["policy": .string(library.origin)])
                    json = .object(object)
                }
                Output.json(json)
            } else {
                if whatIf != nil {
                    Output.line(
                        "What-if: checked against the policy in \(Output.safe(library.origin)), not the registry's.")
                }
                Output.report(report, source: file)
            }
            if !report.isValid { throw ExitCode(ExitStatus.invalidData) }
        }
    }
}
