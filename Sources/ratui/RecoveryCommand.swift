import ArgumentParser
import Foundation
import RAPPModel

extension OperatorCommand {
    /// `ratui operator recover`: a new ra-manager after a revocation left none, on the sign-ins of
    /// other operators (one of them a PMA member, as the rules file's `revocation.recovery` says).
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover",
            abstract: "Create one new ra-manager when a revocation left no enabled one (recovery).",
            discussion: """
                Only in recovery. Each --operator signs in with their own passphrase: at least two other \
                operators, one of them a PMA member (the rules file's revocation.recovery). With \
                --passphrase-stdin, stdin holds their passphrases in order, then the new operator's.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("The new ra-manager's sign-in name.", valueName: "name"))
        var name: String

        @Option(
            name: .customLong("operator"),
            help: ArgumentHelp("An operator who signs in to allow it (repeat: at least two).", valueName: "name"))
        var operators: [String] = []

        @Flag(
            help:
                "Read passphrases from stdin, one per line (for scripts), instead of asking at the terminal without echo."
        )
        var passphraseStdin = false

        func run() throws {
            let registry = try options.registry(create: false)
            guard try Reporting.run({ try registry.isInRecovery() }) else {
                throw ExitCode(reporting: RevocationError.notInRecovery)
            }
            guard !operators.isEmpty else {
                Output.error("Recovery needs the sign-ins of other operators: give each with --operator NAME.")
                throw ExitCode(ExitStatus.usage)
            }
            var reader = PassphraseReader(fromStandardInput: passphraseStdin)
            var sessions: [OperatorSession] = []
            for operatorName in operators {
                let passphrase = try reader.read(prompt: "Passphrase for \(operatorName): ")
                sessions.append(try Reporting.run { try registry.signIn(name: operatorName, passphrase: passphrase) })
            }
            let passphrase = try reader.readNew(for: name)
            let account = try Reporting.run {
                try registry.recover(name: name, passphrase: passphrase, signedIn: sessions)
            }
            if options.json {
                Output.json(account.jsonValue)
            } else {
                Output.line(
                    "Created \(account.name), \(account.roles.map(registry.rules.operatorRoleName).joined(separator: ", ")), on the sign-ins of \(sessions.map(\.name).joined(separator: " and "))."
                )
            }
        }
    }
}
