import ArgumentParser

/// The `ratui` command: SMKI Registration Authority operations under SEC Appendix D (the RAPP).
@main
struct Ratui: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratui",
        abstract: "SMKI Registration Authority operations under SEC Appendix D (the RAPP).",
        discussion: """
            Exit codes: 0 success, 1 nothing found (whois), 64 usage error, 65 invalid data, \
            66 input file missing or unreadable, 70 internal error, 74 registry I/O error, 77 sign-in failed or not permitted.
            Registry: --db PATH, else $RATUI_DB, else $XDG_DATA_HOME/ratui/registry.sqlite.
            Policy: stored in the registry (`ratui policy`). A command that creates a registry stores --forms DIR \
            (else $RATUI_FORMS, else the built-in definitions) as its first policy; given for an existing registry, \
            --forms and $RATUI_FORMS are refused.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, RangesCommand.self, OrganisationCommand.self, WhoisCommand.self, CSRCommand.self,
            CertCommand.self, FormsCommand.self,
            OperatorCommand.self, AuditCommand.self, PolicyCommand.self, RequestCommand.self, CredentialCommand.self,
            NotifyCommand.self, BackupCommand.self, RestoreCommand.self, TUICommand.self, DemoCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    /// Parses and runs the command. An error a command did not report itself is reported here,
    /// through the same mapping as every other (`ExitCode(reporting:)`), never as a bare "Error:".
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseCommandLine(Array(CommandLine.arguments.dropFirst()))
        } catch {
            exitReporting(parsingError: error)
        }
        do {
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch  where exitCode(for: error) == .success {
            // Help asked of a command that only groups others (`ratui --help` reaches `run`
            // through the default subcommand's parent): the argument parser prints it.
            Self.exit(withError: error)
        } catch {
            Self.exit(withError: ExitCode(reporting: error))
        }
    }

    /// Ends with an argument-parsing error written through `Output`, since its message may quote
    /// an argument as typed. Help, the version and completion scripts (exit 0) are ratui's own
    /// text and are printed as the argument parser prints them.
    static func exitReporting(parsingError error: any Error) -> Never {
        let status = exitCode(for: error)
        guard status != .success else { exit(withError: error) }
        let message = fullMessage(for: error)
        if !message.isEmpty { Output.writeError(TerminalText(lines: message) + "\n") }
        exit(withError: status)
    }
}
