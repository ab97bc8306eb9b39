import Foundation
import GRDB
import Testing

@testable import RAPPModel

@Suite("Importing A1 forms from JSON Lines")
struct FormImporterTests {
    func importText(_ text: Data, into registry: Registry) throws -> FormImporter.Summary {
        let file = Fixtures.temporaryFolder().appending(path: "forms.jsonl")
        try text.write(to: file)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let session = try Fixtures.manager(of: registry)
        return try FormImporter(registry: registry, session: session)
            .importLines(from: handle)
    }

    func line(_ name: String, _ first: UInt64, _ last: UInt64) -> String {
        Fixtures.form(name: name, first, last).jsonValue.serialized()
    }

    @Test(
        "an import fills the search index once a batch, in its transaction, with what the row-by-row trigger would hold"
    )
    func searchIndexFilledPerBatch() throws {
        let registry = try Fixtures.registry()
        _ = try registry.submit(Fixtures.form(name: "Original Gas Ltd", 0x1000, 0x1FFF))
        func line(_ name: String, _ first: UInt64, _ last: UInt64, _ extra: [String: JSONValue] = [:]) -> String {
            guard case .object(var object) = Fixtures.form(name: name, first, last).jsonValue else { return "" }
            object.merge(extra) { $1 }
            return JSONValue.object(object).serialized()
        }
        let text = [
            line("Batch One Energy", 0x2000, 0x2FFF),
            line("Amended Original", 0x1000, 0x1FFF, ["amend": .number(1), "expectVersion": .number(1)]),
            line("Batch Two Energy", 0x3000, 0x3FFF),
            line("Batch Two Amended", 0x3000, 0x3FFF, ["amend": .number(3), "expectVersion": .number(1)]),
        ].joined(separator: "\n")
        #expect(try importText(Data(text.utf8), into: registry).stored == 4)
        try registry.read { db in
            let indexed = try Row.fetchAll(
                db, sql: "SELECT rowid, name, company_number, sec_party_id FROM organisation_search ORDER BY rowid")
            let current = try Row.fetchAll(
                db,
                sql: """
                    SELECT organisation_id, name, coalesce(json_extract(fields, '$.companyNumber'), ''),
                           coalesce(json_extract(fields, '$.secPartyId'), '')
                    FROM organisation_version WHERE is_current = 1 ORDER BY organisation_id
                    """)
            #expect(indexed.map { Array($0.databaseValues) } == current.map { Array($0.databaseValues) })
            #expect(indexed.count == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation_search_pending") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation_search_deferral") == 0)
        }
        func names(_ text: String) throws -> [String] {
            try registry.organisations(matching: OrganisationQuery(text: text), at: .first, limit: 10).map(\.name)
        }
        #expect(try names("amended") == ["Amended Original", "Batch Two Amended"])
        #expect(try names("original gas").isEmpty)
        #expect(try names("energy") == ["Batch One Energy"])
        // After the import, a form stored on its own is indexed by the trigger at once.
        _ = try registry.submit(Fixtures.form(name: "Single Energy", 0x4000, 0x4FFF))
        #expect(try names("energy") == ["Batch One Energy", "Single Energy"])
    }

    @Test("stores each good line and rejects each bad one on its own, with its line number")
    func mixed() throws {
        let registry = try Fixtures.registry()
        let text = [
            line("One", 0x1000, 0x1FFF),
            "",
            "not json at all",
            line("Two", 0x1800, 0x27FF),  // overlaps line 1
            "   ",
            line("Three", 0x3000, 0x3FFF),
            #"{"form":"A1","organisation":{},"userRoleRanges":[],"extra":true}"#,
        ].joined(separator: "\n")
        let summary = try importText(Data(text.utf8), into: registry)
        #expect(summary.stored == 2)
        #expect(summary.rejectedCount == 3)
        #expect(summary.rejections.map(\.line) == [3, 4, 7])
        #expect(summary.rejections[1].errors.map(\.code) == [.rangeOverlapsOrganisation])
        #expect(summary.rejections[0].errors.map(\.code) == [.formSyntax])
        #expect(try registry.organisations(namePrefix: "", at: .first, limit: 10).map(\.name) == ["One", "Three"])
    }

    @Test("a line longer than the limit is rejected without being held, and the next line still counts")
    func longLine() throws {
        let registry = try Fixtures.registry()
        var data = Data(repeating: 0x41, count: OrganisationInformationForm.maximumFileSize * 3)
        data.append(0x0A)
        data.append(Data(line("After", 0x10, 0x20).utf8))
        let summary = try importText(data, into: registry)
        #expect(summary.rejections.map(\.line) == [1])
        #expect(summary.rejections.first?.errors.map(\.code) == [.formTooLarge])
        #expect(summary.stored == 1)
    }

    @Test("invalid UTF-8 and escape sequences on a line are rejected in words")
    func hostileLines() throws {
        let registry = try Fixtures.registry()
        var data = Data([0xC3, 0x28, 0x0A])
        data.append(Data("\u{1B}]0;title\u{07}\n".utf8))
        let summary = try importText(data, into: registry)
        #expect(summary.rejectedCount == 2)
        #expect(summary.rejections.allSatisfy { $0.errors.map(\.code) == [.formSyntax] })
    }

    @Test("stores across batch boundaries, seeing earlier batches' ranges")
    func batches() throws {
        let registry = try Fixtures.registry()
        let count = FormImporter.batchSize + 10
        var lines = (0..<count).map { line("Org \($0)", UInt64($0) * 0x100, UInt64($0) * 0x100 + 0xFF) }
        lines.append(line("Late duplicate", 0x10, 0x20))  // overlaps the first line, in another batch
        let summary = try importText(Data(lines.joined(separator: "\n").utf8), into: registry)
        #expect(summary.stored == count)
        #expect(summary.rejections.map(\.line) == [count + 1])
        #expect(try registry.counts().organisations == count)
    }

    @Test("a file without a final line break still counts its last line")
    func noFinalNewline() throws {
        let registry = try Fixtures.registry()
        let summary = try importText(Data((line("A", 1, 2) + "\n" + line("B", 3, 4)).utf8), into: registry)
        #expect(summary.stored == 2)
    }

    @Test("within one batch, a line is checked against every earlier line, whatever the ranges' sizes")
    func conflictsWithinABatchAcrossLevels() throws {
        let registry = try Fixtures.registry()
        let lines = [
            line("Small", 0x1000, 0x1000),  // level 0
            line("Medium", 0x2_0000, 0x2_FFFF),  // level 16
            line("Large", 0x100_0000_0000, 0x100_FFFF_FFFF),  // level 32
            line("Clash small", 0x0F00, 0x1000),  // holds 0x1000
            line("Clash medium", 0x2_8000, 0x3_0000),  // starts inside Medium
            line("Clash large", 0x100_FF00_0000, 0x100_FF00_0001),
            line("Free", 0x5000, 0x5FFF),
        ]
        let summary = try importText(Data(lines.joined(separator: "\n").utf8), into: registry)
        #expect(summary.stored == 4)
        #expect(summary.rejections.map(\.line) == [4, 5, 6])
        #expect(summary.rejections.allSatisfy { $0.errors.map(\.code) == [.rangeOverlapsOrganisation] })
        let session = try Fixtures.manager(of: registry)
        #expect(try registry.verifyAudit(by: session).isIntact, "the batch's cached audit head chains correctly")
    }
}
