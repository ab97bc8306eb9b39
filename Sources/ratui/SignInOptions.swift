import ArgumentParser
import Foundation
import RAPPModel

/// `--operator NAME` and how to read passphrases: the sign-in every changing command needs.
struct SignInOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: ArgumentHelp("Sign in as this operator.", valueName: "name"))
    var operatorName: String?

    @Flag(
        help: "Read passphrases from stdin, one per line (for scripts), instead of asking at the terminal without echo."
    )
    var passphraseStdin = false

    /// Signs in, or exits: 64 without --operator, 77 when sign-in fails.
    func signIn(_ registry: Registry, reader: inout PassphraseReader) throws -> OperatorSession {
        guard let name = operatorName else {
            Output.error("This command changes or reads protected data: sign in with --operator NAME.")
            throw ExitCode(ExitStatus.usage)
        }
        let passphrase = try reader.read(prompt: "Passphrase for \(name): ")
        return try Reporting.run { try registry.signIn(name: name, passphrase: passphrase) }
    }

    func makeReader() -> PassphraseReader { PassphraseReader(fromStandardInput: passphraseStdin) }

    /// Loads the forms, opens the registry and signs in: how every protected command starts.
    /// The reader is returned too, for commands that read a further passphrase after the operator's.
    func start(_ options: GlobalOptions, create: Bool = false) throws -> SignedIn {
        try start(options, registry: options.registry(create: create))
    }

    /// `start` on a registry already open, with a reader that may have read ahead (see
    /// `PassphraseReader.readAheadFromStandardInput`).
    func start(_ options: GlobalOptions, registry: Registry, reader: PassphraseReader? = nil) throws -> SignedIn {
        var reader = reader ?? makeReader()
        let session = try signIn(registry, reader: &reader)
        return SignedIn(registry: registry, session: session, reader: reader)
    }
}

/// What a protected command works with once its operator has signed in.
struct SignedIn {
    let registry: Registry
    let session: OperatorSession
    var reader: PassphraseReader
    /// The registry's policy.
    var library: FormLibrary { registry.policy }
    var rules: SiteRules { registry.rules }
}
