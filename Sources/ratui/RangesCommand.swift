import ArgumentParser
import RAPPModel

struct RangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranges", abstract: "Check User Role ranges.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate an A1 form file against the rules and the registry, storing nothing.",
            discussion: "With no registry yet, the form is checked against the rules alone.")

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Check as an amendment of this organisation.", valueName: "id"))
        var amend: Int64?

        @Argument(help: "The A1 form file (JSON).")
        var file: String

        func run() throws {
            let library = try options.library()
            let data = try Output.readInput(file)
            let registry: Registry?
            do {
                registry = try Registry.open(path: options.registryPath, create: false, policy: library)
            } catch .notFound {
                registry = nil
            } catch {
                throw ExitCode(reporting: error)
            }
            let validator = registry?.validator ?? OrganisationFormValidator(library: library)
            let report = try Reporting.run { try validator.check(data, registry: registry, amending: amend).report }
            if options.json {
                Output.json(report.jsonValue)
            } else {
                Output.report(report, source: file)
            }
            if !report.isValid { throw ExitCode(ExitStatus.invalidData) }
        }
    }
}
