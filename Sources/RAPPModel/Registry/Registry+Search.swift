import GRDB

extension Registry {
    /// Where a page of organisations starts or ends: a row already shown, or an end of the list.
    public enum PagePosition: Hashable, Sendable {
        case first
        case after(id: Int64, name: String)
        case before(id: Int64, name: String)
        case last
    }

    /// One page of organisations whose current name starts with `namePrefix` (A-Z folded), in
    /// name then id order; with an empty prefix, every organisation in id order.
    ///
    /// Keyset paging on an index (`organisation_version_current_name`, or the current-version
    /// index for id order): a page costs one index seek whatever the registry holds.
    /// Rows come back in list order even when paging backwards.
    public func organisations(namePrefix: String, at position: PagePosition, limit: Int) throws(RegistryError) -> [OrganisationSummary] {
        guard limit > 0 else { return [] }
        let byName = !namePrefix.isEmpty
        var conditions = ["v.is_current = 1"]
        var arguments: [any DatabaseValueConvertible] = []
        if byName {
            conditions.append("v.name >= ? COLLATE NOCASE AND v.name < ? COLLATE NOCASE")
            arguments += [namePrefix, namePrefix + "\u{10FFFF}"]
        }
        var descending = false
        switch position {
        case .first:
            break
        case .last:
            descending = true
        case .after(let id, let name):
            if byName {
                conditions.append("(v.name > ? COLLATE NOCASE OR (v.name = ? COLLATE NOCASE AND v.organisation_id > ?))")
                arguments += [name, name, id]
            } else {
                conditions.append("v.organisation_id > ?")
                arguments.append(id)
            }
        case .before(let id, let name):
            descending = true
            if byName {
                conditions.append("(v.name < ? COLLATE NOCASE OR (v.name = ? COLLATE NOCASE AND v.organisation_id < ?))")
                arguments += [name, name, id]
            } else {
                conditions.append("v.organisation_id < ?")
                arguments.append(id)
            }
        }
        let direction = descending ? "DESC" : "ASC"
        let order = byName
            ? "v.name COLLATE NOCASE \(direction), v.organisation_id \(direction)"
            : "v.organisation_id \(direction)"
        let index = byName ? "organisation_version_current_name" : "organisation_version_current"
        arguments.append(limit)
        let sql = """
            SELECT v.organisation_id, v.name, v.version, v.submitted_at,
                   (SELECT group_concat(role, ' ') FROM (SELECT role FROM user_role_range r WHERE r.version_id = v.id ORDER BY role))
            FROM organisation_version v INDEXED BY \(index)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ?
            """
        let rows = try wrap {
            try read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
        }
        let summaries = rows.map { row in
            OrganisationSummary(
                id: row[0], name: row[1], version: row[2],
                roles: (row[4] as String?)?.split(separator: " ").map(String.init) ?? [], submittedAt: row[3])
        }
        return descending ? summaries.reversed() : summaries
    }

    /// How many organisations' current names start with `namePrefix` (all of them when empty).
    ///
    /// Counts index entries in the prefix's range only.
    public func organisationCount(namePrefix: String) throws(RegistryError) -> Int {
        if namePrefix.isEmpty { return try counts().organisations }
        return try wrap {
            try read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM organisation_version INDEXED BY organisation_version_current_name
                    WHERE is_current = 1 AND name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE
                    """, arguments: [namePrefix, namePrefix + "\u{10FFFF}"]) ?? 0
            }
        }
    }

    /// The ranges in force nearest to `range` on either side that do not overlap it, with
    /// their organisations: what a range map shows as neighbours.
    ///
    /// Two index seeks on `user_role_range_current_first`: the range starting last before
    /// `range.first`, and the range starting first after `range.last`. (A long range starting
    /// further below that ends near `range` is found by `conflicts` if it overlaps, and is
    /// otherwise not a close neighbour by start.)
    public func neighbours(of range: IdentifierRange, excluding excluded: Int64?) throws(RegistryError) -> [RegisteredRange] {
        try wrap {
            try read { db in
                let below = try Row.fetchOne(db, sql: """
                    SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_first
                    WHERE is_current = 1 AND first_key < ? AND last_key < ? AND organisation_id IS NOT ?
                    ORDER BY first_key DESC LIMIT 1
                    """, arguments: [range.first.storageKey, range.first.storageKey, excluded])
                let above = try Row.fetchOne(db, sql: """
                    SELECT organisation_id, role, first_key, last_key FROM user_role_range INDEXED BY user_role_range_current_first
                    WHERE is_current = 1 AND first_key > ? AND organisation_id IS NOT ?
                    ORDER BY first_key LIMIT 1
                    """, arguments: [range.last.storageKey, excluded])
                return try [below, above].compactMap { row -> RegisteredRange? in
                    guard let row else { return nil }
                    let organisation: Int64 = row[0]
                    let name = try String.fetchOne(db, sql: RangeIndex.currentNameSQL, arguments: [organisation]) ?? ""
                    return RegisteredRange(
                        organisationID: organisation, organisationName: name, role: row[1],
                        range: IdentifierRange(first: EUI64(storageKey: row[2]), last: EUI64(storageKey: row[3]))!)
                }
            }
        }
    }
}
