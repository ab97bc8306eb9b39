import GRDB

/// An organisation's state for the audit trail: a digest of every column of every row it owns
/// (its `organisation` row, every version, every range of every version, superseded ones
/// included), and its current version number, so a difference says which version is in force.
extension OrganisationStore: AuditedStore {
    static let recordKind = "organisation"

    /// The columns digested, in order: every column of each table.
    static let organisationColumns = "id, created_at"
    static let versionColumns = "id, organisation_id, version, form_id, name, fields, submitted_at, is_current"
    static let rangeColumns = "version_id, organisation_id, role, first_key, last_key, level, block, is_current"

    /// One organisation's rows, digested in a fixed order as they are read: its organisation row,
    /// then each version by number, each followed by its ranges by role.
    struct StateDigest {
        private var digest = RowDigest()
        private var currentVersion: DatabaseValue = .null

        init(organisation: [DatabaseValue]?) {
            // An organisation row that is missing digests differently from any that is present.
            digest.add(table: organisation == nil ? "no organisation" : "organisation", organisation ?? [])
        }

        /// A version row, in `versionColumns` order.
        mutating func version(_ values: [DatabaseValue]) {
            digest.add(table: "organisation_version", values)
            if values.count == 8, values[7] == true.databaseValue { currentVersion = values[2] }
        }

        /// A range row, in `rangeColumns` order.
        mutating func range(_ values: [DatabaseValue]) {
            digest.add(table: "user_role_range", values)
        }

        /// Ranges that name the organisation but no version of it: counted, so they show.
        mutating func strayRanges(_ count: Int) {
            digest.add(table: "stray user_role_range", [count.databaseValue])
        }

        var state: JSONValue {
            .object(["rows": .string(digest.finish()), "version": JSONValue(stored: currentVersion)])
        }

        /// The state as an audit event stores it for `record`, written directly: the bytes of
        /// `JSONValue.object([record: state]).serialized()` (keys in order, the digest plain hex),
        /// without the two dictionaries, for imports.
        func stateText(record: String) -> String {
            var output: [UInt8] = []
            output.reserveCapacity(record.utf8.count + 100)
            output.append(UInt8(ascii: "{"))
            JSONValue.writeString(record, into: &output)
            output.append(contentsOf: #":{"rows":""#.utf8)
            output.append(contentsOf: digest.finish().utf8)
            output.append(contentsOf: #"","version":"#.utf8)
            output.append(contentsOf: JSONValue(stored: currentVersion).serialized().utf8)
            output.append(contentsOf: "}}".utf8)
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// One organisation's state: a seek on its row, on the `(organisation_id, version)` index and
    /// on each version's ranges.
    func state(of id: Int64) throws -> JSONValue? {
        let organisation = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.organisationColumns) FROM organisation WHERE id = ?"),
            arguments: [id])
        let versions = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT \(Self.versionColumns) FROM organisation_version WHERE organisation_id = ? ORDER BY version"
            ),
            arguments: [id])
        guard organisation != nil || !versions.isEmpty else { return nil }
        var digest = StateDigest(organisation: organisation.map { Array($0.databaseValues) })
        for version in versions {
            digest.version(Array(version.databaseValues))
            try forEachRange(ofVersion: version[0]) { digest.range($0) }
        }
        // Ranges of no version are not looked for here (there is no index to find them by
        // organisation): ratui never writes one, so no event records one, and `forEachState`,
        // which counts them, reports the organisation whenever one exists.
        return digest.state
    }

    /// The state of an organisation just stored with one version, from the rows as inserted:
    /// the same digest `state(of:)` reads back, without reading (imports store thousands a second).
    static func state(
        of organisation: OrganisationRecord, version: OrganisationVersionRecord, ranges: [UserRoleRangeRecord]
    ) -> StateDigest {
        var digest = StateDigest(organisation: [organisation.id.databaseValue, organisation.createdAt.databaseValue])
        digest.version([
            version.id.databaseValue, version.organisationID.databaseValue, version.version.databaseValue,
            version.formID.databaseValue, version.name.databaseValue, version.fields.databaseValue,
            version.submittedAt.databaseValue, version.isCurrent.databaseValue,
        ])
        for range in ranges.sorted(by: { $0.role.utf8.lexicographicallyPrecedes($1.role.utf8) }) {
            digest.range([
                range.versionID.databaseValue, range.organisationID.databaseValue, range.role.databaseValue,
                range.firstKey.databaseValue, range.lastKey.databaseValue, range.level.databaseValue,
                range.block.databaseValue, range.isCurrent.databaseValue,
            ])
        }
        return digest
    }

    /// Every organisation's state: organisations and versions are read in id order side by side
    /// (the primary key and the `(organisation_id, version)` index), each version's ranges by
    /// its primary key; ranges of no version are counted first, by the organisation they name.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        var strays: [Int64: Int] = [:]
        let strayRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.organisation_id, count(*) FROM user_role_range r
                WHERE NOT EXISTS (SELECT 1 FROM organisation_version v WHERE v.id = r.version_id AND v.organisation_id = r.organisation_id)
                GROUP BY r.organisation_id
                """)
        while let row = try strayRows.next() {
            let values = Array(row.databaseValues)
            strays[Int64.fromDatabaseValue(values[0]) ?? Int64.min, default: 0] += Int.fromDatabaseValue(values[1]) ?? 0
        }

        let organisations = try Row.fetchCursor(
            db, sql: "SELECT \(Self.organisationColumns) FROM organisation ORDER BY id")
        let versions = try Row.fetchCursor(
            db, sql: "SELECT \(Self.versionColumns) FROM organisation_version ORDER BY organisation_id, version")
        var nextOrganisation = try organisations.next().map { Array($0.databaseValues) }
        var nextVersion = try versions.next().map { Array($0.databaseValues) }
        func id(_ values: [DatabaseValue]?, at index: Int) -> Int64? {
            values.map { Int64.fromDatabaseValue($0[index]) ?? Int64.min }
        }
        while nextOrganisation != nil || nextVersion != nil {
            let organisationID = id(nextOrganisation, at: 0)
            let versionOwner = id(nextVersion, at: 1)
            let current = [organisationID, versionOwner].compactMap { $0 }.min()!
            var digest: StateDigest
            if organisationID == current {
                digest = StateDigest(organisation: nextOrganisation)
                nextOrganisation = try organisations.next().map { Array($0.databaseValues) }
            } else {
                digest = StateDigest(organisation: nil)
            }
            while let version = nextVersion, id(version, at: 1) == current {
                digest.version(version)
                try forEachRange(ofVersion: version[0]) { digest.range($0) }
                nextVersion = try versions.next().map { Array($0.databaseValues) }
            }
            if let count = strays.removeValue(forKey: current) { digest.strayRanges(count) }
            try body(current, digest.state)
        }
        // Stray ranges naming an organisation that has no rows at all.
        for (organisation, count) in strays.sorted(by: { $0.key < $1.key }) {
            var digest = StateDigest(organisation: nil)
            digest.strayRanges(count)
            try body(organisation, digest.state)
        }
    }

    /// A version's ranges, by role: a seek on the primary key `(version_id, role)`.
    private func forEachRange(ofVersion versionID: DatabaseValue, _ body: ([DatabaseValue]) -> Void) throws {
        let ranges = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT \(Self.rangeColumns) FROM user_role_range WHERE version_id = ? ORDER BY role"),
            arguments: [versionID])
        while let range = try ranges.next() { body(Array(range.databaseValues)) }
    }
}
