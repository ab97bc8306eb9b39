import ArgumentParser
import Foundation
import RAPPModel
import RATUI
import Synchronization

/// Options of the full-screen interface: where things are, and how it looks.
struct TUIOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The registry file.", valueName: "path"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only when the registry is created now: the folder of form definitions and rules to store as its first policy.",
            valueName: "dir"))
    var forms: String?

    @Flag(name: .long, help: "No colour (also when NO_COLOR is set).")
    var mono = false

    @Flag(
        name: .long,
        help:
            "Plain: ASCII borders, labels before values, cursor on the focused field (screen readers, dumb terminals).")
    var plain = false

    /// Sets the locale and refuses to go on without a terminal (exit 64), before anything else.
    func prepareTerminal() throws {
        TerminalRunner.prepareLocale()
        do {
            try TerminalRunner.checkTerminal()
        } catch {
            Output.error(TerminalText(lines: error.description))
            throw ExitCode(ExitStatus.usage)
        }
    }

    func theme(environment: [String: String]) -> Theme {
        Theme.choose(plain: plain, mono: mono, environment: environment)
    }

    /// Opens the terminal UI on `registry`: at Home for an operator already signed in, otherwise
    /// at sign-in (or, in a registry with no operators, at creating the first RA Manager).
    func run(registry: Registry, title: String, session: OperatorSession? = nil, hint: String? = nil) throws {
        // What the screens show and check as fields are typed; every change is checked again, in
        // its transaction, under the registry's policy as it is then.
        // RATUI_TEST_IDLE_LOCK_SECONDS (end-to-end tests only) locks after that many idle seconds.
        let processEnvironment = ProcessInfo.processInfo.environment  // copied once: it is not cheap
        let idleLock = processEnvironment["RATUI_TEST_IDLE_LOCK_SECONDS"].flatMap(Double.init)
        let theme = theme(environment: processEnvironment)
        // A registry opened with its rules alone draws the sign-in screen with them; the runner
        // reads the rest of the policy before the first key.
        let environment =
            registry.policyParts == .rules
            ? AppEnvironment(
                rules: registry.rules, theme: theme, registryPath: title, signInHint: hint, idleLockSeconds: idleLock)
            : AppEnvironment(
                library: registry.policy, theme: theme, registryPath: title, signInHint: hint,
                idleLockSeconds: idleLock)
        let effects = RegistryEffects(registry: registry)
        // stderr would draw over the screen: anchor failures are told when the interface closes.
        let anchorFailures = Mutex<[AnchorFailure]>([])
        registry.onAnchorFailure { failure in anchorFailures.withLock { $0.append(failure) } }
        defer { anchorFailures.withLock { $0 }.forEach { Output.error("ratui: \($0.description)") } }
        let start: any Screen
        if session != nil {
            start = HomeScreen()
        } else {
            let empty = try Reporting.run { try registry.operatorCount() } == 0
            start = SignInScreen(mode: empty ? .createFirstManager : .signIn)
        }
        do {
            try TerminalRunner.run(
                start: start, session: session, environment: environment, effects: effects,
                processEnvironment: processEnvironment)
        } catch .policy(let error) {
            // As an open reading the whole policy would have reported it.
            throw ExitCode(reporting: error)
        } catch {
            Output.error(TerminalText(lines: error.description))
            throw ExitCode(ExitStatus.usage)
        }
    }
}

/// `ratui` on a terminal: the full-screen interface on the registry (created if missing).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen interface (the default when ratui runs with no subcommand).",
        discussion: "Needs a terminal on stdin and stdout; otherwise exits 64. Creates the registry if it is missing.")

    @OptionGroup var options: TUIOptions

    func run() throws {
        try options.prepareTerminal()
        let path = RegistryLocation.resolve(explicit: options.db)
        // The sign-in screen needs the policy's rules alone: the rest is read after it is drawn.
        let registry = try PolicySource(option: options.forms).open(path: path, create: true, parts: .rules)
        try options.run(registry: registry, title: path)
    }
}

/// `ratui demo`: the interface on a throw-away registry of sample organisations.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Explore the interface on a throw-away registry filled with sample organisations.",
        discussion: "The registry lives in a temporary folder and is deleted on exit.")

    @OptionGroup var options: TUIOptions

    func run() throws {
        try options.prepareTerminal()
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "ratui-demo-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "registry.sqlite").path
        // A hang-up or kill skips the defer: the signal handlers remove the registry instead.
        TerminalRunner.removeIfKilled(["", "-wal", "-shm", "-journal"].map { path + $0 } + [folder.path])
        let registry = try PolicySource(option: options.forms).open(path: path, create: true)
        let session = try Reporting.run { try DemoOrganisations.fill(registry) }
        // The demo starts signed in as its throw-away operator; the idle lock asks for this passphrase.
        try options.run(
            registry: registry, title: "demo (throw-away): \(path)", session: session,
            hint: "Demo: operator \(DemoOrganisations.operatorName), passphrase \"\(DemoOrganisations.passphrase)\".")
    }
}
