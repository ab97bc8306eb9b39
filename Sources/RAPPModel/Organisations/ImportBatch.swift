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

    func noteLevel(_ level: Int) {
        guard var levels = levelsInUse, !levels.contains(level) else { return }
        levels.append(level)
        levels.sort()
        levelsInUse = levels
    }
}
