import ArgumentParser
import Foundation
import RAPPModel

struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Operator accounts: the people who sign in to ratui.",
        discussion:
            "Every subcommand but bootstrap and recover needs an operator whose roles grant operator.manage (change-passphrase, email and show need none for your own account). Operators are disabled, never deleted; a revoked operator stays revoked.",
        subcommands: [
            Bootstrap.self, Add.self, List.self, Show.self, Disable.self, Enable.self, SetRoles.self,
            ResetPassphrase.self, ChangePassphrase.self, Email.self,
            Unlock.self, Recover.self,
        ])

    /// Signs in, runs one change to an account, prints the account as it now is.
    static func change(
        options: GlobalOptions, signIn: SignInOptions,
        _ body: (Registry, OperatorSession, inout PassphraseReader) throws -> Operator
    ) throws {
        var signedIn = try signIn.start(options)
        let account = try Reporting.run { try body(signedIn.registry, signedIn.session, &signedIn.reader) }
        print(account, rules: signedIn.rules, json: options.json)
    }

    static func line(_ account: Operator, rules: SiteRules) -> TerminalText {
        var state = account.revokedAt.map { "revoked at \($0)" } ?? (account.isDisabled ? "disabled" : "enabled")
        if let until = account.lockedUntil { state += ", locked until \(until)" }
        let roles = account.roles.map(rules.operatorRoleName).joined(separator: ", ")
        return "\(account.name)\t\(roles)\t\(state)\t\(account.email ?? "no e-mail")"
    }

    static func print(_ account: Operator, rules: SiteRules, json: Bool) {
        if json { Output.json(account.jsonValue) } else { Output.line(line(account, rules: rules)) }
    }

    struct Bootstrap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bootstrap",
            abstract: "Create the first operator, an ra-manager, in a registry that has none.",
            discussion:
                "Refused once any operator exists. The passphrase is asked twice at the terminal, or read from stdin with --passphrase-stdin."
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("The new operator's sign-in name.", valueName: "name"))
        var name: String

        @Option(help: OperatorCommand.emailHelp)
        var email: String?

        @Flag(help: "Read the new passphrase from stdin instead of asking at the terminal.")
        var passphraseStdin = false

        func run() throws {
            let registry = try options.registry(create: true)
            let library = registry.policy
            if try Reporting.run({ try registry.operatorCount() }) > 0 {
                throw ExitCode(reporting: AccessError.alreadyBootstrapped)
            }
            var reader = PassphraseReader(fromStandardInput: passphraseStdin)
            let passphrase = try reader.readNew(for: name)
            let session = try Reporting.run { try registry.bootstrap(name: name, passphrase: passphrase, email: email) }
            if options.json {
                Output.json(session.jsonValue)
            } else {
                Output.line(
                    "Created \(session.name), \(session.roles.map(library.rules.operatorRoleName).joined(separator: ", "))."
                )
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an operator with one or more roles, while the registry has one operator manager.",
            discussion: """
                Only while no second enabled operator can manage accounts (there is nobody yet to approve): then one \
                ra-manager makes the second. From then on accounts are opened by an RA credential request that a second \
                ra-manager approves (`ratui request new ra-credential FILE`); this command is refused with \
                access.needs-request (77). With --passphrase-stdin, stdin holds your passphrase, then the new operator's.
                """)

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Option(
            name: .customLong("role"),
            help: ArgumentHelp(
                "A role to give, as the rules file names it (repeat for several); an unknown role lists the known ones.",
                valueName: "role"))
        var roles: [String] = []

        @Option(help: OperatorCommand.emailHelp)
        var email: String?

        @Argument(help: "The new operator's sign-in name.")
        var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, reader in
                let passphrase = try reader.readNew(for: name)
                return try registry.addOperator(
                    name: name, roles: roles, passphrase: passphrase, email: email, by: session)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List operator accounts.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        func run() throws {
            let signedIn = try signIn.start(options)
            let accounts = try Reporting.run { try signedIn.registry.operators(by: signedIn.session) }
            if options.json {
                Output.json(.object(["operators": .array(accounts.map(\.jsonValue))]))
            } else {
                accounts.forEach { Output.line(OperatorCommand.line($0, rules: signedIn.rules)) }
            }
        }
    }

    static let emailHelp = ArgumentHelp(
        "The operator's contact e-mail address (one plain local@domain), where notifications to them as a requester or subject go.",
        valueName: "address")

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one operator account: roles, state and contact address.",
            discussion: "Needs operator.manage, except for your own account.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            let signedIn = try signIn.start(options)
            let account = try Reporting.run { try signedIn.registry.operatorAccount(named: name, by: signedIn.session) }
            OperatorCommand.print(account, rules: signedIn.rules, json: options.json)
        }
    }

    struct Email: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "email", abstract: "Set or clear an operator's contact e-mail address.",
            discussion:
                "Notifications to an operator as a requester or subject (the holder of a revocation) go to this address; with none they are for delivery by hand. Needs operator.manage, except for your own address. Audited with the address before and after."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Remove the address: notifications to the operator are then for delivery by hand.")
        var clear = false
        @Argument(help: "The operator's name.") var name: String
        @Argument(help: ArgumentHelp("The new address (one plain local@domain).", valueName: "address"))
        var address: String?

        func validate() throws {
            guard clear != (address != nil) else {
                throw ValidationError("Give either an address or --clear.")
            }
        }

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, _ in
                try registry.setEmail(of: name, to: clear ? nil : address, by: session)
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an operator: they can no longer sign in. Not for your own account.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, _ in
                try registry.disableOperator(name, by: session)
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Enable a disabled operator again. Not for your own account.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, _ in
                try registry.enableOperator(name, by: session)
            }
        }
    }

    struct SetRoles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-roles", abstract: "Replace an operator's roles. Not for your own account.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(
            name: .customLong("role"), help: ArgumentHelp("A role to give (repeat for several).", valueName: "role"))
        var roles: [String] = []
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, _ in
                try registry.setRoles(of: name, to: roles, by: session)
            }
        }
    }

    struct ResetPassphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-passphrase", abstract: "Set a new passphrase for an operator (or yourself).",
            discussion:
                "Another operator must change the new passphrase (`operator change-passphrase`) before doing anything else: you typed it. With --passphrase-stdin, stdin holds your passphrase, then the new one."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, reader in
                let passphrase = try reader.readNew(for: name)
                return try registry.resetPassphrase(of: name, to: passphrase, by: session)
            }
        }
    }

    struct ChangePassphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change-passphrase",
            abstract: "Change your own passphrase (needed first when someone else set it).",
            discussion:
                "Asks for your passphrase, then the new one twice. With --passphrase-stdin, stdin holds your passphrase, then the new one."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        func run() throws {
            guard let name = signIn.operatorName else {
                Output.error("Sign in with --operator NAME to change your passphrase.")
                throw ExitCode(ExitStatus.usage)
            }
            let registry = try options.registry(create: false)
            var reader = signIn.makeReader()
            let current = try reader.read(prompt: "Passphrase for \(name): ")
            let session = try Reporting.run { try registry.signIn(name: name, passphrase: current) }
            let passphrase = try reader.readNew(for: name)
            let account = try Reporting.run {
                try registry.changeOwnPassphrase(current: current, to: passphrase, by: session)
            }
            OperatorCommand.print(account, rules: registry.rules, json: options.json)
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlock", abstract: "Lift a lockout after too many wrong passphrases.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The operator's name.") var name: String

        func run() throws {
            try OperatorCommand.change(options: options, signIn: signIn) { registry, session, _ in
                try registry.unlockOperator(name, by: session)
            }
        }
    }
}
