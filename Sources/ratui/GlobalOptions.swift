import ArgumentParser
import Foundation
import RAPPModel

/// The options every command takes: where the registry and the forms are, and the output format.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The registry file.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("A folder of form definitions and rules to use instead of the built-in ones.", valueName: "dir"))
    var forms: String?

    @Flag(name: .long, help: "Print exactly one JSON document on stdout.")
    var json = false

    var registryPath: String { RegistryLocation.resolve(explicit: db) }

    /// The form library in force: `--forms`, else `$RATUI_FORMS`, else the built-in copy.
    func library() throws -> FormLibrary {
        try Self.library(forms: forms)
    }

    /// The form library from `forms`, else `$RATUI_FORMS`, else the built-in copy; a folder that
    /// cannot be used is reported with its file and problem, and exits 65.
    static func library(forms: String?) throws -> FormLibrary {
        let folder = forms ?? ProcessInfo.processInfo.environment["RATUI_FORMS"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            if let folder {
                return try FormLibrary.load(directory: URL(fileURLWithPath: folder))
            }
            return try FormLibrary.builtIn()
        } catch {
            throw ExitCode(reporting: error)
        }
    }

    /// Loads the policy, then opens the registry under it; only commands that store data create it.
    func registry(create: Bool) throws -> Registry {
        try registry(create: create, policy: library())
    }

    /// Opens the registry under a policy already loaded.
    func registry(create: Bool, policy: FormLibrary) throws -> Registry {
        do {
            return try Registry.open(path: registryPath, create: create, policy: policy)
        } catch {
            throw ExitCode(reporting: error)
        }
    }
}
