import Foundation

/// Runs the built `ratui` binary, as a script or a person would, and captures what it did.
struct RatuiProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The bytes written, exactly: `stdout` and `stderr` decode them, repairing invalid UTF-8.
        var stdoutBytes = Data()
        var stderrBytes = Data()

        /// stdout parsed as the one JSON document `--json` promises.
        var json: [String: Any] {
            get throws {
                let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
                guard let object = value as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
                return object
            }
        }
    }

    /// The binary next to the test bundle: `swift test` builds it with the tests.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "ratui")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appending(path: ".build/debug/ratui")
    }()

    /// The folder that holds every test's folder in this process, removed when the process exits,
    /// so a test run leaves nothing behind in the temporary folder.
    static let temporaryRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appending(path: "ratui-e2e-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: RatuiProcess.temporaryRoot) }
        return url
    }()

    /// A folder for one test: its registry and files, removed when the process exits.
    let folder: URL = {
        let url = RatuiProcess.temporaryRoot.appending(path: UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    var registryPath: String { folder.appending(path: "registry.sqlite").path }

    /// Environment without the caller's ratui settings, so tests never touch a real registry.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["RATUI_DB"] = nil
        environment["RATUI_FORMS"] = nil
        environment["HOME"] = folder.path
        environment["XDG_DATA_HOME"] = folder.appending(path: "data").path
        return environment
    }

    /// The passphrase of the operator `bootstrap` creates.
    static let passphrase = "correct horse battery staple"

    /// Sign-in arguments for the operator `bootstrap` creates; `run` then feeds the passphrase.
    let signIn = ["--operator", "alice", "--passphrase-stdin"]

    /// Creates the ra-manager "alice" in this test's registry (or the one `--db` names).
    @discardableResult
    func bootstrap(_ db: [String]? = nil) throws -> Result {
        let result = try run(
            ["operator", "bootstrap", "--name", "alice", "--passphrase-stdin"] + (db ?? ["--db", registryPath]))
        precondition(result.status == 0, result.stderr)
        return result
    }

    /// Runs ratui to completion; stdout and stderr go to files, so no pipe can fill and block it.
    /// With `--passphrase-stdin` and no other input, stdin holds the test passphrase.
    @discardableResult
    func run(
        _ arguments: [String], stdin: Data? = nil, environment extra: [String: String] = [:], directory: URL? = nil,
        binary: URL = RatuiProcess.binary
    ) throws -> Result {
        let running = try launch(arguments, stdin: stdin, environment: extra, directory: directory, binary: binary)
        return running.wait()
    }

    /// A started ratui process and the files its output goes to.
    struct Running {
        let process: Process
        let stdout: URL
        let stderr: URL

        func wait() -> Result {
            process.waitUntilExit()
            let out = (try? Data(contentsOf: stdout)) ?? Data()
            let err = (try? Data(contentsOf: stderr)) ?? Data()
            return Result(
                status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                stderr: String(decoding: err, as: UTF8.self),
                stdoutBytes: out, stderrBytes: err)
        }
    }

    /// Starts ratui without waiting for it.
    func launch(
        _ arguments: [String], stdin: Data? = nil, environment extra: [String: String] = [:], directory: URL? = nil,
        binary: URL = RatuiProcess.binary
    ) throws -> Running {
        let process = start(arguments, environment: extra, directory: directory, binary: binary)
        let stdin = stdin ?? (arguments.contains("--passphrase-stdin") ? Data((Self.passphrase + "\n").utf8) : nil)
        let id = UUID().uuidString
        let stdout = folder.appending(path: ".out-\(id)")
        let stderr = folder.appending(path: ".err-\(id)")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    func start(
        _ arguments: [String], environment extra: [String: String] = [:], directory: URL? = nil,
        binary: URL = RatuiProcess.binary
    ) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = directory ?? folder
        return process
    }

    /// Writes a file into this test's folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// An A1 form file's text with the given name and ranges.
    static func form(name: String = "Northwind Energy Ltd", _ ranges: [(String, String, String)]) -> String {
        let rows = ranges.map { #"{"role":"\#($0.0)","first":"\#($0.1)","last":"\#($0.2)"}"# }.joined(separator: ",")
        let escapedName = name.unicodeScalars.map { scalar -> String in
            if scalar == "\"" { return "\\\"" }
            if scalar == "\\" { return "\\\\" }
            if scalar.value < 0x20 { return String(format: "\\u%04x", scalar.value) }
            return String(scalar)
        }.joined()
        return """
            {"form":"A1","organisation":{"legalName":"\(escapedName)","companyNumber":"01234567","registeredAddress":"1 High St\\nLondon",\
            "secPartyId":"NWE01","contactName":"Ann Lee","contactEmail":"ann@example.org","contactPhone":"+44 20 7946 0000",\
            "sroName":"Bob Ray","sroJobTitle":"CEO","sroEmail":"bob@example.org","sroPhone":"020 7946 0001","dateSigned":"2026-11-20"},\
            "userRoleRanges":[\(rows)]}
            """
    }
}
