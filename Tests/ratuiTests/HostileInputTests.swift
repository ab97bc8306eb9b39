import Foundation
import GRDB
import Testing

/// Inputs that could hang ratui or make it say something untrue, given to the real binary:
/// endless and binary streams, a FIFO nobody writes, a byte order mark, impossible dates, a
/// registry that is write-locked, read-only, cut short or on a full disk.
@Suite("Hostile inputs")
struct HostileInputTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var asAlice: [String] { db + ratui.signIn }
    /// Far longer than any of these commands takes, far shorter than the registry's busy
    /// timeout (30 s): a command still running then is hanging or waiting for a lock.
    static let deadline: TimeInterval = 20

    func form(_ name: String, _ first: String, _ last: String) -> String {
        RatuiProcess.form(name: name, [("other-user", first, last)])
    }

    /// Lines of `count` forms, each with its own range.
    func lines(_ count: Int, from start: Int = 0) -> String {
        (start..<start + count).map { index in
            let octets = String(format: "%02X-%02X", (index >> 8) & 0xFF, index & 0xFF)
            return form("Org \(index)", "90-B3-D5-1F-\(octets)-00-00", "90-B3-D5-1F-\(octets)-FF-FF")
        }.joined(separator: "\n") + "\n"
    }

    func fifo(_ name: String = "fifo") throws -> String {
        let path = ratui.folder.appending(path: name).path
        try #require(mkfifo(path, 0o600) == 0)
        return path
    }

    // MARK: Passphrases on stdin

    @Test("--passphrase-stdin reading /dev/zero stops after one line's limit, 1 KiB")
    func passphraseFromDevZero() throws {
        try ratui.bootstrap()
        let zero = try #require(FileHandle(forReadingAtPath: "/dev/zero"))
        let result = try #require(
            try ratui.run(["audit", "head"] + asAlice, input: zero, timeout: Self.deadline), "hung reading /dev/zero")
        #expect(result.status == 64)
        #expect(result.stderr.contains("longer than 1024 bytes"))
    }

    @Test("a passphrase is used as soon as its line arrives, while the writer keeps stdin open")
    func passphraseWhileStdinStaysOpen() throws {
        try ratui.bootstrap()
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data((RatuiProcess.passphrase + "\n").utf8))
        defer { try? pipe.fileHandleForWriting.close() }
        let result = try #require(
            try ratui.run(["audit", "head"] + asAlice, input: pipe.fileHandleForReading, timeout: Self.deadline),
            "waited for the end of stdin")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.count == 65)
    }

    @Test("with data from -, the passphrase line comes first and the data after it: org submit -, org import -")
    func passphraseThenData() throws {
        try ratui.bootstrap()
        let submitted = try ratui.run(
            ["org", "submit", "-"] + asAlice,
            stdin: RatuiProcess.passphraseThen(form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF")))
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let imported = try ratui.run(
            ["org", "import", "-", "--json"] + asAlice,
            stdin: RatuiProcess.passphraseThen(lines(3, from: 1)))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try imported.json["stored"] as? Int == 3)
    }

    @Test("a passphrase line starting with a UTF-8 byte order mark is named as such")
    func passphraseBOM() throws {
        try ratui.bootstrap()
        let result = try ratui.run(
            ["audit", "head"] + asAlice, stdin: Data([0xEF, 0xBB, 0xBF] + Array((RatuiProcess.passphrase + "\n").utf8)))
        #expect(result.status == 64)
        #expect(result.stderr.contains("byte order mark"))
    }

    // MARK: Input files

    @Test(
        "org import of something that is not a regular file is refused at once (66)",
        arguments: ["/dev/zero", "/dev/urandom", "folder", "fifo"])
    func importNonFiles(_ name: String) throws {
        try ratui.bootstrap()
        let path: String
        switch name {
        case "folder": path = ratui.folder.path
        case "fifo": path = try fifo()
        default: path = name
        }
        let result = try #require(
            try ratui.run(
                ["org", "import", path] + asAlice, stdin: Data((RatuiProcess.passphrase + "\n").utf8),
                timeout: Self.deadline), "hung on \(name)")
        #expect(result.status == 66)
        #expect(result.stderr.contains("not a regular file"))
    }

    @Test("ranges check and org submit of a FIFO with no writer are refused, not blocked")
    func fifoForms() throws {
        try ratui.bootstrap()
        let path = try fifo()
        for arguments in [["ranges", "check", path] + db, ["org", "submit", path] + asAlice] {
            let result = try #require(
                try ratui.run(arguments, stdin: Data((RatuiProcess.passphrase + "\n").utf8), timeout: Self.deadline),
                "hung: \(arguments)")
            #expect(result.status == 66)
            #expect(result.stderr.contains("FIFO"))
        }
    }

    @Test(
        "--db naming a FIFO or a device is refused for reading and changing commands, not opened",
        arguments: ["fifo", "/dev/zero"])
    func registryNotAFile(_ name: String) throws {
        let path = name == "fifo" ? try fifo() : name
        let file = try ratui.write("one.json", form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF"))
        for arguments in [
            ["org", "list"], ["whois", "90-B3-D5-1F-30-01-00-00"], ["init"], ["ranges", "check", file],
        ] {
            let result = try #require(
                try ratui.run(arguments + ["--db", path], stdin: Data(), timeout: Self.deadline), "hung: \(arguments)")
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file"), "\(arguments): \(result.stderr)")
        }
    }

    @Test(
        "/dev/zero or /dev/urandom on stdin stop an import at the first NUL byte, saying where",
        arguments: ["/dev/zero", "/dev/urandom"])
    func binaryOnStandardInput(_ device: String) throws {
        try ratui.bootstrap()
        // The passphrase line, then the device's bytes: a shell pipes them, as a user would.
        let result = try #require(
            try ratui.run(
                [
                    "-c",
                    "{ echo '\(RatuiProcess.passphrase)'; cat \(device); } | \"$0\" org import - --db \"$1\" --operator alice --passphrase-stdin",
                    RatuiProcess.binary.path, ratui.registryPath,
                ],
                stdin: Data(), timeout: Self.deadline, binary: URL(fileURLWithPath: "/bin/sh")), "ran on without end")
        #expect(result.status == 65)
        #expect(result.stderr.contains("NUL byte"))
        #expect(result.stderr.contains("Resume from line"))
    }

    @Test("an input file that fails to read exits 66 in words, not with a Foundation error")
    func unreadableInput() throws {
        try ratui.bootstrap()
        try #require(FileManager.default.fileExists(atPath: "/proc/self/mem"))
        let result = try ratui.run(["org", "import", "/proc/self/mem"] + asAlice)
        #expect(result.status == 66)
        #expect(result.stderr.contains("cannot be read: Input/output error"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        #expect(result.stderr.contains("Resume from line 1"))
    }

    @Test("a UTF-8 byte order mark is named: in a form file and on an import line")
    func byteOrderMark() throws {
        try ratui.bootstrap()
        let bom = Data([0xEF, 0xBB, 0xBF])
        let file = ratui.folder.appending(path: "bom.json")
        try (bom + Data(form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF").utf8)).write(to: file)
        let checked = try ratui.run(["ranges", "check", file.path] + db)
        #expect(checked.status == 65)
        #expect(checked.stdout.contains("byte order mark"))
        let importFile = ratui.folder.appending(path: "bom.jsonl")
        try (bom + Data(lines(2).utf8)).write(to: importFile)
        let imported = try ratui.run(["org", "import", importFile.path] + asAlice)
        #expect(imported.status == 65)
        #expect(imported.stdout.contains("line 1: form.syntax"))
        #expect(imported.stdout.contains("byte order mark"))
    }

    @Test(
        "audit list and export refuse dates and times that do not exist",
        arguments: [
            "2025-13-99", "2025-02-30", "2025-01-01T99:99:99Z", "2025-01-01T24:00:00Z", "2025-01-01T12:60:00Z",
            "2025-01-01T12:00:60Z",
            "2025-1-01", "２０２５-01-01",
        ])
    func impossibleDates(_ text: String) throws {
        try ratui.bootstrap()
        for command in [["audit", "list"], ["audit", "export"]] {
            for option in ["--since", "--until"] {
                let result = try ratui.run(command + [option, text] + asAlice)
                #expect(result.status == 64, "\(command) \(option) \(text)")
                #expect(result.stderr.contains("real UTC date"))
            }
        }
    }

    @Test("audit list takes real dates and times, both ends inclusive")
    func realDates() throws {
        try ratui.bootstrap()
        let all = try ratui.run(
            ["audit", "list", "--since", "2000-02-29", "--until", "9999-12-31T23:59:59.999Z"] + asAlice)
        #expect(all.status == 0)
        #expect(all.stdout.contains("operator.bootstrapped"))
        let none = try ratui.run(["audit", "list", "--until", "2000-01-01T00:00:00Z"] + asAlice)
        #expect(none.status == 0 && none.stdout.isEmpty)
    }

    // MARK: The registry

    @Test("commands that only read neither wait for another process's write transaction nor take a lock")
    func readersDoNotWaitForAWriter() throws {
        try ratui.bootstrap()
        let file = try ratui.write("one.json", form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF"))
        #expect(try ratui.run(["org", "submit", file] + asAlice).status == 0)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let writer = try DatabaseQueue(path: ratui.registryPath, configuration: configuration)
        try writer.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        for arguments in [
            ["org", "list"], ["org", "show", "1"], ["whois", "90-B3-D5-1F-00-00-00-01"], ["policy", "show"],
            ["forms", "list"], ["ranges", "check", file],
        ] {
            let result = try #require(
                try ratui.run(arguments + db, stdin: Data(), timeout: Self.deadline),
                "waited for the writer: \(arguments)")
            #expect(result.status == (arguments[0] == "ranges" ? 65 : 0), "\(arguments): \(result.stderr)")
        }
    }

    @Test("on a read-only mount, reading commands work (immutable) and changing ones say the file is not writable")
    func readOnlyMount() throws {
        try #require(RatuiProcess.canMount, "skipped: needs a mount namespace (root with CAP_SYS_ADMIN and unshare)")
        try ratui.bootstrap()
        let folder = ratui.folder.path
        let readOnly = "mount --bind -o ro '\(folder)' '\(folder)'"
        let listed = try ratui.runMounted(readOnly, ["org", "list", "--json"] + db)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try ratui.runMounted(readOnly, ["policy", "show"] + db).status == 0)
        let file = try ratui.write("one.json", form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF"))
        let submitted = try ratui.runMounted(readOnly, ["org", "submit", file] + asAlice)
        #expect(submitted.status == 74)
        #expect(submitted.stderr.contains("not writable (Read-only file system)"))
        #expect(!submitted.stderr.contains("not a ratui registry"))
    }

    @Test(
        "a read-only registry file, and a registry in a read-only folder, can be read; changing them says why not",
        arguments: ["file", "folder"])
    func readOnlyFileAndFolder(_ which: String) throws {
        try #require(
            RatuiProcess.permissionsApply || RatuiProcess.canRunAsNobody,
            "skipped: running as root without setpriv, so nothing is read-only")
        try ratui.bootstrap()
        let file = try ratui.write("one.json", form("One", "90-B3-D5-1F-00-00-00-00", "90-B3-D5-1F-00-00-FF-FF"))
        let registryFolder = ratui.folder.appending(path: "ro")
        try FileManager.default.createDirectory(at: registryFolder, withIntermediateDirectories: true)
        let path = registryFolder.appending(path: "registry.sqlite").path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: ratui.registryPath + suffix) {
            try FileManager.default.moveItem(atPath: ratui.registryPath + suffix, toPath: path + suffix)
        }
        ratui.giveToUnprivileged(ratui.folder)
        chmod(path, which == "file" ? 0o400 : 0o600)
        chmod(registryFolder.path, which == "file" ? 0o700 : 0o500)
        defer { chmod(registryFolder.path, 0o700) }
        let listed = try ratui.runUnprivileged(["org", "list", "--db", path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try ratui.runUnprivileged(["whois", "90-B3-D5-1F-00-00-00-01", "--db", path]).status == 1)
        let submitted = try ratui.runUnprivileged(["org", "submit", file, "--db", path] + ratui.signIn)
        #expect(submitted.status == 74)
        #expect(
            submitted.stderr.contains("read-only") || submitted.stderr.contains("not writable"), "\(submitted.stderr)")
        #expect(!submitted.stderr.contains("not a ratui registry"))
    }

    @Test("a registry cut short is reported as damaged, not as another application's file")
    func truncatedRegistry() throws {
        try ratui.bootstrap()
        let copy = ratui.folder.appending(path: "cut.sqlite").path
        try FileManager.default.copyItem(atPath: ratui.registryPath, toPath: copy)
        try #require(truncate(copy, 50_000) == 0)
        for arguments in [["org", "list"], ["init"]] {
            let result = try ratui.run(arguments + ["--db", copy])
            #expect(result.status == 74)
            #expect(result.stderr.contains("is damaged (it is cut short"), "\(result.stderr)")
        }
    }

    @Test("a full disk stops an import: what was stored is kept and said, with the line to resume from")
    func fullDisk() throws {
        try #require(
            RatuiProcess.canMount,
            "skipped: needs a mount namespace (root with CAP_SYS_ADMIN and unshare) for a small disk")
        let disk = ratui.folder.appending(path: "disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let registry = disk.appending(path: "registry.sqlite").path
        let input = try ratui.write("many.jsonl", lines(6_000))
        let small = "mount -t tmpfs -o size=5m tmpfs '\(disk.path)'"
        let script =
            "\(small) && printf '%s\\n' '\(RatuiProcess.passphrase)' | \"$0\" operator bootstrap --name alice --passphrase-stdin --db '\(registry)' >/dev/null"
            + " && printf '%s\\n' '\(RatuiProcess.passphrase)' | \"$0\" org import '\(input)' --db '\(registry)' --operator alice --passphrase-stdin;"
            + " echo \"status=$?\"; \"$0\" org list --db '\(registry)' | wc -l"
        let result = try ratui.run(
            ["-m", "/bin/sh", "-c", script, RatuiProcess.binary.path], binary: URL(fileURLWithPath: "/usr/bin/unshare"))
        #expect(result.stdout.contains("status=74"), "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("the disk is full"))
        // Batches of 2,000 lines: the first fits in 5 MB, the second does not.
        #expect(result.stdout.contains("2000 lines before the stop: 2000 stored, 0 rejected."))
        #expect(result.stderr.contains("Resume from line 2001"))
        #expect(result.stdout.hasSuffix("2000\n"), "reading after the full disk: \(result.stdout)")
    }
}
