import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// Opening an existing registry takes no write and no writing connection: its policy is read on
/// the connection that inspected it, and the pool opens at the first write.
@Suite("Registry connections")
struct RegistryConnectionTests {
    /// An existing registry with one organisation and its ra-manager, closed.
    static func existing() throws -> String {
        let registry = try Fixtures.registry()
        _ = try registry.submit(Fixtures.form(name: "One", 0x1000, 0x1FFF))
        let path = registry.path
        try registry.closeConnections()
        return path
    }

    @Test("an existing registry opens while another process holds the write lock, and writes once it is released")
    func opensWhileLocked() throws {
        let path = try Self.existing()
        let lock = try WriteLock(path: path)
        let started = Date()
        let registry = try Registry.open(path: path, create: true)
        // The usual open waited for the lock (30 s busy timeout) to store or read its policy.
        #expect(Date().timeIntervalSince(started) < Registry.busyTimeout / 3)
        #expect(try registry.operatorCount() == 1)
        #expect(try registry.counts().organisations == 1)
        #expect(registry.policyParts == .all && registry.storedPolicy.version == 1)
        lock.release()
        _ = try registry.submit(Fixtures.form(name: "Two", 0x3000, 0x3FFF))
        #expect(try registry.counts().organisations == 2)
        let (mode, foreignKeys) = try registry.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal" && foreignKeys == 1)
        try registry.closeConnections()
        #expect(try Registry.openReadOnly(path: path).counts().organisations == 2)
    }

    @Test("another process's change is read by a registry opened before it, before and after its own first write")
    func seesOtherProcessesChanges() throws {
        let path = try Self.existing()
        let first = try Registry.open(path: path, create: false)
        let second = try Registry.open(path: path, create: false)
        _ = try second.submit(Fixtures.form(name: "Two", 0x3000, 0x3FFF))
        #expect(try first.counts().organisations == 2)
        _ = try first.submit(Fixtures.form(name: "Three", 0x5000, 0x5FFF))
        #expect(try second.counts().organisations == 3)
        #expect(try first.counts().organisations == 3)
    }

    @Test("closing leaves no write-ahead log beside the file")
    func closeFoldsTheLog() throws {
        let path = try Self.existing()
        let registry = try Registry.open(path: path, create: false)
        _ = try registry.submit(Fixtures.form(name: "Two", 0x3000, 0x3FFF))
        try registry.closeConnections()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a registry whose stored policy was changed behind ratui's back is refused without a write lock too")
    func tamperedPolicyRefused() throws {
        let path = try Self.existing()
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(sql: "DROP TRIGGER policy_file_no_update")
            try db.execute(
                sql: "UPDATE policy_file SET content = content || ' ' WHERE path = ?",
                arguments: ["A1-organisation-information.json"])
        }
        try other.close()
        #expect {
            try Registry.open(path: path, create: true)
        } throws: { error in
            (error as? RegistryError)?.code == "registry.policy" && "\(error)".contains("changed outside ratui")
        }
    }
}

/// Another connection holding the registry's write lock (an IMMEDIATE transaction) until released.
final class WriteLock: Sendable {
    private let released = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    init(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let held = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [released, ended] in
            try? queue.inTransaction(.immediate) { _ in
                held.signal()
                released.wait()
                return .commit
            }
            try? queue.close()
            ended.signal()
        }
        held.wait()
    }

    func release() {
        released.signal()
        ended.wait()
    }
}
