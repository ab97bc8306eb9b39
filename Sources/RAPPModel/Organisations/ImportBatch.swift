import GRDB

/// What one import transaction already knows, so each form in it skips the lookups that would
/// only find it again.
///
/// Inside the batch's IMMEDIATE transaction nobody else writes, so the audit trail's head and the
/// range index's bucket levels in use change only through the batch's own inserts, which update
/// them here. A level superseded by an amendment may stay listed: probing it finds nothing, so
/// answers stay exact.
final class ImportBatch {
    /// The audit trail's last sequence number and hash, once read.
    var auditHead: (sequence: Int64, hash: String)?
    /// The policy version in force, once read: an import never changes it.
    var policyVersion: Int64?
    /// The bucket levels holding ranges in force, ascending, once read.
    var levelsInUse: [Int]?
    /// The statements every stored form runs, found once a batch: finding a statement in the
    /// connection's cache hashes its whole SQL text, about 1 k instructions each time.
    private var foundStatements: Statements?

    struct Statements {
        let organisationInsert: Statement
        let versionInsert: Statement
        let rangeInsert: Statement
        let auditInsert: Statement
        let rangeIndex: RangeIndex.Statements
    }

    /// The batch's statements, found on first use (inside its transaction, on its connection).
    func statements(_ db: Database) throws -> Statements {
        if let foundStatements { return foundStatements }
        let statements = Statements(
            organisationInsert: try db.cachedStatement(sql: OrganisationRecord.insertSQL),
            versionInsert: try db.cachedStatement(sql: OrganisationVersionRecord.insertSQL),
            rangeInsert: try db.cachedStatement(sql: UserRoleRangeRecord.insertSQL),
            auditInsert: try db.cachedStatement(sql: AuditEventRecord.insertSQL),
            rangeIndex: try RangeIndex.Statements(db: db))
        foundStatements = statements
        return statements
    }

    func noteLevel(_ level: Int) {
        guard var levels = levelsInUse, !levels.contains(level) else { return }
        levels.append(level)
        levels.sort()
        levelsInUse = levels
    }
}
