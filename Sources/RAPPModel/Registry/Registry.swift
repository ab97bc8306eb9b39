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
    /// The connections: a `DatabasePool` (WAL, one writer, many readers) for a registry opened
    /// to change it, opened at its first write when the open needed none (see `open`); one
    /// read-only `DatabaseQueue` for a registry opened with `openReadOnly`, and for the reads of
    /// an opened registry until its pool is open.
    private let connections: Mutex<Connections>
    /// Opened with `openReadOnly`: nothing is written, not even a migration or a first policy.
    public let isReadOnly: Bool
    /// The policy in force, as last read from the registry: refreshed at the start of every
    /// transaction, so a policy another process applied takes effect at once.
    private let cache: Mutex<CachedPolicy>
    /// The policy this open stored, when the registry had none (created, or migrated from a
    /// ratui that kept the policy outside the registry); nil when one was already stored.
    public let storedOnOpen: StoredPolicy?
    /// Who hears of anchor lines that could not be written, and those not yet heard of.
    let anchorReports = Mutex(AnchorReports())

    /// The open connections. `writer` is the pool (or, read-only, the queue); nil until the
    /// first write of a registry opened without one. `reader` is the read-only connection that
    /// inspected the file, kept for reads while there is no pool.
    struct Connections: Sendable {
        var writer: (any DatabaseWriter)?
        var reader: DatabaseQueue?
    }

    /// A stored policy with its A1 validator, made once per version; or, for a registry opened
    /// with `PolicyParts.rules`, that version's rules alone.
    struct CachedPolicy: Sendable {
        var version: Int64
        var rules: SiteRules
        /// The whole policy and its validator; nil when only the rules were read.
        var whole: (stored: StoredPolicy, validator: OrganisationFormValidator)?

        init(_ stored: StoredPolicy) {
            version = stored.version
            rules = stored.library.rules
            whole = (stored, OrganisationFormValidator(library: stored.library))
        }

        init(version: Int64, rules: SiteRules) {
            self.version = version
            self.rules = rules
            whole = nil
        }
    }

    /// The parts of the policy this registry reads (`PolicyParts`): all of it, unless it was
    /// opened for the rules alone and `readWholePolicy()` has not been called since.
    public var policyParts: PolicyParts { cache.withLock { $0.whole == nil ? .rules : .all } }

    /// How long a write waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 30

    /// "RATU": the SQLite application id that marks a ratui registry (set by the first migration).
    static let applicationID: Int32 = 0x5241_5455

    private init(
        path: String, connections: Connections, isReadOnly: Bool = false, policy: CachedPolicy,
        storedOnOpen: StoredPolicy?
    ) {
        self.path = path
        self.connections = Mutex(connections)
        self.isReadOnly = isReadOnly
        self.cache = Mutex(policy)
        self.storedOnOpen = storedOnOpen
    }

    /// The whole policy in force, which a registry opened for its rules alone never read.
    private var whole: (stored: StoredPolicy, validator: OrganisationFormValidator) {
        guard let whole = cache.withLock({ $0.whole }) else {
            preconditionFailure("the registry at \(path) was opened with its policy's rules alone (PolicyParts.rules)")
        }
        return whole
    }

    /// The policy in force: form definitions and site rules every check and permission follows.
    ///
    /// It is stored in the registry (`policy_version`), so whoever runs a command cannot choose
    /// another; `applyPolicy` changes it, as an audited change.
    public var policy: FormLibrary { whole.stored.library }

    /// The policy in force with its version, hash and history.
    public var storedPolicy: StoredPolicy { whole.stored }

    /// The A1 validator of the policy in force.
    public var validator: OrganisationFormValidator { whole.validator }

    /// The site rules of the policy: roles, permissions, sign-in limits and check settings.
    public var rules: SiteRules { cache.withLock { $0.rules } }

    /// The number of the policy version in force.
    public var policyVersion: Int64 { cache.withLock { $0.version } }

    /// Opens the registry at `path`, applying any migrations it lacks.
    ///
    /// With `create`, a missing file (and its folder, mode 0700) is created with mode 0600.
    /// A file that is not a ratui registry, or one from a newer ratui, is refused untouched.
    /// A registry with no stored policy (new, or from an older ratui) stores `initialPolicy`
    /// (the built-in one when nil) as its first version, with an audit event; otherwise
    /// `initialPolicy` is not used: the registry's own policy is in force.
    ///
    /// `parts` is what of an existing registry's stored policy is parsed when it needs no write
    /// to be opened (its hash is checked either way); one created or migrated now reads it all.
    public static func open(
        path: String, create: Bool, initialPolicy: FormLibrary? = nil, parts: PolicyParts = .all
    ) throws(RegistryError) -> Registry {
        if try !checkRegularFile(at: path) {
            guard create else { throw .notFound(path: path) }
            try createFile(at: path)
        }
        // A registry in WAL mode that has every migration this build knows and a stored policy
        // needs no write to be opened: its policy is read, and checked against its hash, on the
        // connection that inspected it, which serves reads until the first write opens the pool
        // (`pool`). So the sign-in screen never waits for another process's write. A file this
        // process may not write, or one whose connection had to be immutable, takes the usual
        // open, which refuses it as before.
        guard let (queue, applied, isWAL) = try inspectKeepingOpen(at: path) else {
            return try openWriting(path: path, applied: nil, initialPolicy: initialPolicy)
        }
        if isWAL, queue.path == path, Set(knownMigrations).isSubset(of: applied), writeAccessProblem(path) == nil,
            let policy = try readPolicy(queue, parts: parts, path: path)
        {
            return Registry(path: path, connections: Connections(reader: queue), policy: policy, storedOnOpen: nil)
        }
        do {
            try queue.close()
        } catch {
            throw classify(error, path: path)
        }
        return try openWriting(path: path, applied: applied, initialPolicy: initialPolicy)
    }

    /// The policy stored in the registry, read on `queue`, checked against its hash and parsed
    /// as far as `parts` says; nil when none is stored yet.
    private static func readPolicy(_ queue: DatabaseQueue, parts: PolicyParts, path: String) throws(RegistryError)
        -> CachedPolicy?
    {
        do {
            return try queue.read { db in
                let store = PolicyStore(db: db)
                guard let current = try store.currentVersion() else { return nil }
                return try load(store, current, parts: parts, path: path)
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw classify(error, path: path)
        }
    }

    /// The connections that write: a `DatabasePool` on `path`, in WAL mode.
    static func openPool(path: String) throws(RegistryError) -> DatabasePool {
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
                throw .io(
                    path: path, message: "cannot open it for changes: \(writeAccessProblem(path) ?? describe(error))")
            }
        }
        return opened!
    }

    /// The usual open: the pool, the migrations the registry lacks (`applied` are those it had
    /// when inspected), and the first policy if it has none.
    private static func openWriting(path: String, applied: Set<String>?, initialPolicy: FormLibrary?)
        throws(RegistryError) -> Registry
    {
        let pool = try openPool(path: path)
        var anchored: AppendedEvents?
        // A registry that had every migration this build knows when inspected has them now
        // (none is ever undone): it needs neither a baseline nor migrating, and the usual open
        // skips both checks, each a read on a further connection.
        if applied.map({ !Set(knownMigrations).isSubset(of: $0) }) ?? true {
            let baselineDue = try baselineDue(pool, path: path)
            try migrate(pool, path: path)
            if let baselineDue { anchored = try writeBaseline(pool, path: path, of: baselineDue) }
        }
        let (policy, stored) = try storePolicyIfNone(pool, path: path, initial: initialPolicy)
        let registry = Registry(
            path: path, connections: Connections(writer: pool), policy: CachedPolicy(policy), storedOnOpen: stored)
        if let anchored { registry.anchor(anchored) }
        return registry
    }

    /// Opens the registry at `path` for reading only: for the commands that change nothing.
    ///
    /// Nothing is written: no migration, no first policy, no lock taken, so it never waits for
    /// another process's write and works on a registry the user may only read. A file that is
    /// read-only, in a read-only folder or on a read-only mount is opened `immutable=1` when the
    /// normal read-only open cannot make its shared-memory file, unless its write-ahead log still
    /// holds commits. A registry that needs migrating, or holds no policy yet, is refused with how
    /// to bring it up to date (`ratui init`); the stored policy is checked against its hash as
    /// for any open, and `parts` says what of it is parsed (`PolicyParts.rules` for a command
    /// that needs the rules alone).
    public static func openReadOnly(path: String, parts: PolicyParts = .all) throws(RegistryError) -> Registry {
        guard try checkRegularFile(at: path) else { throw .notFound(path: path) }
        if fileSize(path) == 0 {
            throw .needsInit(path: path, reason: "it is empty: no registry was created in it yet")
        }
        // The connection that inspected the file reads it too: one open, one schema parse.
        guard let (queue, applied, _) = try inspectKeepingOpen(at: path) else {
            throw .needsInit(path: path, reason: "it is empty: no registry was created in it yet")
        }
        do {
            let policy: CachedPolicy = try queue.read { db in
                let missing = knownMigrations.filter { !applied.contains($0) }
                if !missing.isEmpty {
                    throw RegistryError.needsInit(
                        path: path,
                        reason: "it needs migrating to this ratui's schema (\(missing.joined(separator: ", ")))")
                }
                let store = PolicyStore(db: db)
                guard let current = try store.currentVersion() else {
                    throw RegistryError.needsInit(path: path, reason: "it holds no policy of its own yet")
                }
                return try load(store, current, parts: parts, path: path)
            }
            return Registry(
                path: path, connections: Connections(writer: queue), isReadOnly: true, policy: policy, storedOnOpen: nil
            )
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .io(path: path, message: "cannot read it: \(describe(error))")
        }
    }

    // MARK: Opening

    /// The size of what is at `path` (`lstat`, as `FileManager.attributesOfItem` reports it: a
    /// symbolic link's own), or nil when nothing is there or it cannot be looked at. One system
    /// call: every open asks, and Foundation's attribute dictionary costs far more.
    static func fileSize(_ path: String) -> Int? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }

    /// Whether something is at `path`: false when nothing is, true for a regular file; anything
    /// else (a FIFO, a device, a folder) is refused before it is opened, since opening a FIFO
    /// with no writer blocks and a device such as /dev/zero never ends.
    @discardableResult
    static func checkRegularFile(at path: String) throws(RegistryError) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return false }
            throw .io(path: path, message: "cannot look at it: \(String(cString: strerror(code)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .notARegistry(path: path, reason: "it is \(InputFile.kind(of: status.st_mode)), not a regular file")
        }
        return true
    }

    /// A read-only connection to `path`, and proof that it can read: the normal read-only open,
    /// else the same file `immutable=1` when that failed only because SQLite could not create or
    /// write its shared-memory file (a read-only file, folder or mount) and no write-ahead log
    /// holds commits that an immutable open would not see.
    static func openReadOnlyQueue(at path: String) throws(RegistryError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "ratui.registry.read-only"
        func probe(_ location: String) throws -> DatabaseQueue {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
        do {
            return try probe(path)
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM].contains(error.resultCode.primaryResultCode)
        {
            let log = fileSize(path + "-wal") ?? 0
            guard log == 0 else {
                throw .io(
                    path: path,
                    message:
                        "cannot read it: \(describe(error)); its write-ahead log (\(path)-wal) holds commits that only a process allowed to write the folder can read. Run the command as a user who may write there, or copy the registry with `ratui backup`"
                )
            }
            do {
                return try probe(immutableURI(path))
            } catch {
                throw classify(error, path: path)
            }
        } catch {
            throw classify(error, path: path)
        }
    }

    /// Why this process may not write the registry or create its write-ahead log beside it, in
    /// words, or nil when it may.
    static func writeAccessProblem(_ path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for (name, target) in [("the file", path), ("its folder \(folder)", folder)] where access(target, W_OK) != 0 {
            return
                "\(name) is not writable (\(String(cString: strerror(errno)))); commands that only read it, such as `ratui org list`, work"
        }
        return nil
    }

    /// `path` as an SQLite URI opened read-only and immutable: no lock, no shared memory, no
    /// write-ahead log. Only for files nobody can change while they are read.
    static func immutableURI(_ path: String) -> String {
        var absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        while absolute.hasPrefix("//") { absolute.removeFirst() }
        var escaped = ""
        for character in absolute.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "file:\(escaped)?mode=ro&immutable=1"
    }

    /// A database error met while reading a file that claims to be a registry, in words that
    /// say what is wrong: a damaged file is not "not a registry", nor is a full disk.
    static func classify(_ error: any Error, path: String, doing: String = "cannot read it") -> RegistryError {
        if let error = error as? RegistryError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode.primaryResultCode {
            case .SQLITE_NOTADB:
                return .notARegistry(path: path, reason: "it is not an SQLite database")
            case .SQLITE_CORRUPT:
                return .damaged(path: path, reason: describe(error))
            default:
                break
            }
        }
        return .io(path: path, message: "\(doing): \(describe(error))")
    }

    static func createFile(at path: String) throws(RegistryError) {
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
    /// Returns the migrations the file has applied; nil for an empty file.
    @discardableResult
    static func inspect(at path: String) throws(RegistryError) -> Set<String>? {
        guard let (queue, applied, _) = try inspectKeepingOpen(at: path) else { return nil }
        do {
            try queue.close()
        } catch {
            throw classify(error, path: path)
        }
        return applied
    }

    /// `inspect`, leaving open the read-only connection it inspected the file with, for a
    /// command that only reads (`openReadOnly`), with the migrations the file has applied and
    /// whether its header says it is in WAL mode; nil for an empty file.
    static func inspectKeepingOpen(at path: String) throws(RegistryError) -> (
        DatabaseQueue, applied: Set<String>, isWAL: Bool
    )? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return nil }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
            throw .notARegistry(path: path, reason: "it is not an SQLite database")
        }
        let headerID = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        guard headerID == 0 || headerID == applicationID else {
            throw .notARegistry(path: path, reason: "it belongs to another application")
        }
        try checkLength(header: header, path: path)
        let liveID: Int32
        let tables: Set<String>
        let applied: Set<String>
        let queue: DatabaseQueue
        do {
            queue = try openReadOnlyQueue(at: path)
            (liveID, tables, applied) = try queue.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    Set(
                        try String.fetchAll(
                            db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'")),
                    try db.tableExists("grdb_migrations")
                        ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
                )
            }
        } catch {
            throw classify(error, path: path)
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
        // The file format versions (offsets 18 and 19) are 2 in WAL mode.
        return (queue, applied, header[18] == 2 && header[19] == 2)
    }

    /// Refuses a registry shorter than its header says: a copy cut short, or a disk that filled
    /// while it was written. The page count in the header is valid when the "version valid for"
    /// number (offset 92) matches the change counter (offset 24), and says how long the file is
    /// only when no write-ahead log holds pages still to be copied into it (a checkpoint stopped
    /// by a full disk leaves the file short and the log whole, which SQLite reads correctly).
    private static func checkLength(header: Data, path: String) throws(RegistryError) {
        if let log = fileSize(path + "-wal"), log > 0 { return }
        func number(_ offset: Int, _ count: Int) -> Int {
            header[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
        }
        let pageSize = number(16, 2) == 1 ? 65_536 : number(16, 2)
        let pages = number(28, 4)
        guard number(92, 4) == number(24, 4), pages > 0,
            let size = fileSize(path),
            size < pageSize * pages
        else { return }
        throw .damaged(
            path: path,
            reason:
                "it is cut short: \(size) bytes, where its header counts \(pages) pages of \(pageSize) bytes (\(pageSize * pages) bytes)"
        )
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

    /// The migration identifiers this build knows, in order: the names of the embedded
    /// `Schemas/*.sql` files, read without decoding them (every open checks against these).
    public static let knownMigrations: [String] = EmbeddedDefaults.files.keys
        .filter { $0.hasPrefix("Schemas/") && $0.hasSuffix(".sql") }
        .map { String($0.dropFirst("Schemas/".count).dropLast(".sql".count)) }
        .sorted()

    /// The oldest SQLite whose FTS5 has the trigram tokenizer, which the organisation search
    /// index (schema 9) needs.
    public static let minimumSQLite = (3, 34, 0)

    /// SQLite's version here, and whether it has FTS5 with the trigram tokenizer: ratui links
    /// the system's SQLite (GRDB's `GRDBSQLite` module), so a machine with an old one is told,
    /// rather than failing mid-migration with "no such tokenizer".
    static func checkSQLite(_ db: Database, path: String) throws {
        let version = try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "0"
        let parts = version.split(separator: ".").map { Int($0) ?? 0 } + [0, 0, 0]
        let (major, minor, patch) = minimumSQLite
        let needed = "\(major).\(minor).\(patch)"
        guard (parts[0], parts[1], parts[2]) >= (major, minor, patch) else {
            throw RegistryError.io(
                path: path,
                message: "this SQLite is \(version); ratui needs \(needed) or later (FTS5 with the trigram tokenizer)")
        }
        do {
            try db.execute(
                sql:
                    "CREATE VIRTUAL TABLE temp.ratui_trigram_probe USING fts5(x, tokenize = 'trigram'); DROP TABLE temp.ratui_trigram_probe"
            )
        } catch {
            throw RegistryError.io(
                path: path,
                message: "this SQLite (\(version)) has no FTS5 trigram tokenizer, which ratui needs: \(describe(error))"
            )
        }
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws(RegistryError) {
        let migrator = Self.migrator
        do {
            try pool.writeWithoutTransaction { db in try checkSQLite(db, path: path) }
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                throw RegistryError.newerSchema(
                    path: path, unknownMigrations: applied.subtracting(migrator.migrations).sorted())
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
                            "reason": .string(
                                hadEvents ? "migrated: the registry kept no policy of its own" : "created"),
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
        guard current != cache.withLock({ $0.version }) else { return }
        let loaded = try Self.load(store, current, parts: policyParts, path: path)
        cache.withLock { $0 = loaded }
    }

    /// Parses the rest of the policy of a registry opened for its rules alone, refusing it as an
    /// open with `PolicyParts.all` would have; does nothing when all of it was read. The terminal
    /// UI calls it once its first frame is drawn, before it handles a key.
    public func readWholePolicy() throws(RegistryError) {
        guard policyParts == .rules else { return }
        let loaded: CachedPolicy
        do {
            loaded = try reportingDatabaseErrors {
                try reader.read { db in
                    let store = PolicyStore(db: db)
                    guard let current = try store.currentVersion() else {
                        throw RegistryError.policy(path: path, reason: "no policy is stored")
                    }
                    return try Self.load(store, current, parts: .all, path: path)
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .io(path: path, message: "cannot read it: \(Self.describe(error))")
        }
        cache.withLock { $0 = loaded }
    }

    /// Reads policy `version`, checked against its hash, and parses the given parts of it.
    private static func load(_ store: PolicyStore, _ version: Int64, parts: PolicyParts, path: String) throws
        -> CachedPolicy
    {
        switch parts {
        case .all: CachedPolicy(try store.load(version, registryPath: path))
        case .rules: CachedPolicy(version: version, rules: try store.loadRules(version, registryPath: path))
        }
    }

    // MARK: Connections

    /// The connections that write (for a read-only registry, its one connection), opened now
    /// if this is the first write since the registry was opened without them.
    var pool: any DatabaseWriter {
        get throws(RegistryError) {
            try connections.withLock { connections throws(RegistryError) in
                if let writer = connections.writer { return writer }
                let pool = try Self.openPool(path: path)
                connections.writer = pool
                return pool
            }
        }
    }

    /// The connection reads use: the pool's readers once it is open, else the read-only
    /// connection the registry was opened with.
    private var reader: any DatabaseReader {
        connections.withLock { connections in
            if let writer = connections.writer { return writer }
            return connections.reader!
        }
    }

    /// Closes every connection; the registry is not used afterwards. A copy is complete in
    /// its file only once they are closed (the last one folds the write-ahead log into it).
    public func closeConnections() throws {
        let (writer, reader) = connections.withLock { ($0.writer, $0.reader) }
        try reader?.close()
        try writer?.close()
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
        if isReadOnly {
            throw RegistryError.io(path: path, message: "it was opened read-only, and this changes it")
        }
        var appended: AppendedEvents?
        let pool = try self.pool
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
                    appended =
                        after.sequence == before
                        ? nil
                        : AppendedEvents(
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
            try reader.read { db in
                try refreshPolicy(db)
                return try body(db)
            }
        }
    }

    func reportingDatabaseErrors<T>(_ body: () throws -> T) throws -> T {
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

    /// SQLite's message, and what it means for a registry when it is one people meet: a full
    /// disk, a read-only file or folder, a damaged file.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
            switch error.resultCode.primaryResultCode {
            case .SQLITE_FULL:
                return
                    "\(message): the disk is full; free space and try again (nothing of the failed change was stored)"
            case .SQLITE_READONLY:
                return
                    "\(message): the file or its folder is read-only; changing it needs write access to both (commands that only read it work)"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return "\(message): the file is damaged; restore it from a backup (`ratui restore`)"
            case .SQLITE_IOERR:
                return "\(message): the disk could not be read or written (full, removed or failing)"
            default:
                return message
            }
        }
        return "\(error)"
    }
}

extension Registry {
    /// SQLite's data version on the writing connection (`PRAGMA data_version`): it changes
    /// whenever another connection, in this process or another, commits a change, and never for
    /// this registry's own writes. A screen polls it to show other operators' changes.
    public func dataVersion() throws -> Int64 {
        try reportingDatabaseErrors {
            try pool.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        }
    }
}
