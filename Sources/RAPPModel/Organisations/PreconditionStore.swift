import GRDB

/// Organisations' preconditions: allocations from SECAS and passed entry tests.
///
/// Like every store, it works on one connection inside a transaction the registry opened. Both
/// tables only grow: recording again supersedes the current rows.
struct PreconditionStore {
    let db: Database

    /// The longest entry-test reference accepted.
    static let maximumReferenceLength = 100
    /// The most ranges one allocation may hold.
    static let maximumAllocationRanges = 64

    func preconditions(of organisation: Int64, validator: OrganisationFormValidator) throws -> OrganisationPreconditions
    {
        let rows = try AllocationRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM organisation_allocation INDEXED BY organisation_allocation_current
                WHERE organisation_id = ? AND is_current = 1 ORDER BY first_key
                """, arguments: [organisation])
        var allocation: OrganisationPreconditions.Allocation?
        if let first = rows.first {
            allocation = .init(
                version: first.version, ranges: rows.map(\.range), recordedAt: first.recordedAt,
                recordedBy: try name(of: first.recordedBy))
        }
        var entryTests: OrganisationPreconditions.EntryTests?
        if let tests = try currentEntryTests(of: organisation) {
            entryTests = .init(
                passedOn: tests.passedOn, reference: tests.reference, recordedAt: tests.recordedAt,
                recordedBy: try name(of: tests.recordedBy))
        }
        var outside: [ValidationIssue] = []
        if let allocation, validator.rules.setting(.rangeOutsideAllocation) != .off,
            let current = try OrganisationStore(db: db).current(organisation)
        {
            for (index, range) in current.ranges.enumerated()
            where !OrganisationFormValidator.isCovered(range.range, by: allocation.ranges) {
                outside.append(
                    validator.outsideAllocation(
                        range, path: OrganisationInformationForm.path(ofRange: index, column: "first"),
                        allocation: allocation.ranges))
            }
        }
        return OrganisationPreconditions(
            organisationID: organisation, allocation: allocation, entryTests: entryTests, outsideAllocation: outside)
    }

    func currentEntryTests(of organisation: Int64) throws -> EntryTestsRecord? {
        try EntryTestsRecord.fetchOne(
            db,
            sql: """
                SELECT * FROM organisation_entry_tests INDEXED BY organisation_entry_tests_current
                WHERE organisation_id = ? AND is_current = 1
                """, arguments: [organisation])
    }

    /// Records a new allocation version, superseding the current one; returns its version.
    func recordAllocation(_ ranges: [IdentifierRange], of organisation: Int64, by operatorID: Int64, at time: String)
        throws -> Int
    {
        let previous =
            try Int.fetchOne(
                db, sql: "SELECT max(version) FROM organisation_allocation WHERE organisation_id = ?",
                arguments: [organisation]) ?? 0
        try db.execute(
            sql: "UPDATE organisation_allocation SET is_current = 0 WHERE organisation_id = ? AND is_current = 1",
            arguments: [organisation])
        for range in Set(ranges) {
            try AllocationRecord(
                organisationID: organisation, version: previous + 1, firstKey: range.first.storageKey,
                lastKey: range.last.storageKey,
                recordedAt: time, recordedBy: operatorID, isCurrent: true
            ).insert(db)
        }
        return previous + 1
    }

    func recordEntryTests(
        of organisation: Int64, passedOn: String, reference: String, by operatorID: Int64, at time: String
    ) throws {
        try db.execute(
            sql: "UPDATE organisation_entry_tests SET is_current = 0 WHERE organisation_id = ? AND is_current = 1",
            arguments: [organisation])
        var record = EntryTestsRecord(
            id: nil, organisationID: organisation, passedOn: passedOn, reference: reference, recordedAt: time,
            recordedBy: operatorID, isCurrent: true)
        try record.insert(db)
    }

    private func name(of operatorID: Int64) throws -> String {
        try String.fetchOne(db, sql: "SELECT name FROM operator WHERE id = ?", arguments: [operatorID])
            ?? "operator \(operatorID)"
    }
}
