import ArgumentParser
import RAPPModel

struct WhoisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whois", abstract: "Which organisation and User Role(s) hold an EUI-64 identifier.",
        discussion: "Exits 1 when nobody holds it.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The identifier, such as 90-B3-D5-1F-30-01-00-00.")
    var identifier: String

    func run() throws {
        let value: EUI64
        do {
            value = try EUI64(parsing: identifier, allowReserved: true)
        } catch {
            if options.json {
                Output.json(RegisteredRange.whoisJSON(identifier, error: error))
            }
            Output.error("\(error.displayMessage)")
            throw ExitCode(ExitStatus.invalidData)
        }
        let registry = try options.readOnlyRegistry()
        let rules = registry.rules
        let owners = try registry.owners(of: value)
        if options.json {
            Output.json(RegisteredRange.whoisJSON(value, owners: owners, rules: rules))
        } else if owners.isEmpty {
            Output.line("\(value): no organisation holds this identifier\(value.isReserved ? " (it is reserved)" : "").")
        } else {
            for owner in owners {
                Output.line("\(value): organisation \(owner.organisationID) \(VisibleText.quoted(owner.organisationName, limit: 80)) as \(rules.roleName(owner.role)) (range \(owner.range))")
            }
        }
        if owners.isEmpty { throw ExitCode(ExitStatus.notFound) }
    }
}
