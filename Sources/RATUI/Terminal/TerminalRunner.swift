import CNcursesShim
import Glibc
import RAPPModel

/// Runs the app on the real terminal: locale, checks, ncurses, the key loop, and a clean exit.
public enum TerminalRunner {
    public enum Failure: Error, CustomStringConvertible {
        /// stdin or stdout is not a terminal (a pipe, a file, cron).
        case notATerminal(String)
        case cannotStart(NcursesTerminal.StartError)
        /// The rest of the policy, read after the first frame, is refused as an open reading all
        /// of it would have refused it: the interface stops before anyone can act.
        case policy(RegistryError)

        public var description: String {
            switch self {
            case .notATerminal(let which):
                "\(which) is not a terminal. The full-screen interface needs one; in scripts use the subcommands (ratui --help lists them)."
            case .cannotStart(let error):
                error.description
            case .policy(let error):
                error.description
            }
        }
    }

    /// Sets the locale from the environment, falling back to C.UTF-8 when that is not UTF-8
    /// (otherwise wide characters show as mojibake and borders as `lqqk`). Call first thing.
    public static func prepareLocale() {
        _ = setlocale(LC_ALL, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        if codeset.uppercased().filter({ $0 != "-" }) != "UTF8" {
            _ = setlocale(LC_ALL, "C.UTF-8")
        }
    }

    /// Has `paths` removed, in order, if ratui dies by a signal while the terminal is in use (the
    /// terminal hangs up, SIGTERM, a crash): a throw-away registry's files, then its folder.
    public static func removeIfKilled(_ paths: [String]) {
        for path in paths { _ = ratui_guard_remove_on_signal(path) }
    }

    /// Refuses to start unless both stdin and stdout are terminals.
    public static func checkTerminal() throws(Failure) {
        if isatty(STDIN_FILENO) != 1 { throw .notATerminal("Standard input") }
        if isatty(STDOUT_FILENO) != 1 { throw .notATerminal("Standard output") }
    }

    /// Runs until the app quits. The terminal is restored on return, on a crash (the signal
    /// guard) and on SIGTERM, SIGHUP and SIGINT.
    ///
    /// `RATUI_TEST_CRASH=1` makes F12 crash the program on purpose: the end-to-end tests use it
    /// to prove the terminal comes back sane after a crash. It does nothing otherwise.
    /// An environment with the policy's rules alone (`AppEnvironment.init(rules:…)`) draws the
    /// first frame with them, then has the registry read the rest of its policy, before any key.
    ///
    /// `RATUI_BENCHMARK_FIRST_FRAME=1` quits as soon as the first full frame is on the terminal,
    /// before the rest of the policy is read: `scripts/benchmark-tui` times start-up with it.
    public static func run(
        start screen: any Screen, session: OperatorSession? = nil, environment: AppEnvironment,
        effects: RegistryEffects,
        processEnvironment: [String: String]
    ) throws(Failure) {
        try checkTerminal()
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal(theme: environment.theme, environment: processEnvironment)
        } catch {
            throw .cannotStart(error)
        }
        defer { terminal.end() }
        let crashOnF12 = processEnvironment["RATUI_TEST_CRASH"] == "1"
        let size = terminal.size
        var driver = AppDriver(
            start: screen, session: session, environment: environment, effects: effects, width: size.width,
            height: size.height)
        terminal.draw(driver.app.view())
        if processEnvironment["RATUI_BENCHMARK_FIRST_FRAME"] == "1" { return }
        if !environment.hasWholePolicy {
            do {
                try effects.registry.readWholePolicy()
            } catch {
                throw .policy(error)
            }
            driver.send(.policyRead(effects.registry.policy))
        }
        while !driver.finished {
            guard let event = terminal.read() else { continue }
            switch event {
            case .key(.function(12)) where crashOnF12:
                fatalError("RATUI_TEST_CRASH: crashing on purpose to test that the terminal is restored")
            case .key(let key):
                driver.send(.key(key))
            case .resize(let width, let height):
                driver.send(.resize(width: width, height: height))
                terminal.repaintNextDraw()
            case .idle:
                // Drawn after every tick: the lock may have come, or another operator's change
                // been read (an unchanged frame costs no output).
                driver.tick()
            case .inputClosed:
                // Hung up: nobody is there to save or answer questions. Unsaved typing is lost,
                // as it would be with the terminal; everything stored is already committed.
                return
            }
            if driver.redrawRequested {
                terminal.repaintNextDraw()
                driver.redrawRequested = false
            }
            if !driver.finished { terminal.draw(driver.app.view()) }
        }
    }
}
