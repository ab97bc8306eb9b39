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
                Output.json(.object(["identifier": .string(identifier), "error": error.jsonValue]))
            }
            Output.error(error.displayMessage)
            throw ExitCode(ExitStatus.invalidData)
        }
        let registry = try options.registry(create: false)
        let rules = try options.library().rules
        let owners = try registry.owners(of: value)
        if options.json {
            Output.json(.object([
                "identifier": .string(value.canonical),
                "reserved": .bool(value.isReserved),
                "owners": .array(owners.map { owner in
                    .object([
                        "organisation": .object(["id": JSONValue(owner.organisationID), "name": .string(owner.organisationName)]),
                        "role": .string(owner.role), "roleName": .string(rules.roleName(owner.role)),
                        "first": .string(owner.range.first.canonical), "last": .string(owner.range.last.canonical),
                    ])
                }),
            ]))
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
