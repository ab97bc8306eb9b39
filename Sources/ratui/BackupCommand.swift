import ArgumentParser
import Foundation
import RAPPModel

/// `ratui backup FILE`: a consistent copy of the whole registry, verified before it is reported.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the registry to a new file, consistent while others write (needs registry.backup).",
        discussion: """
            The copy is SQLite's online backup, one self-contained file with mode 0600. Success is reported only once \
            the copy opens as a registry and its audit trail verifies; the event registry.backed-up then records the file \
            and the copy's head. The copy holds everything, passphrase hashes too: keep it as safe as the registry.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var signIn: SignInOptions

    @Argument(help: "The new file to write (refused if it exists).")
    var file: String

    func run() throws {
        let signedIn = try signIn.start(options)
        let copy = try Reporting.run { try signedIn.registry.backup(to: file, by: signedIn.session) }
        if options.json {
            Output.json(copy.jsonValue)
        } else {
            Output.line(
                "Backed up \(signedIn.registry.path) to \(copy.path): \(copy.events) events, head \(copy.head). The copy's audit trail verifies."
            )
        }
    }
}

/// `ratui restore FILE --db PATH`: a backup put in place, refused if it does not verify or is
/// older than the registry it would replace, unless forced (and then recorded).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup to --db PATH: a new registry, or over an existing one (its ra-manager).",
        discussion: """
            To a path with no registry, no sign-in is needed. Over an existing registry, sign in against it as an operator \
            whose roles grant operator.manage and policy.apply (ra-manager). Refused, exit 65, when the copy's audit trail \
            does not verify, or when it does not hold the existing registry's head (older, or another history); --force \
            restores it anyway, and the registry.restored event records what was forced.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var signIn: SignInOptions

    @Flag(
        help:
            "Restore even a copy whose audit trail does not verify or that is older than the registry it replaces (recorded in the restored registry)."
    )
    var force = false

    @Argument(help: "The backup file (from `ratui backup`).")
    var file: String

    func run() throws {
        let path = options.registryPath
        if options.forms != nil {
            Output.error("--forms does not apply to restore: the copy brings its own policy.")
            throw ExitCode(ExitStatus.usage)
        }
        var existing: Registry?
        var session: OperatorSession?
        if !PolicySource.isNew(path) {
            let current: Registry
            do {
                current = try Registry.open(path: path, create: false)
            } catch {
                // A registry nobody can sign in to cannot be restored over: it is set aside instead.
                Output.error(TerminalText(lines: error.description))
                Output.error(
                    "To restore over it, move it (and any \(path)-wal beside it) aside, keeping it for investigation, then restore to the empty path."
                )
                throw ExitCode(error.exitStatus)
            }
            let signedIn = try signIn.start(options, registry: current)
            existing = signedIn.registry
            session = signedIn.session
        }
        let copy = try Reporting.run {
            try Registry.restore(from: file, to: path, over: existing, by: session, force: force)
        }
        if options.json {
            Output.json(copy.jsonValue)
        } else {
            Output.line(
                "Restored \(file) to \(copy.path): \(copy.events) events, head \(copy.head); the audit trail verifies\(copy.forcedPast.isEmpty ? "" : " up to what was forced")."
            )
            for problem in copy.forcedPast {
                Output.line("  forced past: \(problem)")
            }
        }
    }
}
