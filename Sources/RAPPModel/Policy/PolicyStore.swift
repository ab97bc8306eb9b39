import Foundation
import GRDB

/// The registry's policy versions: the one in force, every earlier one, and adding a new one.
///
/// Like every store, it works on one connection inside a transaction the registry opened.
struct PolicyStore {
    let db: Database

    /// The number of the version in force; nil in a registry that has none yet.
    func currentVersion() throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(version) FROM policy_version"))
    }

    /// Reads a version and parses its files, refusing files that no longer match their hash
    /// (edited in the file behind ratui's back) or that do not load.
    func load(_ version: Int64, registryPath: String) throws -> StoredPolicy {
        let (record, files) = try verifiedFiles(of: version, registryPath: registryPath)
        let library: FormLibrary
        do {
            library = try FormLibrary.load(
                files: Self.named(files, version: version), origin: "registry policy version \(version)")
        } catch {
            throw RegistryError.policy(path: registryPath, reason: error.description)
        }
        return StoredPolicy(
            version: version, hash: record.hash, appliedAt: record.appliedAt, appliedBy: record.appliedBy,
            origin: record.origin, library: library)
    }

    /// Reads a version and parses its rules alone (`PolicyParts.rules`), refusing it exactly as
    /// `load` does when its files no longer match their hash, and when its rules do not load.
    func loadRules(_ version: Int64, registryPath: String) throws -> SiteRules {
        let (_, files) = try verifiedFiles(of: version, registryPath: registryPath)
        do {
            return try FormLibrary.loadRules(
                files: Self.named(files, version: version), origin: "registry policy version \(version)")
        } catch {
            throw RegistryError.policy(path: registryPath, reason: error.description)
        }
    }

    /// A version's record and every one of its files, checked against the hash it was stored with.
    private func verifiedFiles(of version: Int64, registryPath: String) throws -> (PolicyVersionRecord, PolicyFiles) {
        guard let record = try record(of: version) else {
            throw RegistryError.policy(path: registryPath, reason: "policy version \(version) is missing")
        }
        let files = PolicyFiles(try self.files(of: version))
        guard files.hash == record.hash else {
            throw RegistryError.policy(
                path: registryPath,
                reason:
                    "the files of policy version \(version) no longer match its hash: they were changed outside ratui")
        }
        return (record, files)
    }

    /// The files with the names a load reports them by.
    private static func named(_ files: PolicyFiles, version: Int64) -> [(path: String, name: String, data: Data)] {
        files.files.map { (path: $0.key, name: "policy version \(version): \($0.key)", data: $0.value) }
    }

    /// The record of a version. Read by a statement of its own, column by column: every open
    /// reads it, and decoding the record through `Codable` costs more than all of its SQL.
    func record(of version: Int64) throws -> PolicyVersionRecord? {
        let statement = try db.cachedStatement(
            sql: "SELECT hash, applied_at, applied_by, origin FROM policy_version WHERE version = ?")
        guard let row = try Row.fetchOne(statement, arguments: [version]) else { return nil }
        return PolicyVersionRecord(
            version: version, hash: row[0], appliedAt: row[1], appliedBy: row[2], origin: row[3])
    }

    /// The files of a version, by path (read column by column, as `record(of:)`).
    func files(of version: Int64) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let statement = try db.cachedStatement(sql: "SELECT path, content FROM policy_file WHERE version = ?")
        let rows = try Row.fetchCursor(statement, arguments: [version])
        while let row = try rows.next() {
            files[row[0]] = row[1]
        }
        return files
    }

    /// Stores `library`'s files as the next version, in force from now on.
    @discardableResult
    func add(_ library: FormLibrary, origin: String, by operatorName: String?, at time: String) throws -> (
        version: Int64, hash: String
    ) {
        let version = (try currentVersion() ?? 0) + 1
        let files = PolicyFiles(library.files)
        try PolicyVersionRecord(
            version: version, hash: files.hash, appliedAt: time, appliedBy: operatorName, origin: origin
        ).insert(db)
        for (path, content) in files.files {
            try PolicyFileRecord(version: version, path: path, content: content).insert(db)
        }
        return (version, files.hash)
    }
}
