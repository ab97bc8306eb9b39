import GRDB

/// The registry's range lookups, as index probes on one database connection.
///
/// The store of the ranges in force, read-only: used inside a submission's transaction (so the
/// check sees exactly what the write will commit against) and on its own for `whois` and range
/// maps. Every query here is SQL naming the partial index on the ranges in force that answers it;
/// `RangeIndexTests` pins each plan with EXPLAIN QUERY PLAN. Range rows are decoded by position:
/// every query that yields them selects `organisation_id, role, first_key, last_key` in that order.
struct RangeIndex: RangeOwnershipLookup {
    let db: Database
    /// An import's shared knowledge of the levels in use, when running inside one.
    var batch: ImportBatch?
    /// A look-up batch's statements, prepared once for its snapshot (`OwnerLookup`); without them
    /// `holders(of:)` prepares its own.
    var statements: Statements?

    /// The statements `holders(of:)` runs: prepared once per look-up batch, or per look-up alone.
    struct Statements {
        let nextLevel: Statement
        let namedHoldersStartingBelow: SteppedStatement
        let namedHoldersEndingAbove: SteppedStatement

        init(db: Database) throws {
            nextLevel = try db.cachedStatement(sql: RangeIndex.nextLevelSQL)
            namedHoldersStartingBelow = try SteppedStatement(
                db, sql: RangeIndex.namedHoldersStartingBelowSQL, parameters: 3)
            namedHoldersEndingAbove = try SteppedStatement(
                db, sql: RangeIndex.namedHoldersEndingAboveSQL, parameters: 3)
        }
    }

    static let holdersStartingBelowSQL = """
        SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_bucket_first
        WHERE is_current = 1 AND level = ? AND block = ? AND first_key <= ?
        """
    static let holdersEndingAboveSQL = """
        SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_bucket_last
        WHERE is_current = 1 AND level = ? AND block = ? AND last_key >= ?
        """
    /// `holdersStartingBelowSQL` with each range's organisation's current name joined in (the
    /// fifth column; NULL when it has none): one statement and one seek pair for a holder.
    static let namedHoldersStartingBelowSQL = """
        SELECT r.organisation_id, r.role, r.first_key, r.last_key, v.name
        FROM user_role_range AS r INDEXED BY user_role_range_current_bucket_first
        LEFT JOIN organisation_version AS v INDEXED BY organisation_version_current
            ON v.organisation_id = r.organisation_id AND v.is_current = 1
        WHERE r.is_current = 1 AND r.level = ? AND r.block = ? AND r.first_key <= ?
        """
    /// `holdersEndingAboveSQL` with the name joined in, as `namedHoldersStartingBelowSQL`.
    static let namedHoldersEndingAboveSQL = """
        SELECT r.organisation_id, r.role, r.first_key, r.last_key, v.name
        FROM user_role_range AS r INDEXED BY user_role_range_current_bucket_last
        LEFT JOIN organisation_version AS v INDEXED BY organisation_version_current
            ON v.organisation_id = r.organisation_id AND v.is_current = 1
        WHERE r.is_current = 1 AND r.level = ? AND r.block = ? AND r.last_key >= ?
        """
    /// The lowest bucket level above the given one that holds any range in force: lets a lookup
    /// visit only the levels in use (usually a handful) instead of all 65.
    static let nextLevelSQL = """
        SELECT level FROM user_role_range INDEXED BY user_role_range_current_bucket_first
        WHERE is_current = 1 AND level > ? ORDER BY level LIMIT 1
        """
    static let startingWithinSQL = """
        SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_first
        WHERE is_current = 1 AND first_key > ? AND first_key <= ? AND organisation_id IS NOT ?
        ORDER BY first_key LIMIT ?
        """
    static let currentNameSQL = """
        SELECT name FROM organisation_version WHERE organisation_id = ? AND is_current = 1
        """
    /// The range in force starting last before an identifier and ending before another.
    static let neighbourBelowSQL = """
        SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_first
        WHERE is_current = 1 AND first_key < ? AND last_key < ? AND organisation_id IS NOT ?
        ORDER BY first_key DESC LIMIT 1
        """
    /// The range in force starting first after an identifier.
    static let neighbourAboveSQL = """
        SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_first
        WHERE is_current = 1 AND first_key > ? AND organisation_id IS NOT ?
        ORDER BY first_key LIMIT 1
        """

    /// The organisation's current allocation, lowest first: one seek on its index.
    func allocation(of organisation: Int64) throws -> [IdentifierRange] {
        try AllocationRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM organisation_allocation INDEXED BY organisation_allocation_current
                WHERE organisation_id = ? AND is_current = 1 ORDER BY first_key
                """, arguments: [organisation]
        ).map(\.range)
    }

    /// Every range in force that holds `identifier`, with its organisation's current name.
    ///
    /// One seek per bucket level in use, the name joined in (`namedHoldersStartingBelowSQL`), the
    /// rows read by `SteppedStatement`: this is what `whois --file` runs once per line.
    func holders(of identifier: EUI64) throws -> [RegisteredRange] {
        let statements = try self.statements ?? Statements(db: db)
        var found: [RegisteredRange] = []
        for level in try levelsInUse(statements.nextLevel) {
            let (bucket, midpoint) = RangeBucket.probe(for: identifier, level: level)
            // As in `rawHolders`: below the midpoint a range here holds x if it starts at or before
            // x; at or above it, if it ends at or after x.
            let holdsIfStartsBefore = midpoint.map { identifier < $0 } ?? true
            let statement =
                holdsIfStartsBefore ? statements.namedHoldersStartingBelow : statements.namedHoldersEndingAbove
            try statement.forEachRow(Int64(bucket.level), bucket.block, identifier.storageKey) { row in
                let first = EUI64(storageKey: try row.int64(2))
                let last = EUI64(storageKey: try row.int64(3))
                guard let role = row.text(1), let range = IdentifierRange(first: first, last: last) else {
                    throw DatabaseError(
                        resultCode: .SQLITE_CORRUPT, message: "a range in force without a role or order")
                }
                found.append(
                    RegisteredRange(
                        organisationID: try row.int64(0), organisationName: row.text(4) ?? "", role: role, range: range)
                )
            }
        }
        if found.count > 1 {
            found.sort { ($0.range.first, $0.organisationID, $0.role) < ($1.range.first, $1.organisationID, $1.role) }
        }
        return found
    }

    /// Up to `limit` ranges in force, lowest first, that overlap `range` and are not `excluded`'s.
    ///
    /// A range overlaps [first, last] when it holds `first` or starts inside (first, last].
    func conflicts(with range: IdentifierRange, excluding excluded: Int64?, limit: Int) throws -> [RegisteredRange] {
        guard limit > 0 else { return [] }
        var found = try rawHolders(of: range.first).filter { $0.organisationID != excluded }
        if found.count < limit, range.first < range.last {
            let statement = try db.cachedStatement(sql: Self.startingWithinSQL)
            let rows = try RangeRow.fetchCursor(
                statement,
                arguments: [
                    range.first.storageKey, range.last.storageKey, excluded, limit - found.count,
                ])
            while let row = try rows.next() { found.append(row.range) }
        }
        found.sort { ($0.range.first, $0.organisationID, $0.role) < ($1.range.first, $1.organisationID, $1.role) }
        return try named(Array(found.prefix(limit)))
    }

    /// The ranges in force nearest to `range` on either side that do not overlap it, with
    /// their organisations: what a range map shows as neighbours.
    ///
    /// Two index seeks on `user_role_range_current_first`: the range starting last before
    /// `range.first`, and the range starting first after `range.last`. (A long range starting
    /// further below that ends near `range` is found by `conflicts` if it overlaps, and is
    /// otherwise not a close neighbour by start.)
    func neighbours(of range: IdentifierRange, excluding excluded: Int64?) throws -> [RegisteredRange] {
        let below = try RangeRow.fetchOne(
            db.cachedStatement(sql: Self.neighbourBelowSQL),
            arguments: [range.first.storageKey, range.first.storageKey, excluded])
        let above = try RangeRow.fetchOne(
            db.cachedStatement(sql: Self.neighbourAboveSQL), arguments: [range.last.storageKey, excluded])
        return try named([below, above].compactMap { $0?.range })
    }

    private func rawHolders(of identifier: EUI64) throws -> [RegisteredRange] {
        var found: [RegisteredRange] = []
        let nextLevel = try statements?.nextLevel ?? db.cachedStatement(sql: Self.nextLevelSQL)
        let below = try db.cachedStatement(sql: Self.holdersStartingBelowSQL)
        let above = try db.cachedStatement(sql: Self.holdersEndingAboveSQL)
        for level in try levelsInUse(nextLevel) {
            let (bucket, midpoint) = RangeBucket.probe(for: identifier, level: level)
            // Below the midpoint every range here ends after x: it holds x if it starts at or before x.
            // At or above it every range starts at or before x: it holds x if it ends at or after x.
            let holdsIfStartsBefore = midpoint.map { identifier < $0 } ?? true
            let statement = holdsIfStartsBefore ? below : above
            let rows = try RangeRow.fetchCursor(
                statement, arguments: [bucket.level, bucket.block, identifier.storageKey])
            while let row = try rows.next() { found.append(row.range) }
        }
        found.sort { ($0.range.first, $0.organisationID, $0.role) < ($1.range.first, $1.organisationID, $1.role) }
        return found
    }

    /// The bucket levels holding ranges in force, ascending: one index seek per level, or none
    /// when the import batch already knows them.
    private func levelsInUse(_ nextLevel: Statement) throws -> [Int] {
        if let known = batch?.levelsInUse { return known }
        var levels: [Int] = []
        var level = -1
        while let next = try Int.fetchOne(nextLevel, arguments: [level]) {
            levels.append(next)
            level = next
        }
        batch?.levelsInUse = levels
        return levels
    }

    /// A row of the range queries (`organisation_id, role, first_key, last_key`, by position):
    /// a range without its organisation's name.
    private struct RangeRow: FetchableRecord {
        let range: RegisteredRange

        init(row: Row) {
            range = RegisteredRange(
                organisationID: row[0], organisationName: "", role: row[1],
                range: IdentifierRange(first: EUI64(storageKey: row[2]), last: EUI64(storageKey: row[3]))!)
        }
    }

    /// Fills in each organisation's current name, one primary-key probe per organisation.
    private func named(_ ranges: [RegisteredRange]) throws -> [RegisteredRange] {
        if ranges.isEmpty { return [] }
        // A handful of ranges at most: names found so far are searched, not hashed.
        var names: [(organisation: Int64, name: String)] = []
        let statement = try db.cachedStatement(sql: Self.currentNameSQL)
        return try ranges.map { range in
            let name: String
            if let known = names.first(where: { $0.organisation == range.organisationID }) {
                name = known.name
            } else {
                name = try String.fetchOne(statement, arguments: [range.organisationID]) ?? ""
                names.append((range.organisationID, name))
            }
            return RegisteredRange(
                organisationID: range.organisationID, organisationName: name, role: range.role, range: range.range)
        }
    }
}
