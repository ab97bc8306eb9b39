import GRDB

/// Reference fields checked against the registry, inside the transaction that stores them.
struct RegistryReferences: ReferenceLookup {
    let db: Database

    func exists(_ kind: ReferenceKind, id: Int64) throws -> Bool {
        switch kind {
        case .organisation:
            // Registered and current: one seek on organisation_version_current.
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM organisation_version WHERE organisation_id = ? AND is_current = 1)",
                arguments: [id]) ?? false
        case .operator:
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator WHERE id = ?)", arguments: [id]) ?? false
        case .credential:
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM credential WHERE id = ?)", arguments: [id])
                ?? false
        case .request:
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM request WHERE id = ?)", arguments: [id]) ?? false
        }
    }
}
