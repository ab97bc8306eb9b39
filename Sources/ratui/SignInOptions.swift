import ArgumentParser
import Foundation
import RAPPModel

/// `--operator NAME` and how to read passphrases: the sign-in every changing command needs.
struct SignInOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: ArgumentHelp("Sign in as this operator.", valueName: "name"))
    var operatorName: String?

    @Flag(help: "Read passphrases from stdin, one per line (for scripts), instead of asking at the terminal without echo.")
    var passphraseStdin = false

    /// Signs in, or exits: 64 without --operator, 77 when sign-in fails.
    func signIn(_ registry: Registry, rules: SiteRules, reader: inout PassphraseReader) throws -> OperatorSession {
        guard let name = operatorName else {
            Output.error("This command changes or reads protected data: sign in with --operator NAME.")
            throw ExitCode(ExitStatus.usage)
        }
        let passphrase = try reader.read(prompt: "Passphrase for \(Output.safe(name)): ")
        return try Access.run { try registry.signIn(name: name, passphrase: passphrase, rules: rules) }
    }

    func makeReader() -> PassphraseReader { PassphraseReader(fromStandardInput: passphraseStdin) }

    /// Loads the forms, opens the registry and signs in: how every protected command starts.
    /// The reader is returned too, for commands that read a further passphrase after the operator's.
    func start(_ options: GlobalOptions, create: Bool = false) throws -> SignedIn {
        let library = try options.library()
        let registry = try options.registry(create: create)
        var reader = makeReader()
        let session = try signIn(registry, rules: library.rules, reader: &reader)
        return SignedIn(registry: registry, session: session, library: library, reader: reader)
    }
}

/// What a protected command works with once its operator has signed in.
struct SignedIn {
    let registry: Registry
    let session: OperatorSession
    let library: FormLibrary
    var reader: PassphraseReader
    var rules: SiteRules { library.rules }
}

/// Maps access and registry errors to messages and exit codes, the same way for every command.
enum Access {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AccessError {
            Output.error(error.description)
            switch error {
            case .invalid, .unknownOperator, .alreadyBootstrapped, .passphrasesDiffer:
                throw ExitCode(ExitStatus.invalidData)
            case .signInFailed, .notPermitted, .selfChange, .lastManager:
                throw ExitCode(ExitStatus.noPermission)
            }
        } catch let error as RegistryError {
            Output.error(error.description)
            if case .notFound = error { throw ExitCode(ExitStatus.inputMissing) }
            throw ExitCode(ExitStatus.ioError)
        } catch let error as ExitCode {
            throw error
        } catch {
            Output.error("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
    }
}
