import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// Opening a registry for commands that only read it.
@Suite("Read-only registries")
struct ReadOnlyRegistryTests {
    @Test("a read-only open reads the stored policy and the data, and refuses to write")
    func readsAndRefusesWrites() throws {
        let registry = try Fixtures.registry()
        _ = try registry.submit(Fixtures.form(name: "One", 0x1000, 0x1FFF))
        let reader = try Registry.openReadOnly(path: registry.path)
        #expect(reader.isReadOnly)
        #expect(reader.storedPolicy.hash == registry.storedPolicy.hash)
        #expect(try reader.counts().organisations == 1)
        #expect(throws: RegistryError.self) { try reader.submit(Fixtures.form(name: "Two", 0x3000, 0x3FFF)) }
    }

    @Test("a registry that would need migrating is reported, and left exactly as it was")
    func needsInit() throws {
        let path = Fixtures.temporaryFolder().appending(path: "old.sqlite").path
        let old = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        let first = try #require(Registry.knownMigrations.first)
        let sql = String(decoding: try #require(FormLibrary.builtInFiles(in: "Schemas")["\(first).sql"]), as: UTF8.self)
        migrator.registerMigration(first) { db in try db.execute(sql: sql) }
        try migrator.migrate(old)
        try old.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try Registry.openReadOnly(path: path)
        } throws: { error in
            (error as? RegistryError)?.code == "registry.needs-init" && "\(error)".contains("ratui init")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("nothing at the path, or an empty file, is not a registry to read")
    func missingOrEmpty() throws {
        let folder = Fixtures.temporaryFolder()
        #expect(throws: RegistryError.notFound(path: folder.appending(path: "none.sqlite").path)) {
            try Registry.openReadOnly(path: folder.appending(path: "none.sqlite").path)
        }
        let empty = folder.appending(path: "empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: nil)
        #expect { try Registry.openReadOnly(path: empty) } throws: {
            ($0 as? RegistryError)?.code == "registry.needs-init"
        }
    }
}
