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
        guard let record = try PolicyVersionRecord.fetchOne(db, key: version) else {
            throw RegistryError.policy(path: registryPath, reason: "policy version \(version) is missing")
        }
        let files = PolicyFiles(try self.files(of: version))
        guard files.hash == record.hash else {
            throw RegistryError.policy(
                path: registryPath,
                reason:
                    "the files of policy version \(version) no longer match its hash: they were changed outside ratui")
        }
        let library: FormLibrary
        do {
            library = try FormLibrary.load(
                files: files.files.map { (path: $0.key, name: "policy version \(version): \($0.key)", data: $0.value) },
                origin: "registry policy version \(version)")
        } catch {
            throw RegistryError.policy(path: registryPath, reason: error.description)
        }
        return StoredPolicy(
            version: version, hash: record.hash, appliedAt: record.appliedAt, appliedBy: record.appliedBy,
            origin: record.origin, library: library)
    }

    /// The files of a version, by path.
    func files(of version: Int64) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in try PolicyFileRecord.filter(PolicyFileRecord.Columns.version == version).fetchAll(db) {
            files[file.path] = file.content
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
