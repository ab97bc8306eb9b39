import Foundation
import GRDB
import Testing

@testable import RAPPModel

@Suite("The SQLite registry")
struct RegistryTests {
    let validator = Fixtures.validator

    @Test("stores a form and reads it back exactly, at both ends of the 64-bit space")
    func roundTrip() throws {
        let registry = try Fixtures.registry()
        let form = Fixtures.form([
            ("other-user", "00-00-00-00-00-00-00-00", "00-00-00-00-00-00-00-FF"),
            ("import-supplier", "FF-FF-FF-FF-FD-FF-FF-00", "FF-FF-FF-FF-FD-FF-FF-FF"),
            ("export-supplier", "7F-FF-FF-FF-FD-FF-FF-00", "7F-FF-FF-FF-FD-FF-FF-FF"),
            ("gas-supplier", "80-00-00-00-00-00-00-00", "80-00-00-00-00-00-00-FF"),
        ])
        let result = try registry.submit(form)
        guard case .stored(let id, 1, _) = result else {
            Issue.record("\(result)")
            return
        }
        let stored = try #require(try registry.organisation(id))
        #expect(stored.name == "Northwind Energy Ltd")
        #expect(stored.form.fields == form.fields)
        #expect(Set(stored.form.userRoleRanges) == Set(form.userRoleRanges))
        #expect(try registry.owners(of: EUI64(0)).map(\.role) == ["other-user"])
        #expect(try registry.owners(of: EUI64(0xFFFF_FFFF_FDFF_FFFF)).map(\.role) == ["import-supplier"])
        #expect(try registry.owners(of: EUI64(0x7FFF_FFFF_FDFF_FFFF)).map(\.role) == ["export-supplier"])
        #expect(try registry.owners(of: EUI64(0x7FFF_FFFF_FE00_0000)).isEmpty)
        #expect(try registry.owners(of: EUI64(0x8000_0000_0000_0000)).map(\.role) == ["gas-supplier"])
        #expect(try registry.owners(of: EUI64(0x8000_0000_0000_0100)).isEmpty)
        #expect(try registry.owners(of: EUI64.max).isEmpty)
    }

    @Test("an amendment supersedes the previous version, which stays readable")
    func amendment() throws {
        let registry = try Fixtures.registry()
        guard case .stored(let id, _, _) = try registry.submit(Fixtures.form(name: "Old name", 0x1000, 0x1FFF)) else {
            Issue.record("not stored")
            return
        }
        let amended = try registry.submit(
            Fixtures.form(name: "New name", 0x1800, 0x2FFF), amending: Amendment(organisation: id, version: 1))
        #expect(amended == .stored(organisationID: id, version: 2, warnings: []))
        let history = try registry.history(of: id)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(history.map(\.name) == ["Old name", "New name"])
        #expect(try registry.organisation(id)?.name == "New name")
        #expect(try registry.owners(of: EUI64(0x1000)).isEmpty, "superseded ranges no longer own identifiers")
        #expect(try registry.owners(of: EUI64(0x2FFF)).map(\.organisationName) == ["New name"])
        let counts = try registry.counts()
        #expect(counts.organisations == 1 && counts.ranges == 1)
    }

    @Test("amending an organisation that does not exist is refused")
    func amendUnknown() throws {
        let registry = try Fixtures.registry()
        let result = try registry.submit(
            Fixtures.form(0x1000, 0x1FFF), amending: Amendment(organisation: 42, version: 1))
        guard case .rejected(let report) = result else {
            Issue.record("stored")
            return
        }
        #expect(report.errors.map(\.code) == [.organisationUnknown])
    }

    @Test("a range of another organisation is refused and nothing is stored")
    func overlapRefusedWhole() throws {
        let registry = try Fixtures.registry()
        _ = try registry.submit(Fixtures.form(name: "First", 0x1000, 0x1FFF))
        let second = Fixtures.form(
            name: "Second",
            [
                ("import-supplier", EUI64(0x3000).canonical, EUI64(0x3FFF).canonical),
                ("export-supplier", EUI64(0x1FFF).canonical, EUI64(0x2FFF).canonical),
            ])
        let before = try snapshot(registry)
        let result = try registry.submit(second)
        guard case .rejected(let report) = result else {
            Issue.record("stored")
            return
        }
        #expect(report.errors.map(\.code) == [.rangeOverlapsOrganisation])
        #expect(report.errors.first?.conflict?.organisationName == "First")
        #expect(report.errors.first?.field == "userRoleRanges[1].first")
        #expect(try snapshot(registry) == before)
    }

    @Test("an organisation's amendment may reuse its own identifiers")
    func amendmentKeepsOwnRanges() throws {
        let registry = try Fixtures.registry()
        guard case .stored(let id, _, _) = try registry.submit(Fixtures.form(0x1000, 0x1FFF)) else { return }
        let result = try registry.submit(
            Fixtures.form(0x1000, 0x1FFF), amending: Amendment(organisation: id, version: 1))
        #expect(result == .stored(organisationID: id, version: 2, warnings: []))
    }

    @Test("a failed write leaves the registry exactly as it was")
    func failedWriteRollsBack() throws {
        let registry = try Fixtures.registry()
        _ = try registry.submit(Fixtures.form(0x1000, 0x1FFF))
        let session = try Fixtures.manager(of: registry)
        let before = try snapshot(registry)
        #expect(throws: (any Error).self) {
            try registry.write { db in
                _ = try OrganisationStore(db: db).submit(
                    Fixtures.form(0x5000, 0x5FFF), amending: nil, validator: validator, by: session)
                try db.execute(sql: "INSERT INTO organisation_version (organisation_id) VALUES (999)")  // fails
            }
        }
        #expect(try snapshot(registry) == before)
    }

    @Test("creates the file 0600 in a new folder 0700")
    func permissions() throws {
        let folder = Fixtures.temporaryFolder().appending(path: "new/ratui")
        let path = folder.appending(path: "registry.sqlite").path
        _ = try Registry.open(path: path, create: true, initialPolicy: Fixtures.library)
        let file = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let directory = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(file == 0o600)
        #expect(directory == 0o700)
    }

    @Test("opening without create does not create a file")
    func notFound() {
        let path = Fixtures.temporaryFolder().appending(path: "absent.sqlite").path
        #expect(throws: RegistryError.notFound(path: path)) {
            try Registry.open(path: path, create: false, initialPolicy: Fixtures.library)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("refuses a file that is not a ratui registry and leaves it untouched", arguments: ["text", "other-sqlite"])
    func refusesForeignFiles(_ kind: String) throws {
        let path = Fixtures.temporaryFolder().appending(path: "foreign.db").path
        if kind == "text" {
            try Data("hello, this is not a database at all\n".utf8).write(to: URL(fileURLWithPath: path))
        } else {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)") }
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try Registry.open(path: path, create: true, initialPolicy: Fixtures.library)
            Issue.record("opened a foreign file")
        } catch {
            guard case .notARegistry = error else {
                Issue.record("\(error)")
                return
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(siblings == ["foreign.db"], "no -wal or -shm file was created")
    }

    @Test("refuses a registry from a newer ratui and leaves it untouched")
    func refusesNewerSchema() throws {
        let registry = try Fixtures.registry()
        try registry.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
        }
        let path = registry.path
        try registry.pool.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: RegistryError.newerSchema(path: path, unknownMigrations: ["9999_future"])) {
            try Registry.open(path: path, create: true, initialPolicy: Fixtures.library)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("brings an older registry up to date, keeping its data, exactly once")
    func migratesOldFile() throws {
        let known = Registry.knownMigrations
        for stop in known.indices {
            let path = Fixtures.temporaryFolder().appending(path: "old.sqlite").path
            let pool = try DatabasePool(path: path)
            try Registry.migrator.migrate(pool, upTo: known[stop])
            try pool.write { db in
                try db.execute(sql: "INSERT INTO organisation (id, created_at) VALUES (7, '2025-01-01T00:00:00.000Z')")
            }
            try pool.close()
            let registry = try Registry.open(path: path, create: false, initialPolicy: Fixtures.library)
            let applied = try registry.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(applied == known)
            #expect(
                try registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation WHERE id = 7") }
                    == 1)
            // Opening again applies nothing twice.
            _ = try Registry.open(path: path, create: false, initialPolicy: Fixtures.library)
        }
    }

    @Test("WAL, foreign keys and a busy timeout are on")
    func connectionSettings() throws {
        let registry = try Fixtures.registry()
        let (mode, foreignKeys, timeout) = try registry.write { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
            )
        }
        #expect(mode == "wal")
        #expect(foreignKeys == 1)
        #expect(timeout == Int(Registry.busyTimeout * 1000))
    }

    @Test("pages through organisations in id order")
    func paging() throws {
        let registry = try Fixtures.registry()
        for index in 0..<7 {
            _ = try registry.submit(
                Fixtures.form(name: "Org \(index)", UInt64(index) * 0x100, UInt64(index) * 0x100 + 0xFF))
        }
        let first = try registry.organisations(namePrefix: "", at: .first, limit: 3)
        let second = try registry.organisations(namePrefix: "", at: .after(id: first.last!.id, name: ""), limit: 3)
        let third = try registry.organisations(namePrefix: "", at: .after(id: second.last!.id, name: ""), limit: 3)
        #expect((first + second + third).map(\.name) == (0..<7).map { "Org \($0)" })
        #expect(third.count == 1)
        #expect(first.first?.roles == ["other-user"])
    }

    /// Every row of every table, for comparing a registry before and after.
    func snapshot(_ registry: Registry) throws -> [String] {
        try registry.read { db in
            try ["organisation", "organisation_version", "user_role_range", "audit_event"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }
            }
        }
    }
}
