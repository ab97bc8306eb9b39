import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// `SteppedStatement` reads rows through SQLite's C functions: it must read them exactly as GRDB
/// does, report failures as errors, and leave its statement reset.
@Suite("Statements stepped directly")
struct SteppedStatementTests {
    static let sql = "SELECT value, ?2, ?3 FROM probe WHERE position >= ?1 ORDER BY position"

    /// A table of hostile text: NUL inside, invalid UTF-8, escapes, bidi and non-ASCII; an
    /// integer at both ends of SQLite's range; NULL and a real.
    static func probe(_ db: Database) throws {
        try db.execute(sql: "CREATE TEMP TABLE probe (position INTEGER, value)")
        let values: [DatabaseValueConvertible?] = [
            "Northwind", "a\u{0}b", Data([0x39, 0x30, 0xFF, 0xFE, 0xC0, 0xAF]), "\u{1B}[2J\u{202E}Zoë \u{200B}\"\\",
            Int64.min, Int64.max, nil, 1.5, "",
        ]
        for (position, value) in values.enumerated() {
            try db.execute(sql: "INSERT INTO probe VALUES (?, ?)", arguments: [position, value])
        }
    }

    @Test("text and integers read as GRDB reads them, whatever the bytes")
    func readsAsGRDB() throws {
        try DatabaseQueue().write { db in
            try Self.probe(db)
            let statement = try SteppedStatement(db, sql: Self.sql, parameters: 3)
            var texts: [String?] = []
            var integers: [Int64?] = []
            try statement.forEachRow(0, 7, -7) { row in
                texts.append(row.text(0))
                integers.append(try? row.int64(0))
                let parameters = (try row.int64(1), try row.int64(2))
                #expect(parameters == (7, -7))
            }
            #expect(texts == (try String?.fetchAll(db, sql: "SELECT value FROM probe ORDER BY position")))
            #expect(texts[1] == "a", "up to the NUL, as GRDB")
            #expect(
                integers == [nil, nil, nil, nil, Int64.min, Int64.max, nil, nil, nil], "only integers are integers")
            // Run again with other parameters: bound afresh, from a reset statement.
            var count = 0
            try statement.forEachRow(7, 0, 0) { _ in count += 1 }
            #expect(count == 2)
        }
    }

    @Test("a failing step is an error, and the statement is left reset")
    func failures() throws {
        try DatabaseQueue().write { db in
            // abs() of the smallest integer overflows: SQLite fails the step.
            let statement = try SteppedStatement(db, sql: "SELECT abs(?1), ?2, ?3", parameters: 3)
            #expect(throws: DatabaseError.self) { try statement.forEachRow(Int64.min, 0, 0) { _ in } }
            var values: [Int64] = []
            try statement.forEachRow(-5, 0, 0) { values.append(try $0.int64(0)) }
            #expect(values == [5])
            // An error thrown by the body stops the rows and leaves the statement reset too.
            try Self.probe(db)
            let rows = try SteppedStatement(db, sql: Self.sql, parameters: 3)
            #expect(throws: DatabaseError.self) { try rows.forEachRow(0, 0, 0) { _ = try $0.int64(0) } }
            var count = 0
            try rows.forEachRow(4, 0, 0) { _ in count += 1 }
            #expect(count == 5)
            #expect(throws: DatabaseError.self) { try SteppedStatement(db, sql: "SELECT ?", parameters: 3) }
        }
    }
}
