import ArgumentParser
import RAPPModel

/// `org allocation`, `org entry-tests` and `org preconditions`: what an organisation must have
/// before credentials are issued for it.
extension OrganisationCommand {
    static func print(_ preconditions: OrganisationPreconditions, json: Bool) {
        if json {
            Output.json(preconditions.jsonValue)
            return
        }
        Output.line("Organisation \(preconditions.organisationID):")
        if let allocation = preconditions.allocation {
            Output.line(
                "  EUI-64 allocation (version \(allocation.version), recorded \(allocation.recordedAt) by \(allocation.recordedBy)):"
            )
            allocation.ranges.forEach { Output.line("    \($0.first) to \($0.last)") }
        } else {
            Output.line("  EUI-64 allocation: none recorded (its A1 ranges are not checked against one)")
        }
        if let tests = preconditions.entryTests {
            Output.line(
                "  Entry Process Tests passed \(tests.passedOn), reference \(tests.reference) (recorded \(tests.recordedAt) by \(tests.recordedBy))"
            )
        } else {
            Output.line("  Entry Process Tests: not recorded (ARO nominations cannot be approved)")
        }
        preconditions.outsideAllocation.forEach { Output.line(Output.issueLine($0)) }
    }

    struct Allocation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "allocation",
            abstract: "Record an organisation's EUI-64 allocation from SECAS (replacing the one recorded before).",
            discussion:
                "Give --range FIRST LAST once per range. Current A1 ranges outside it are reported; amendments are checked against it (range.outside-allocation)."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The organisation id.")
        var id: Int64

        @Option(
            name: .customLong("range"), parsing: .upToNextOption,
            help: ArgumentHelp("A range of the allocation: its first and last identifiers.", valueName: "first last"))
        var ranges: [String] = []

        func validate() throws {
            if ranges.isEmpty || ranges.count % 2 != 0 {
                throw ValidationError("Give each range as --range FIRST LAST.")
            }
        }

        func run() throws {
            var parsed: [IdentifierRange] = []
            for index in stride(from: 0, to: ranges.count, by: 2) {
                let (first, last) = try Reporting.run {
                    (
                        try EUI64(parsing: ranges[index], field: "range", allowReserved: true),
                        try EUI64(parsing: ranges[index + 1], field: "range", allowReserved: true)
                    )
                }
                guard let range = IdentifierRange(first: first, last: last) else {
                    Output.error(
                        "The range \(first) to \(last) is reversed: its last identifier comes before its first.")
                    throw ExitCode(ExitStatus.invalidData)
                }
                parsed.append(range)
            }
            let signedIn = try signIn.start(options)
            let result = try Reporting.run {
                try signedIn.registry.recordAllocation(parsed, of: id, by: signedIn.session)
            }
            OrganisationCommand.print(result, json: options.json)
        }
    }

    struct EntryTests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "entry-tests",
            abstract: "Record that an organisation passed the SMKI and Repository Entry Process Tests.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The organisation id.")
        var id: Int64

        @Option(help: ArgumentHelp("The date the tests were passed.", valueName: "YYYY-MM-DD"))
        var passed: String

        @Option(help: ArgumentHelp("The test result's reference.", valueName: "ref"))
        var reference: String

        func run() throws {
            let signedIn = try signIn.start(options)
            let result = try Reporting.run {
                try signedIn.registry.recordEntryTests(
                    of: id, passedOn: passed, reference: reference, by: signedIn.session)
            }
            OrganisationCommand.print(result, json: options.json)
        }
    }

    struct Preconditions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preconditions",
            abstract:
                "Show an organisation's recorded allocation and entry tests, and any A1 range outside the allocation.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The organisation id.")
        var id: Int64

        func run() throws {
            let registry = try options.registry(create: false)
            let result = try Reporting.run { try registry.preconditions(of: id) }
            OrganisationCommand.print(result, json: options.json)
        }
    }
}
