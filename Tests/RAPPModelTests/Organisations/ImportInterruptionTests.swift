import Foundation
import Testing

@testable import RAPPModel

/// An import that cannot go on says what it stored and where to resume.
@Suite("Interrupted imports")
struct ImportInterruptionTests {
    func line(_ index: Int) -> String {
        Fixtures.form(name: "Org \(index)", UInt64(index) << 16, UInt64(index) << 16 | 0xFFFF).jsonValue.serialized()
    }

    func file(_ text: String) throws -> FileHandle {
        let url = Fixtures.temporaryFolder().appending(path: "forms.jsonl")
        try Data(text.utf8).write(to: url)
        return try FileHandle(forReadingFrom: url)
    }

    @Test(
        "an operator disabled mid-import stops it at the next batch: earlier batches stay stored, the error says where to resume"
    )
    func disabledMidImport() throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.addOperator(
            name: "importer", roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        let importer = try registry.signIn(
            name: "importer", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        let count = FormImporter.batchSize + 10
        let handle = try file((1...count).map(line).joined(separator: "\n"))
        do {
            _ = try FormImporter(registry: registry, session: importer).importLines(from: handle, source: "forms.jsonl")
            { _ in
                _ = try? registry.disableOperator("importer", by: manager)
            }
            Issue.record("the import went on as a disabled operator")
        } catch let interrupted as ImportInterrupted {
            #expect(interrupted.summary.stored == FormImporter.batchSize)
            #expect(interrupted.resumeLine == FormImporter.batchSize + 1)
            #expect(interrupted.code == "access.not-permitted")
            #expect(interrupted.exitStatus == .noPermission)
            #expect(interrupted.description.contains("Resume from line \(FormImporter.batchSize + 1)"))
        }
        #expect(try registry.counts().organisations == FormImporter.batchSize)
    }

    @Test("a NUL byte stops the import at its line; the lines before it are stored")
    func nulByte() throws {
        let registry = try Fixtures.registry()
        let handle = try file(line(1) + "\n" + line(2) + "\n{\"form\u{0}\n" + line(3) + "\n")
        do {
            _ = try FormImporter(registry: registry, session: Fixtures.manager(of: registry)).importLines(
                from: handle, source: "forms.jsonl")
            Issue.record("read past a NUL byte")
        } catch let interrupted as ImportInterrupted {
            #expect(interrupted.summary.stored == 2)
            #expect(interrupted.resumeLine == 3)
            #expect(interrupted.code == "input.not-text")
        }
    }

    @Test("in a stream a line longer than a form stops the import; in a file it is rejected and skipped")
    func longLines() throws {
        let long = String(repeating: "x", count: OrganisationInformationForm.maximumFileSize + 10)
        let text = line(1) + "\n" + long + "\n" + line(2) + "\n"
        let registry = try Fixtures.registry()
        let session = try Fixtures.manager(of: registry)
        let summary = try FormImporter(registry: registry, session: session).importLines(from: file(text))
        #expect(summary.stored == 2 && summary.rejections.map(\.line) == [2])
        let streamed = try Fixtures.registry()
        #expect(throws: ImportInterrupted.self) {
            try FormImporter(registry: streamed, session: Fixtures.manager(of: streamed)).importLines(
                from: file(text), isStream: true)
        }
        #expect(try streamed.counts().organisations == 1)
    }
}
