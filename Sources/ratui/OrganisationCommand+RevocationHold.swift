import ArgumentParser
import RAPPModel

/// `org solr-hold` and `org solr-release`: the SMKI PMA's directions under SEC Section L16
/// (Supplier of Last Resort) that hold, then release, the revocation of an organisation's
/// certificates.
extension OrganisationCommand {
    static func print(_ holds: RevocationHolds) {
        if let banner = holds.banner {
            Output.line(TerminalText(escaping: banner))
        } else if !holds.directions.isEmpty {
            Output.line("Revocation not held (SEC L16): the last hold was released.")
        }
        guard !holds.directions.isEmpty else { return }
        Output.line("SMKI PMA directions (SEC L16):")
        for direction in holds.directions {
            Output.line(
                "  \(direction.sequence). \(direction.kind.rawValue): decision \(direction.decision) of \(direction.decidedOn), recorded \(direction.recordedAt) by \(direction.recordedBy)"
            )
        }
    }

    static func printDirection(_ holds: RevocationHolds, json: Bool) {
        if json {
            Output.json(holds.jsonValue)
        } else {
            Output.line("Organisation \(holds.organisationID):")
            print(holds)
        }
    }

    /// What both directions name: the organisation, and the PMA decision's reference and date.
    struct PMADirectionArguments: ParsableArguments {
        @Argument(help: "The organisation id.")
        var id: Int64

        @Option(help: ArgumentHelp("The SMKI PMA's decision reference.", valueName: "ref"))
        var decision: String

        @Option(help: ArgumentHelp("The date of the PMA's decision.", valueName: "YYYY-MM-DD"))
        var date: String

        /// Signs in, records the direction of this `kind`, and prints the organisation's directions.
        func record(_ kind: RevocationDirection.Kind, options: GlobalOptions, signIn: SignInOptions) throws {
            let signedIn = try signIn.start(options)
            let holds = try Reporting.run {
                switch kind {
                case .hold:
                    try signedIn.registry.holdRevocation(of: id, decision: decision, date: date, by: signedIn.session)
                case .release:
                    try signedIn.registry.releaseRevocation(
                        of: id, decision: decision, date: date, by: signedIn.session)
                }
            }
            OrganisationCommand.printDirection(holds, json: options.json)
        }
    }

    struct SolrHold: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solr-hold",
            abstract: "Record an SMKI PMA direction holding revocation of an organisation's certificates (SEC L16).",
            discussion:
                "A Supplier of Last Resort event: the PMA, as a body, delays revocation. Revocation requests covering the organisation are accepted and go through their checks, then wait, held, before the step that revokes, until `org solr-release`. Needs organisation.solr-hold."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @OptionGroup var direction: PMADirectionArguments

        func run() throws {
            try direction.record(.hold, options: options, signIn: signIn)
        }
    }

    struct SolrRelease: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solr-release",
            abstract: "Record the SMKI PMA decision ending a hold on an organisation's revocation (SEC L16).",
            discussion:
                "Held revocation requests go on from where they stopped. Needs organisation.solr-hold."
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @OptionGroup var direction: PMADirectionArguments

        func run() throws {
            try direction.record(.release, options: options, signIn: signIn)
        }
    }
}
