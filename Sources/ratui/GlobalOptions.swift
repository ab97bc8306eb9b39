import ArgumentParser
import Foundation
import RAPPModel

/// The options every command takes: where the registry and the forms are, and the output format.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The registry file.", valueName: "path"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only when this command creates the registry: the folder of form definitions and rules to store as its first policy (else the built-in one). `ranges check` takes it as a what-if.",
            valueName: "dir"))
    var forms: String?

    @Flag(name: .long, help: "Print exactly one JSON document on stdout.")
    var json = false

    var registryPath: String { RegistryLocation.resolve(explicit: db) }

    /// Where the policy comes from: the registry's own (see `PolicySource`).
    var policySource: PolicySource { PolicySource(option: forms) }

    /// Opens the registry under its stored policy; only commands that store data create it.
    func registry(create: Bool) throws -> Registry {
        try policySource.open(path: registryPath, create: create)
    }

    /// Opens the existing registry for a command that changes nothing: read-only, never
    /// migrated, never waiting for another process's write. `parts`: what of its policy the
    /// command needs parsed (the hash of all of it is checked either way).
    func readOnlyRegistry(parts: PolicyParts = .all) throws -> Registry {
        try policySource.openReadOnly(path: registryPath, parts: parts)
    }
}
