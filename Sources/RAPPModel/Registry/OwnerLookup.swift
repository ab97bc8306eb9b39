import GRDB

/// Many `whois` look-ups answered from one snapshot of the registry: what `whois --file` uses
/// for the lines it has read together.
///
/// `Registry.owners(of:)` is one read transaction per identifier: the policy version checked, the
/// bucket levels in use found (a seek each), then the look-up. Inside one snapshot neither can
/// change, so a batch does both once and each identifier costs only its own seeks. A lookup is
/// only valid inside the `Registry.withOwnerLookup` call that gave it.
public struct OwnerLookup: ~Copyable {
    let index: RangeIndex
    /// The rules in force in this snapshot: role names for the answers.
    public let rules: SiteRules

    /// Every range in force that holds the identifier, with its organisation: who owns it.
    public func owners(of identifier: EUI64) throws -> [RegisteredRange] {
        try index.holders(of: identifier)
    }
}

extension Registry {
    /// The page cache of a connection answering a batch of look-ups, in KiB: the most memory a
    /// batch holds besides its line and output buffers, whatever the registry's or input's size.
    public static let pageCacheKiB = 32_768

    /// The most of the registry file a batch maps into memory when asked to (`memoryMapped`):
    /// all of it, as far as SQLite allows (its build caps this, at 2 GiB for Debian's).
    public static let mappedBytes: Int64 = 1 << 40

    /// Runs `body` with look-ups answered from one read transaction (one snapshot); keep it to
    /// what has been read already, so no reader holds a snapshot while waiting for input.
    ///
    /// `memoryMapped` reads the registry through a read-only memory mapping (SQLite's
    /// `mmap_size`, for this connection from now on) instead of a `pread` per page: a random
    /// look-up reads two or three pages SQLite's cache does not hold, and copying them in cost a
    /// third of a batch's CPU. The mapped pages are the operating system's file cache, shared
    /// and given back under memory pressure, not the process's own memory. The price: a read
    /// that fails through the mapping (the file truncated behind SQLite's locks, or a disk
    /// error) is a SIGBUS, not an error SQLite can return, so only a caller that handles that
    /// signal should ask for it (`whois --file` does: it says so and exits 74).
    ///
    /// A database failure becomes `RegistryError.io`; `body`'s own errors are thrown unchanged.
    public func withOwnerLookup<T>(memoryMapped: Bool = false, _ body: (borrowing OwnerLookup) throws -> T)
        throws -> T
    {
        try read { db in
            // A batch visits pages all over the ranges' indexes and the names: SQLite's default
            // page cache (2 MiB) re-reads most of them with a system call each. A bounded cache
            // of `pageCacheKiB` for this connection keeps the upper levels and recent leaves.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
            if memoryMapped { try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)") }
            // The levels in use are found once per snapshot (the same knowledge an import keeps),
            // and the statements once.
            let index = RangeIndex(db: db, batch: ImportBatch(), statements: try RangeIndex.Statements(db: db))
            return try body(OwnerLookup(index: index, rules: rules))
        }
    }
}
