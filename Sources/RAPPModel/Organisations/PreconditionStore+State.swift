import GRDB

/// An organisation's preconditions for the audit trail (`preconditions/N`, N the organisation's
/// id): the current allocation (its version and ranges) and entry tests as values people
/// compare, and a digest of every column of every `organisation_allocation` and
/// `organisation_entry_tests` row of the organisation, superseded ones included.
///
/// A record of its own rather than part of `organisation/N`: the events that change it
/// (`organisation.allocation-recorded`, `organisation.entry-tests-recorded`) change nothing of the
/// A1 form, and the baseline of the request engine's records (migration 0007) can then cover it
/// without restating, and so blessing, any organisation.
extension PreconditionStore: AuditedStore {
    static let recordKind = "preconditions"

    static let allocationColumns = "organisation_id, version, first_key, last_key, recorded_at, recorded_by, is_current"
    static let entryTestsColumns = "organisation_id, id, passed_on, reference, recorded_at, recorded_by, is_current"

    /// The state of an organisation's allocation rows and entry-test rows, each in their order.
    static func state(allocations: [[DatabaseValue]], entryTests: [[DatabaseValue]]) -> JSONValue {
        var digest = RowDigest()
        var version: JSONValue = .null
        var ranges: [JSONValue] = []
        for row in allocations {
            digest.add(table: "organisation_allocation", row)
            guard row.count == 7, row[6] == true.databaseValue else { continue }
            version = JSONValue(stored: row[1])
            ranges.append(.string(key(row[2]) + " - " + key(row[3])))
        }
        var tests: [JSONValue] = []
        for row in entryTests {
            digest.add(table: "organisation_entry_tests", row)
            guard row.count == 7, row[6] == true.databaseValue else { continue }
            tests.append(.object(["passedOn": JSONValue(stored: row[2]), "reference": JSONValue(stored: row[3])]))
        }
        return .object([
            "allocation": ranges.isEmpty ? .null : .object(["version": version, "ranges": .array(ranges)]),
            "entryTests": tests.count == 1 ? tests[0] : tests.isEmpty ? .null : .array(tests),
            "rows": .string(digest.finish()),
        ])
    }

    /// A stored key as the identifier it stands for.
    private static func key(_ value: DatabaseValue) -> String {
        guard case .int64(let key) = value.storage else { return JSONValue(stored: value).serialized() }
        return EUI64(storageKey: key).canonical
    }

    /// A seek on each table's `(organisation_id, …)` key.
    func state(of id: Int64) throws -> JSONValue? {
        let allocations = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT \(Self.allocationColumns) FROM organisation_allocation WHERE organisation_id = ? ORDER BY version, first_key"
            ),
            arguments: [id]
        ).map { Array($0.databaseValues) }
        let tests = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.entryTestsColumns) FROM organisation_entry_tests INDEXED BY organisation_entry_tests_organisation
                    WHERE organisation_id = ? ORDER BY id
                    """),
            arguments: [id]
        ).map { Array($0.databaseValues) }
        guard !allocations.isEmpty || !tests.isEmpty else { return nil }
        return Self.state(allocations: allocations, entryTests: tests)
    }

    /// Every organisation's preconditions: allocations by their primary key beside entry tests by
    /// `organisation_entry_tests_organisation`, both ordered by organisation.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let allocations = try Row.fetchCursor(
            db,
            sql:
                "SELECT \(Self.allocationColumns) FROM organisation_allocation ORDER BY organisation_id, version, first_key"
        )
        let tests = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(Self.entryTestsColumns) FROM organisation_entry_tests INDEXED BY organisation_entry_tests_organisation
                ORDER BY organisation_id, id
                """)
        var nextAllocation = try allocations.next().map { Array($0.databaseValues) }
        var nextTest = try tests.next().map { Array($0.databaseValues) }
        func id(_ values: [DatabaseValue]?) -> Int64? {
            values.map { Int64.fromDatabaseValue($0[0]) ?? Int64.min }
        }
        while nextAllocation != nil || nextTest != nil {
            let current = [id(nextAllocation), id(nextTest)].compactMap { $0 }.min()!
            var owned: [[DatabaseValue]] = []
            while let row = nextAllocation, id(row) == current {
                owned.append(row)
                nextAllocation = try allocations.next().map { Array($0.databaseValues) }
            }
            var passed: [[DatabaseValue]] = []
            while let row = nextTest, id(row) == current {
                passed.append(row)
                nextTest = try tests.next().map { Array($0.databaseValues) }
            }
            try body(current, Self.state(allocations: owned, entryTests: passed))
        }
    }
}
