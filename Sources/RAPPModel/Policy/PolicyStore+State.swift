import GRDB

/// A policy version's state for the audit trail: its row as stored, and a digest of every one of
/// its files (path and content).
///
/// Only the version in force is checked against its hash when the registry opens; this covers
/// every earlier version too, and a version or file added behind ratui's back.
extension PolicyStore: AuditedStore {
    static let recordKind = "policy"

    static let versionColumns = "version, hash, applied_at, applied_by, origin"

    /// The state of a version row (in `versionColumns` order) and its file rows (version, path,
    /// content, by path).
    struct StateDigest {
        private var files = RowDigest()
        private let row: [DatabaseValue]?

        init(version row: [DatabaseValue]?) { self.row = row }

        mutating func file(_ values: [DatabaseValue]) { files.add(table: "policy_file", values) }

        var state: JSONValue {
            guard let row, row.count == 5 else { return .object(["version": .null, "files": .string(files.finish())]) }
            return .object([
                "hash": JSONValue(stored: row[1]), "appliedAt": JSONValue(stored: row[2]),
                "appliedBy": JSONValue(stored: row[3]), "origin": JSONValue(stored: row[4]),
                "files": .string(files.finish()),
            ])
        }
    }

    func state(of version: Int64) throws -> JSONValue? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.versionColumns) FROM policy_version WHERE version = ?"),
            arguments: [version])
        let files = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT version, path, content FROM policy_file WHERE version = ? ORDER BY path"),
            arguments: [version])
        guard row != nil || !files.isEmpty else { return nil }
        var digest = StateDigest(version: row.map { Array($0.databaseValues) })
        files.forEach { digest.file(Array($0.databaseValues)) }
        return digest.state
    }

    /// Every version's state: versions by number beside their files by `(version, path)`, the
    /// primary key; files of no version are reported under the version they name.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let versions = try Row.fetchCursor(
            db, sql: "SELECT \(Self.versionColumns) FROM policy_version ORDER BY version")
        let files = try Row.fetchCursor(
            db, sql: "SELECT version, path, content FROM policy_file ORDER BY version, path")
        var nextVersion = try versions.next().map { Array($0.databaseValues) }
        var nextFile = try files.next().map { Array($0.databaseValues) }
        func id(_ values: [DatabaseValue]?) -> Int64? {
            values.map { Int64.fromDatabaseValue($0[0]) ?? Int64.min }
        }
        while nextVersion != nil || nextFile != nil {
            let current = [id(nextVersion), id(nextFile)].compactMap { $0 }.min()!
            var digest = StateDigest(version: id(nextVersion) == current ? nextVersion : nil)
            if id(nextVersion) == current { nextVersion = try versions.next().map { Array($0.databaseValues) } }
            while let file = nextFile, id(file) == current {
                digest.file(file)
                nextFile = try files.next().map { Array($0.databaseValues) }
            }
            try body(current, digest.state)
        }
    }
}
