import Foundation

/// A real terminal for end-to-end tests: a detached tmux session on a private server socket.
///
/// Tests poll what the pane shows until the expected text appears, with a deadline, instead of
/// sleeping fixed times: quick on a fast machine, patient on a busy CI machine.
final class Tmux {
    let socket = "ratui-test-\(UUID().uuidString.prefix(8))"
    let session = "t"

    /// Where the built binaries are: beside the test bundle.
    static var binaries: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    static var ratui: URL { binaries.appending(path: "ratui") }

    static func requireTools() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || which("tmux") != nil else {
            throw TestFailure("tmux is not installed; the end-to-end tests need it (apt-get install -y tmux).")
        }
        guard FileManager.default.isExecutableFile(atPath: ratui.path) else {
            throw TestFailure("the ratui binary is not at \(ratui.path); build it with `swift build` first.")
        }
    }

    static func which(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts `command` (a shell command line) in an 80x24 pane.
    init(command: String, width: Int = 80, height: Int = 24) throws {
        try Self.requireTools()
        try run(
            ["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command],
            captureOutput: false)
    }

    deinit {
        _ = try? run(["kill-server"], captureOutput: false)
    }

    /// Runs a tmux command on this test's server. The command that starts the server must not
    /// capture output: the server would inherit the pipe and it would never reach end of file.
    @discardableResult
    func run(_ arguments: [String], captureOutput: Bool = true) throws -> String {
        let tmux = Self.which("tmux") ?? "/usr/bin/tmux"
        return try Subprocess.run(tmux, ["-L", socket] + arguments, capture: captureOutput).output
    }

    /// Sends named keys (`Tab`, `Enter`, `C-s`, `F2`, `Escape`...).
    func keys(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", session])
    }

    /// Whether the pane is showing the alternate screen (a full-screen program still has it).
    func alternateScreenOn() throws -> Bool {
        try run(["display-message", "-p", "-t", session, "#{alternate_on}"]).trimmingCharacters(
            in: .whitespacesAndNewlines) == "1"
    }

    /// Waits until the pane shows `text`; fails with the pane's content after `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        try waitFor(all: [text], timeout: timeout)
    }

    /// Waits until one capture of the pane shows every one of `texts`: a screen that ncurses is
    /// still drawing can show the first line of a message before the rest.
    @discardableResult
    func waitFor(all texts: [String], timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if texts.allSatisfy(screen.contains) { return screen }
            usleep(20_000)
        }
        let wanted = texts.map { "\"\($0)\"" }.joined(separator: " and ")
        throw TestFailure("timed out waiting for \(wanted); the pane shows:\n\(screen)")
    }
}

/// Runs the built ratui binary directly (no terminal), for checking the registry afterwards.
func runRatui(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try Subprocess.run(Tmux.ratui.path, arguments)
}

/// Runs the built ratui binary with `lines` on its standard input: the passphrases
/// `--passphrase-stdin` reads, the signed-in operator's first.
func runRatui(_ arguments: [String], stdin lines: [String]) throws -> (status: Int32, output: String) {
    let quoted = ([Tmux.ratui.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let input = lines.map { "'\($0)'" }.joined(separator: " ")
    return try Subprocess.run("/bin/sh", ["-c", "printf '%s\\n' \(input) | \(quoted)"])
}

extension Tmux {
    /// Signs in on the sign-in screen as a person types, and waits for Home.
    func signIn(as name: String, passphrase: String) throws {
        try waitFor("Sign in with your operator name")
        try type(name)
        try keys("Tab")
        try type(passphrase)
        try keys("Enter")
        try waitFor("What would you like to do?")
    }

    /// Types each value into the focused field and moves on with Tab.
    func fill(_ values: [String]) throws {
        for value in values {
            if !value.isEmpty { try type(value) }
            try keys("Tab")
        }
    }
}
