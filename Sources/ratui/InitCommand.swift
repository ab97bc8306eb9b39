import ArgumentParser
import RAPPModel

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the registry, or bring an existing one up to this version's schema.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let registry = try options.registry(create: true)
        let counts = try registry.counts()
        if options.json {
            Output.json(Registry.statusJSON(path: registry.path, counts: counts))
        } else {
            Output.line(
                "Registry ready at \(registry.path) (schema \(Registry.knownMigrations.last ?? "none")): \(counts.organisations) organisations, \(counts.ranges) User Role ranges in force."
            )
        }
    }
}
