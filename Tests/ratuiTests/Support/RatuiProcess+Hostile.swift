import Foundation

/// Running ratui where it could hang, and where the machine is not as usual: stdin from a file
/// or a pipe kept open, a deadline, another user, a mount namespace.
extension RatuiProcess {
    /// Runs ratui with stdin read from `input` (/dev/zero, or a pipe the test keeps open) and
    /// waits at most `timeout` seconds. Nil when it was still running and had to be killed: a hang.
    func run(_ arguments: [String], input: FileHandle, timeout: TimeInterval, binary: URL = RatuiProcess.binary) throws
        -> Result?
    {
        let process = start(arguments, binary: binary)
        let id = UUID().uuidString
        let stdout = folder.appending(path: ".out-\(id)")
        let stderr = folder.appending(path: ".err-\(id)")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = input
        try process.run()
        let running = Running(process: process, stdout: stdout, stderr: stderr)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return running.wait()
    }

    /// `run` with stdin holding `stdin` and then closed, killed after `timeout` seconds.
    func run(_ arguments: [String], stdin: Data, timeout: TimeInterval, binary: URL = RatuiProcess.binary) throws
        -> Result?
    {
        let file = folder.appending(path: ".in-\(UUID().uuidString)")
        try stdin.write(to: file)
        return try run(arguments, input: FileHandle(forReadingFrom: file), timeout: timeout, binary: binary)
    }

    /// The passphrase line `run` gives with --passphrase-stdin, followed by `data`.
    static func passphraseThen(_ data: String) -> Data { Data((passphrase + "\n" + data).utf8) }

    /// Whether this process may make a mount namespace and mount in it (root with
    /// CAP_SYS_ADMIN, `unshare` installed): needed for a read-only mount and a full disk.
    static let canMount: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "-m", "/bin/sh", "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Runs ratui in a new mount namespace after `setup` (shell commands such as a read-only bind
    /// mount), so the test machine's mounts are never touched.
    func runMounted(_ setup: String, _ arguments: [String], stdin: Data? = nil) throws -> Result {
        try run(
            ["-m", "/bin/sh", "-c", "\(setup) && exec \"$0\" \"$@\"", RatuiProcess.binary.path] + arguments,
            stdin: stdin, binary: URL(fileURLWithPath: "/usr/bin/unshare"))
    }

    /// Whether permissions bind this process: false for root, who reads and writes any file.
    static var permissionsApply: Bool { getuid() != 0 }

    /// Whether tests running as root can run ratui as the unprivileged user `nobody`.
    static let canRunAsNobody: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// Runs ratui as this user when permissions bind it, else (as root) as `nobody` through
    /// setpriv, after giving the test's folder to nobody: so that a read-only file or folder is one.
    func runUnprivileged(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        guard !Self.permissionsApply else { return try run(arguments, stdin: stdin) }
        return try run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", RatuiProcess.binary.path] + arguments,
            stdin: stdin, binary: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    /// Gives every file under `url` to `nobody` when running as root (see `runUnprivileged`).
    func giveToUnprivileged(_ url: URL) {
        guard !Self.permissionsApply else { return }
        let paths =
            [url.path] + ((FileManager.default.subpaths(atPath: url.path) ?? []).map { url.appending(path: $0).path })
        for path in paths { chown(path, 65534, 65534) }
    }
}
