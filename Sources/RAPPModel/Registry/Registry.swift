import Foundation
import GRDB
import Synchronization

/// The SQLite registry of organisations, their A1 forms and User Role ranges, operators and the
/// audit trail, under one policy.
///
/// One file, opened in WAL mode so readers never wait for a writer, with a busy timeout so that
/// a second `ratui` process waits its turn instead of failing. Every write is one IMMEDIATE
/// transaction: the checks it makes see exactly the state it commits against, and a failed write
/// leaves the registry as it was.
///
/// The registry owns opening, migrations and transactions. What is stored lives in stores, one
/// per aggregate (`OrganisationStore`, `OperatorStore`, `AuditTrail`, `RangeIndex`), each working
/// on the `Database` of a transaction the registry opened with `read(_:)` or `write(_:)`. The
/// public methods in the `Registry+…` files are thin entry points that open the transaction,
/// check the operator's permission and call the stores.
public final class Registry: Sendable {
    public let path: String
    let pool: DatabasePool
    /// The policy in force, as last read from the registry: refreshed at the start of every
    /// transaction, so a policy another process applied takes effect at once.
    private let cache: Mutex<CachedPolicy>
    /// The policy this open stored, when the registry had none (created, or migrated from a
    /// ratui that kept the policy outside the registry); nil when one was already stored.
    public let storedOnOpen: StoredPolicy?
    /// Who hears of anchor lines that could not be written, and those not yet heard of.
    let anchorReports = Mutex(AnchorReports())

    /// A stored policy with its A1 validator, made once per version.
    struct CachedPolicy: Sendable {
        var stored: StoredPolicy
        var validator: OrganisationFormValidator
        init(_ stored: StoredPolicy) {
            self.stored = stored
            self.validator = OrganisationFormValidator(library: stored.library)
        }
    }

    /// How long a write waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 30

    /// "RATU": the SQLite application id that marks a ratui registry (set by the first migration).
    static let applicationID: Int32 = 0x5241_5455

    private init(path: String, pool: DatabasePool, policy: StoredPolicy, storedOnOpen: StoredPolicy?) {
        self.path = path
        self.pool = pool
        self.cache = Mutex(CachedPolicy(policy))
        self.storedOnOpen = storedOnOpen
    }

    /// The policy in force: form definitions and site rules every check and permission follows.
    ///
    /// It is stored in the registry (`policy_version`), so whoever runs a command cannot choose
    /// another; `applyPolicy` changes it, as an audited change.
    public var policy: FormLibrary { cache.withLock { $0.stored.library } }

    /// The policy in force with its version, hash and history.
    public var storedPolicy: StoredPolicy { cache.withLock { $0.stored } }

    /// The A1 validator of the policy in force.
    public var validator: OrganisationFormValidator { cache.withLock { $0.validator } }

    /// The site rules of the policy: roles, permissions, sign-in limits and check settings.
    public var rules: SiteRules { policy.rules }

    /// Opens the registry at `path`, applying any migrations it lacks.
    ///
    /// With `create`, a missing file (and its folder, mode 0700) is created with mode 0600.
    /// A file that is not a ratui registry, or one from a newer ratui, is refused untouched.
    /// A registry with no stored policy (new, or from an older ratui) stores `initialPolicy`
    /// (the built-in one when nil) as its first version, with an audit event; otherwise
    /// `initialPolicy` is not used: the registry's own policy is in force.
    public static func open(path: String, create: Bool, initialPolicy: FormLibrary? = nil) throws(RegistryError) -> Registry {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            guard create else { throw .notFound(path: path) }
            try createFile(at: path)
        }
        try inspect(at: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "ratui.registry"
        configuration.prepareDatabase { db in
            // WAL without an fsync per commit: a crash may lose the last commits, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        // Switching a new file to WAL needs an exclusive lock, and SQLite reports "busy" at once,
        // without the busy timeout, while another process holds one: retry for as long.
        let deadline = Date().addingTimeInterval(busyTimeout)
        var opened: DatabasePool?
        while opened == nil {
            do {
                opened = try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(10_000)
            } catch {
                throw .io(path: path, message: "cannot open: \(describe(error))")
            }
        }
        let pool = opened!
        let baselineDue = try isBaselineDue(pool, path: path)
        try migrate(pool, path: path)
        let anchored = baselineDue ? try writeBaseline(pool, path: path) : nil
        let (policy, stored) = try storePolicyIfNone(pool, path: path, initial: initialPolicy)
        let registry = Registry(path: path, pool: pool, policy: policy, storedOnOpen: stored)
        if let anchored { registry.anchor(anchored) }
        return registry
    }

    // MARK: Opening

    private static func createFile(at path: String) throws(RegistryError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .io(path: path, message: "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let code = errno
            if code == EEXIST { return }  // another process created it first: fine
            throw .io(path: path, message: "cannot create the file: \(String(cString: strerror(code)))")
        }
        close(descriptor)
    }

    /// Refuses a file that is not a ratui registry, or is one from a newer ratui, before anything
    /// opens it for writing.
    ///
    /// The SQLite header holds the application id at offset 68; an empty file is a registry not yet
    /// initialised. Anything else is inspected through a read-only connection, which sees the
    /// write-ahead log too (a registry being created by another process may have its id only there).
    /// An SQLite file with no tables but GRDB's migrations table is a registry not yet initialised.
    private static func inspect(at path: String) throws(RegistryError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
            throw .notARegistry(path: path, reason: "it is not an SQLite database")
        }
        let headerID = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        guard headerID == 0 || headerID == applicationID else {
            throw .notARegistry(path: path, reason: "it belongs to another application")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let liveID: Int32, tables: Set<String>, applied: Set<String>
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            (liveID, tables, applied) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'")),
                 try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : [])
            }
            try queue.close()
        } catch {
            throw .notARegistry(path: path, reason: "it cannot be read as a database: \(describe(error))")
        }
        // A registry being created by another process holds only the migrations table until its
        // first migration, which sets the id, commits.
        guard liveID == applicationID || (liveID == 0 && tables.isSubset(of: ["grdb_migrations"])) else {
            throw .notARegistry(path: path, reason: "it holds another application's tables")
        }
        let unknown = applied.subtracting(knownMigrations)
        if !unknown.isEmpty {
            throw .newerSchema(path: path, unknownMigrations: unknown.sorted())
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, data) in FormLibrary.builtInFiles(in: "Schemas").sorted(by: { $0.key < $1.key }) {
            let sql = String(decoding: data, as: UTF8.self)
            migrator.registerMigration(String(name.dropLast(".sql".count))) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// The migration identifiers this build knows, in order.
    public static var knownMigrations: [String] { migrator.migrations }

    private static func migrate(_ pool: DatabasePool, path: String) throws(RegistryError) {
        let migrator = Self.migrator
        do {
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                throw RegistryError.newerSchema(path: path, unknownMigrations: applied.subtracting(migrator.migrations).sorted())
            }
            // Two processes opening a new registry at once both try the first migration, and the
            // loser fails (busy, or "table already exists") while the winner's transaction runs.
            // Its work is being done by the other: wait for that, as a busy timeout would.
            let deadline = Date().addingTimeInterval(busyTimeout)
            while true {
                do {
                    try migrator.migrate(pool)
                    break
                } catch {
                    if try pool.read({ db in try migrator.hasCompletedMigrations(db) }) { break }
                    guard Date() < deadline else { throw error }
                    usleep(10_000)
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .io(path: path, message: "cannot bring the schema up to date: \(describe(error))")
        }
    }

    /// Reads the policy in force; in a registry that has none, first stores `initial` (or the
    /// built-in policy) as version 1 with its audit event, in one transaction. Returns the
    /// policy, and the one stored now if this open stored it.
    private static func storePolicyIfNone(
        _ pool: DatabasePool, path: String, initial: FormLibrary?
    ) throws(RegistryError) -> (StoredPolicy, stored: StoredPolicy?) {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: (StoredPolicy, stored: StoredPolicy?)?
                try db.inTransaction(.immediate) {
                    let store = PolicyStore(db: db)
                    if let current = try store.currentVersion() {
                        result = (try store.load(current, registryPath: path), nil)
                        return .commit
                    }
                    let library = try initial ?? FormLibrary.builtIn()
                    let hadEvents = try AuditTrail(db: db).head().sequence > 0
                    let time = Timestamp.format(Date())
                    let (version, hash) = try store.add(library, origin: library.origin, by: nil, at: time)
                    try AuditTrail(db: db).append(
                        operatorName: nil, action: .policyStored, record: "policy/\(version)",
                        details: .object([
                            "version": JSONValue(version), "hash": .string(hash), "origin": .string(library.origin),
                            "reason": .string(hadEvents ? "migrated: the registry kept no policy of its own" : "created"),
                        ]),
                        state: try store.state(of: version), at: time)
                    let stored = try store.load(version, registryPath: path)
                    result = (stored, stored)
                    return .commit
                }
                return result!
            }
        } catch let error as RegistryError {
            throw error
        } catch let error as FormsLoadError {
            throw .policy(path: path, reason: error.description)
        } catch {
            throw .io(path: path, message: "cannot store or read the policy: \(describe(error))")
        }
    }

    /// Re-reads the policy when another process has applied a new version since it was read.
    /// The version number is the table's primary key: one seek.
    func refreshPolicy(_ db: Database) throws {
        let store = PolicyStore(db: db)
        guard let current = try store.currentVersion() else {
            throw RegistryError.policy(path: path, reason: "no policy is stored")
        }
        guard current != cache.withLock({ $0.stored.version }) else { return }
        let stored = try store.load(current, registryPath: path)
        cache.withLock { $0 = CachedPolicy(stored) }
    }

    // MARK: Transactions

    /// Runs store code in one IMMEDIATE transaction: all of it is stored, or none of it.
    ///
    /// This and `read(_:)` are how code in RAPPModel reaches the stores:
    /// `try registry.write { db in try OperatorStore(db: db, rules: rules).… }`. A database
    /// failure becomes `RegistryError.io` naming this registry; any other error, such as an
    /// `AccessError` from a permission check, rolls the transaction back and is thrown unchanged.
    /// Once it commits, if it appended audit events and the policy names an anchor, the new head
    /// is appended there (`anchor(_:)`); a failure is reported, never undoes the change.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        var appended: AppendedEvents?
        let result = try reportingDatabaseErrors {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    try refreshPolicy(db)
                    let anchorBefore = rules.auditAnchor
                    let trail = AuditTrail(db: db)
                    let before = try trail.head().sequence
                    result = try body(db)
                    let after = try trail.head()
                    appended = after.sequence == before ? nil : AppendedEvents(
                        first: before + 1, last: after.sequence, hash: after.hash,
                        anchors: [anchorBefore, rules.auditAnchor].compactMap { $0 })
                    return .commit
                }
                return result!
            }
        }
        // After the commit: the change stands whatever becomes of its anchor.
        if let appended { anchor(appended) }
        return result
    }

    /// Runs store code on a read-only snapshot: it sees one consistent state, and never waits
    /// for a writer.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try reportingDatabaseErrors {
            try pool.read { db in
                try refreshPolicy(db)
                return try body(db)
            }
        }
    }

    private func reportingDatabaseErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw RegistryError.io(path: path, message: Self.describe(error))
        }
    }

    /// Turns any error from the database layer into a `RegistryError` naming this registry.
    func wrap<T>(_ body: () throws -> T) throws(RegistryError) -> T {
        do {
            return try body()
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .io(path: path, message: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.message ?? "SQLite error \(error.resultCode.rawValue)")"
        }
        return "\(error)"
    }
}
