import GRDB
import GRDBSQLite

/// A query run through SQLite's C functions: for the statements a batch runs once per line.
///
/// For a one-row index seek, GRDB's cursor and `Row` around `sqlite3_step` cost about as much as
/// SQLite's own work (9 k of the 47 k instructions of a `whois --file` look-up). GRDB still
/// prepares, owns and finalises the statement (it comes from the connection's statement cache, so
/// a one-off look-up does not prepare it again); this type only binds integers, steps, reads
/// columns the way GRDB reads them, and leaves the statement reset with nothing pending. Give it
/// SQL that only it runs: GRDB would not know the parameters bound here.
///
/// Like any GRDB statement, it is valid only inside the database access that made it.
struct SteppedStatement {
    private let statement: Statement
    private let connection: SQLiteConnection?
    private let sql: String

    /// Prepares `sql`, which takes exactly `parameters` positional `?` parameters.
    init(_ db: Database, sql: String, parameters: Int) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
        self.sql = sql
        guard sqlite3_bind_parameter_count(statement.sqliteStatement) == parameters else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "expected \(parameters) parameters", sql: sql)
        }
    }

    /// Runs the statement with the three integer parameters it takes, calling `body` with each row.
    func forEachRow(_ first: Int64, _ second: Int64, _ third: Int64, _ body: (Columns) throws -> Void) throws {
        let handle = statement.sqliteStatement
        // Whatever happens, the statement is left reset: it holds no read lock and no row.
        defer { sqlite3_reset(handle) }
        // Binding integers to parameters that exist cannot fail (SQLite allocates nothing).
        sqlite3_bind_int64(handle, 1, first)
        sqlite3_bind_int64(handle, 2, second)
        sqlite3_bind_int64(handle, 3, third)
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(Columns(handle: handle, sql: sql))
            case SQLITE_DONE: return
            case let code:
                let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
        }
    }

    /// The current row's columns, by position (from 0); valid only inside `forEachRow`'s body.
    struct Columns {
        fileprivate let handle: SQLiteStatement
        fileprivate let sql: String

        /// An integer column. Anything else (a registry file written by another tool) is an
        /// error, where GRDB's decoding would stop the program.
        func int64(_ index: Int32) throws -> Int64 {
            guard sqlite3_column_type(handle, index) == SQLITE_INTEGER else { throw mismatch(index, "an integer") }
            return sqlite3_column_int64(handle, index)
        }

        /// A text column as GRDB decodes it (`String(cString:)`: up to a NUL, invalid UTF-8
        /// repaired), or nil when it is NULL.
        func text(_ index: Int32) -> String? {
            sqlite3_column_text(handle, index).map { String(cString: $0) }
        }

        private func mismatch(_ index: Int32, _ expected: String) -> DatabaseError {
            DatabaseError(resultCode: .SQLITE_MISMATCH, message: "column \(index) is not \(expected)", sql: sql)
        }
    }
}
