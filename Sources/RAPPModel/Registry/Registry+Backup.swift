import Foundation
import GRDB

/// What a backup or a restore produced: the copy's audit trail as it verified.
public struct RegistryCopy: Sendable, Equatable {
    /// The file written: the backup, or the registry restored.
    public let path: String
    /// Events in its audit trail, all verified.
    public let events: Int64
    /// Its audit head, to compare with `audit head` and give `audit verify --expect-head`.
    public let head: String
    /// What a forced restore went past; empty otherwise.
    public let forcedPast: [String]
}

/// Why a restore was refused.
public enum RestoreError: CodedError, Equatable {
    /// The copy's trail does not verify, or it is older than (or not a continuation of) the
    /// registry it would replace. `--force` goes past these, and the restored registry says so.
    case refused(copy: String, problems: [String])
    /// Over an existing registry, only whoever could change its operators and policy may restore.
    case needsManager

    public var description: String {
        switch self {
        case .refused(let copy, let problems):
            "Not restored from \(copy): \(problems.joined(separator: "; ")). The registry was left as it was; --force restores it anyway, and the restored registry records that."
        case .needsManager:
            "Restoring over an existing registry replaces its operators and policy: sign in as one of its ra-managers (operator.manage and policy.apply)."
        }
    }

    public var code: String {
        switch self {
        case .refused: "restore.refused"
        case .needsManager: "access.not-permitted"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .refused: .invalidData
        case .needsManager: .noPermission
        }
    }
}

/// Backups and restores: whole-registry copies through SQLite's online backup, each copy's audit
/// trail verified before success is reported.
extension Registry {
    /// Copies the registry to a new file at `path` (mode 0600) and verifies the copy's audit trail.
    ///
    /// Needs `registry.backup`. Inside one IMMEDIATE transaction, which no other process can
    /// commit past, a separate read-only connection copies the registry through SQLite's online
    /// backup; the transaction then appends a `registry.backed-up` event naming the file, the same
    /// event is appended to the copy (same time, same chain, so the same hash), and the
    /// transaction commits only once the copy opens as a registry, its policy matches its hash
    /// and its trail verifies and ends at that event. So the copy is one consistent state, holds
    /// the record of its own taking, and a copy that failed leaves no event. (SQLite cannot back
    /// up from a connection in a write transaction, hence the second connection.) Other processes'
    /// writes wait for the copy, within the busy timeout; their reads do not. The copy is one
    /// self-contained file (rollback journal, no `-wal`). A file already at `path` is refused; a
    /// copy that fails is removed.
    public func backup(to path: String, by session: OperatorSession) throws -> RegistryCopy {
        try authorise(.registryBackup, by: session)
        try Self.createExclusively(path)
        do {
            // Only the file created here is ever removed.
            return try write { db in
                try OperatorStore(db: db, rules: rules).authorise(.registryBackup, session: session)
                let time = Timestamp.now()
                let details = JSONValue.object(["file": .string(path)])
                do {
                    let source = try Self.openReadOnlyQueue(at: self.path)
                    let destination = try DatabaseQueue(path: path)
                    try source.backup(to: destination)
                    try source.close()
                    try destination.writeWithoutTransaction { copy in
                        try copy.execute(sql: "PRAGMA journal_mode = DELETE")
                        try copy.inTransaction {
                            try AuditTrail(db: copy).append(
                                operatorName: session.name, action: .registryBackedUp, record: nil, details: details,
                                at: time)
                            return .commit
                        }
                    }
                    try destination.close()
                } catch {
                    throw Self.classify(error, path: path, doing: "cannot write the copy")
                }
                let event = try AuditTrail(db: db).append(
                    operatorName: session.name, action: .registryBackedUp, record: nil, details: details, at: time)
                let copy = try Self.verifyCopy(at: path)
                guard copy.head == event.hash else {
                    throw RegistryError.damaged(path: path, reason: "the copy does not end at the event recording it")
                }
                return copy
            }
        } catch {
            Self.removeFiles(at: path)
            throw error
        }
    }

    /// Restores the backup at `source` to `path`.
    ///
    /// With no registry at `path` (nothing there, or an empty file) anyone may restore; over an
    /// existing registry (`existing`, opened at `path`) only an operator of it whose roles grant
    /// both `operator.manage` and `policy.apply`, since the copy brings its own operators and
    /// policy. The copy is staged beside `path`, brought up to this ratui's schema, its policy
    /// checked against its hash and its trail verified. It is refused (`RestoreError.refused`)
    /// when its trail does not verify or, over an existing registry, when it does not hold that
    /// registry's head (older, or another history); `force` goes past both. A
    /// `registry.restored` event in the restored registry records the source, the head it
    /// replaced and whatever was forced. An existing registry is overwritten through SQLite's
    /// backup, so processes that have it open see the restored state rather than a swapped file;
    /// a new one appears by rename, whole.
    public static func restore(
        from source: String, to path: String, over existing: Registry?, by session: OperatorSession?, force: Bool
    ) throws -> RegistryCopy {
        var replacedHead: (sequence: Int64, hash: String)?
        if let existing {
            guard let session else { throw RestoreError.needsManager }
            replacedHead = try existing.read { db in
                let operators = OperatorStore(db: db, rules: existing.rules)
                do {
                    try operators.authorise(.operatorManage, session: session)
                    try operators.authorise(.policyApply, session: session)
                } catch is AccessError {
                    throw RestoreError.needsManager
                }
                return try AuditTrail(db: db).head()
            }
        }
        guard try checkRegularFile(at: source) else { throw InputError.missing(path: source) }
        try inspect(at: source)

        let staging = path + ".restoring-\(UUID().uuidString.prefix(8))"
        defer { removeFiles(at: staging) }
        if existing == nil { try createFile(at: path) }  // the folder (0700), and a place to rename to
        let result: RegistryCopy
        do {
            try createExclusively(staging)
            let from = try openReadOnlyQueue(at: source)
            let stage = try DatabaseQueue(path: staging)
            try from.backup(to: stage)
            try from.close()
            try stage.close()
            let staged = try Registry.open(path: staging, create: false)
            let verification = try staged.read { db in try AuditTrail(db: db).verify(expectingHead: replacedHead?.hash)
            }
            var problems: [String] = []
            if let broken = verification.firstBreak {
                problems.append("its audit trail does not verify (event \(broken.sequence): \(broken.reason))")
            }
            if let replacedHead, verification.expectedHeadFound == false {
                problems.append(
                    verification.count < replacedHead.sequence
                        ? "it is older than the registry it would replace (\(verification.count) events; the registry has \(replacedHead.sequence), head \(replacedHead.hash))"
                        : "its audit trail does not hold the head of the registry it would replace (\(replacedHead.hash)): it is another history"
                )
            }
            if !problems.isEmpty && !force { throw RestoreError.refused(copy: source, problems: problems) }
            let event = try staged.write { db in
                var details: [String: JSONValue] = [
                    "from": .string(source), "forced": .bool(!problems.isEmpty),
                    "copyEvents": JSONValue(verification.count), "copyHead": .string(verification.head),
                ]
                if !problems.isEmpty { details["forcedPast"] = .array(problems.map(JSONValue.string)) }
                if let replacedHead {
                    details["replaced"] = .object([
                        "events": JSONValue(replacedHead.sequence), "head": .string(replacedHead.hash),
                    ])
                }
                return try AuditTrail(db: db).append(
                    operatorName: session?.name, action: .registryRestored, record: nil, details: .object(details),
                    at: Timestamp.now())
            }
            // Everything into the file itself, so that it can be renamed or copied alone.
            try staged.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try staged.closeConnections()
            if let existing {
                let stage = try DatabaseQueue(path: staging)
                try stage.backup(to: existing.pool)
                try stage.close()
            } else {
                // Leftovers of a registry deleted without them would be read as this one's log.
                removeFiles(at: path)
                guard rename(staging, path) == 0 else {
                    throw RegistryError.io(
                        path: path,
                        message: "cannot put the restored registry in place: \(String(cString: strerror(errno)))")
                }
            }
            result = RegistryCopy(path: path, events: event.sequence, head: event.hash, forcedPast: problems)
        } catch let error as RestoreError {
            throw error
        } catch let error as RegistryError {
            throw error
        } catch {
            throw classify(error, path: path, doing: "cannot restore it")
        }
        // The registry as it now is must end where the staged copy did, and verify unless forced.
        let restored = try Registry.openReadOnly(path: path)
        let (last, check) = try restored.read { db in
            (try AuditTrail(db: db).head(), try AuditTrail(db: db).verify(expectingHead: nil))
        }
        try restored.closeConnections()
        if last.hash != result.head || (check.firstBreak != nil && result.forcedPast.isEmpty) {
            throw RegistryError.io(
                path: path,
                message:
                    "the restored registry does not end where the copy did (head \(last.hash), expected \(result.head))"
            )
        }
        return result
    }

    /// Opens a copy read-only and verifies it as a registry: schema, policy hash, audit trail.
    static func verifyCopy(at path: String) throws -> RegistryCopy {
        let copy = try Registry.openReadOnly(path: path)
        defer { try? copy.closeConnections() }
        let verification = try copy.read { db in try AuditTrail(db: db).verify(expectingHead: nil) }
        if let broken = verification.firstBreak {
            throw RegistryError.damaged(
                path: path,
                reason: "the copy's audit trail does not verify at event \(broken.sequence): \(broken.reason)")
        }
        return RegistryCopy(path: path, events: verification.count, head: verification.head, forcedPast: [])
    }

    /// Creates an empty file with mode 0600, refusing one already there (never overwrite a
    /// file a backup was not asked to replace).
    static func createExclusively(_ path: String) throws {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw RegistryError.io(path: path, message: "a file is already there; give a new file name")
            }
            throw RegistryError.io(path: path, message: "cannot create it: \(String(cString: strerror(code)))")
        }
        close(descriptor)
    }

    /// Removes a database file and its journal, write-ahead log and shared-memory files.
    static func removeFiles(at path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
