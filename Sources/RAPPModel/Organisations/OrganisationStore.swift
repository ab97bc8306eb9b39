import Foundation
import GRDB

/// The organisations in the registry: their A1 form versions and User Role ranges.
///
/// A store works on one connection inside a transaction the registry opened
/// (`Registry.read`/`Registry.write`), so a check and the write it guards see the same state.
/// Rows are read and written as records (`OrganisationVersionRecord`, `UserRoleRangeRecord`);
/// paging keeps its SQL, because it names the index each page must seek.
struct OrganisationStore {
    let db: Database

    // MARK: Reading

    /// Refuses an organisation that is not registered (`organisation.unknown`): what every
    /// record kept about one (holds, entry tests, allocations) checks first.
    func requireRegistered(_ id: Int64) throws {
        guard try current(id) != nil else { throw RequestError.unknownOrganisation(id) }
    }

    /// The organisation's current version, or nil when there is no such organisation.
    func current(_ id: Int64) throws -> OrganisationVersion? {
        try currentRecord(id).map(version)
    }

    /// Every version of the organisation, oldest first.
    func history(of id: Int64) throws -> [OrganisationVersion] {
        try OrganisationVersionRecord
            .filter(OrganisationVersionRecord.Columns.organisationID == id)
            .order(OrganisationVersionRecord.Columns.version)
            .fetchAll(db)
            .map(version)
    }

    /// How many organisations and ranges in force the registry holds.
    func counts() throws -> (organisations: Int, ranges: Int) {
        (
            try OrganisationRecord.fetchCount(db),
            try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM user_role_range INDEXED BY user_role_range_current_first WHERE is_current = 1"
            ) ?? 0
        )
    }

    private func currentRecord(_ id: Int64) throws -> OrganisationVersionRecord? {
        try OrganisationVersionRecord
            .filter(
                OrganisationVersionRecord.Columns.organisationID == id
                    && OrganisationVersionRecord.Columns.isCurrent == true
            )
            .fetchOne(db)
    }

    /// A stored version with its ranges, which are read by the version's primary key.
    private func version(_ record: OrganisationVersionRecord) throws -> OrganisationVersion {
        let fields = (try? JSONSerialization.jsonObject(with: Data(record.fields.utf8)) as? [String: String]) ?? [:]
        let ranges =
            try UserRoleRangeRecord
            .filter(UserRoleRangeRecord.Columns.versionID == record.id)
            .order(UserRoleRangeRecord.Columns.firstKey, UserRoleRangeRecord.Columns.role)
            .fetchAll(db)
            .map(\.range)
        let form = OrganisationInformationForm(
            fields: fields,
            userRoleRanges: ranges.map {
                UserRoleRangeEntry(role: $0.role, first: $0.range.first.canonical, last: $0.range.last.canonical)
            })
        return OrganisationVersion(
            organisationID: record.organisationID, version: record.version, formID: record.formID, name: record.name,
            form: form, ranges: ranges, submittedAt: record.submittedAt, isCurrent: record.isCurrent)
    }

    // MARK: Paging

    /// One page of organisations whose current name starts with `namePrefix` (A-Z folded), in
    /// name then id order; with an empty prefix, every organisation in id order.
    ///
    /// Keyset paging on an index (`organisation_version_current_name`, or the current-version
    /// index for id order): a page costs one index seek whatever the registry holds.
    /// Rows come back in list order even when paging backwards.
    func summaries(namePrefix: String, byName: Bool? = nil, at position: Registry.PagePosition, limit: Int) throws
        -> [OrganisationSummary]
    {
        guard limit > 0 else { return [] }
        let byName = byName ?? !namePrefix.isEmpty
        var conditions = ["v.is_current = 1"]
        var arguments: [any DatabaseValueConvertible] = []
        if byName {
            conditions.append("v.name >= ? COLLATE NOCASE AND v.name < ? COLLATE NOCASE")
            arguments += [namePrefix, namePrefix + "\u{10FFFF}"]
        }
        let (descending, order) = Self.keyset(position, byName: byName, conditions: &conditions, arguments: &arguments)
        let index = byName ? "organisation_version_current_name" : "organisation_version_current"
        arguments.append(limit)
        let sql = """
            SELECT v.organisation_id, v.name, v.version, v.submitted_at,
                   (SELECT group_concat(role, ' ') FROM (SELECT role FROM user_role_range r WHERE r.version_id = v.id ORDER BY role)) AS roles
            FROM organisation_version v INDEXED BY \(index)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ?
            """
        let summaries = try SummaryRow.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(\.summary)
        return descending ? summaries.reversed() : summaries
    }

    /// Keyset paging over current versions, by name (then id) or by id: the condition for the
    /// page after or before `position`, and the order to read in. Pages before a position are
    /// read backwards (`descending`), and the caller reverses them.
    static func keyset(
        _ position: Registry.PagePosition, byName: Bool, conditions: inout [String],
        arguments: inout [any DatabaseValueConvertible]
    ) -> (descending: Bool, order: String) {
        var descending = false
        switch position {
        case .first: break
        case .last: descending = true
        case .after(let id, let name), .before(let id, let name):
            let isBefore = if case .before = position { true } else { false }
            descending = isBefore
            let comparison = isBefore ? "<" : ">"
            if byName {
                conditions.append(
                    "(v.name \(comparison) ? COLLATE NOCASE OR (v.name = ? COLLATE NOCASE AND v.organisation_id \(comparison) ?))"
                )
                arguments += [name, name, id]
            } else {
                conditions.append("v.organisation_id \(comparison) ?")
                arguments.append(id)
            }
        }
        let direction = descending ? "DESC" : "ASC"
        let order =
            byName
            ? "v.name COLLATE NOCASE \(direction), v.organisation_id \(direction)" : "v.organisation_id \(direction)"
        return (descending, order)
    }

    /// One page of the organisations `query` finds, in its order. Without search text, keyset
    /// paging on an index, as `summaries(namePrefix:)`. With it, the ids the search index finds
    /// (`OrganisationQuery.hits`), then the page of them after `position`: a page costs in
    /// proportion to the matches, never to the registry.
    func summaries(matching query: OrganisationQuery, at position: Registry.PagePosition, limit: Int) throws
        -> [OrganisationSummary]
    {
        guard limit > 0 else { return [] }
        let byName = query.order == .name
        guard !query.searchText.isEmpty else {
            return try summaries(namePrefix: "", byName: byName, at: position, limit: limit)
        }
        let hits = query.hits
        var arguments = hits.arguments
        var conditions: [String] = []
        let (descending, order) = Self.keyset(position, byName: byName, conditions: &conditions, arguments: &arguments)
        arguments.append(limit)
        let sql = """
            WITH hit(id) AS (\(hits.sql))
            SELECT v.organisation_id, v.name, v.version, v.submitted_at,
                   (SELECT group_concat(role, ' ') FROM (SELECT role FROM user_role_range r WHERE r.version_id = v.id ORDER BY role)) AS roles
            FROM hit JOIN organisation_version v INDEXED BY organisation_version_current
                ON v.organisation_id = hit.id AND v.is_current = 1
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ?
            """
        let summaries = try SummaryRow.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(\.summary)
        return descending ? summaries.reversed() : summaries
    }

    /// How many organisations `query` finds.
    func count(matching query: OrganisationQuery) throws -> Int {
        guard !query.searchText.isEmpty else { return try OrganisationRecord.fetchCount(db) }
        let hits = query.hits
        return try Int.fetchOne(
            db,
            sql: """
                WITH hit(id) AS (\(hits.sql))
                SELECT count(*) FROM hit JOIN organisation_version v INDEXED BY organisation_version_current
                    ON v.organisation_id = hit.id AND v.is_current = 1
                """, arguments: StatementArguments(hits.arguments)) ?? 0
    }

    /// How many organisations' current names start with `namePrefix` (all of them when empty).
    ///
    /// Counts index entries in the prefix's range only.
    func count(namePrefix: String) throws -> Int {
        if namePrefix.isEmpty { return try OrganisationRecord.fetchCount(db) }
        return try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM organisation_version INDEXED BY organisation_version_current_name
                WHERE is_current = 1 AND name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE
                """, arguments: [namePrefix, namePrefix + "\u{10FFFF}"]) ?? 0
    }

    /// A row of the paging query, decoded by column name.
    private struct SummaryRow: Decodable, FetchableRecord {
        let organisationID: Int64
        let name: String
        let version: Int
        let submittedAt: String
        /// The version's User Roles, space-separated, in order; nil when it has none.
        let roles: String?

        enum CodingKeys: String, CodingKey {
            case organisationID = "organisation_id"
            case name, version
            case submittedAt = "submitted_at"
            case roles
        }

        var summary: OrganisationSummary {
            OrganisationSummary(
                id: organisationID, name: name, version: version,
                roles: roles?.split(separator: " ").map(String.init) ?? [], submittedAt: submittedAt)
        }
    }

    /// Who stored each version of an organisation, and when, from the audit events that record
    /// them (one index range on `audit_event_record`), keyed by version number.
    func versionAuthors(of id: Int64) throws -> [Int: VersionAuthor] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT operator, recorded_at, json_extract(details, '$.version') AS version
                FROM audit_event INDEXED BY audit_event_record
                WHERE record = ? AND action IN (?, ?)
                """,
            arguments: [
                "organisation/\(id)", AuditAction.organisationSubmitted.rawValue,
                AuditAction.organisationAmended.rawValue,
            ])
        var authors: [Int: VersionAuthor] = [:]
        for row in rows {
            guard let version: Int = row["version"] else { continue }
            authors[version] = VersionAuthor(operatorName: row["operator"], at: row["recorded_at"])
        }
        return authors
    }

    // MARK: Submitting

    /// Runs `body` (many submissions in this transaction) with the organisation search index
    /// filled once at its end rather than once a version (schema 16).
    ///
    /// FTS5 writes what it holds in memory at every statement that changes it, so a row-by-row
    /// trigger costs a new index segment a form; one `INSERT ... SELECT` for every organisation
    /// `body` gave a new current version costs a fraction. The index is filled (and the
    /// deferral ended) before this returns, inside the same transaction: nothing commits with
    /// the index out of step, and a `body` that throws rolls back everything with it.
    /// The search index's import queue as committed: empty in a registry only ratui has written,
    /// since an import fills and empties it before its transaction commits. A row left there was
    /// put there behind ratui's back, and would stop later organisations reaching the search
    /// index: `audit verify` reports it as a record no event records.
    func searchDeferralLeftovers() throws -> [RecordDifference] {
        let deferred = try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation_search_deferral") ?? 0
        let pending = try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation_search_pending") ?? 0
        return [("organisation-search-deferral", deferred), ("organisation-search-pending", pending)]
            .filter { $0.1 > 0 }
            .map { RecordDifference(record: "\($0.0)/\($0.1)", kind: .unrecorded, sequence: nil, facets: []) }
    }

    func deferringSearchIndex<T>(_ body: () throws -> T) throws -> T {
        try db.execute(sql: "INSERT INTO organisation_search_deferral (id) VALUES (1)")
        let result = try body()
        // What the schema 9 trigger does for each, for all at once: the organisation's row
        // replaced by its current version's, if it has one.
        try db.execute(
            sql: """
                DELETE FROM organisation_search WHERE rowid IN (SELECT organisation_id FROM organisation_search_pending);
                INSERT INTO organisation_search (rowid, name, company_number, sec_party_id)
                SELECT v.organisation_id, v.name, coalesce(json_extract(v.fields, '$.companyNumber'), ''),
                       coalesce(json_extract(v.fields, '$.secPartyId'), '')
                FROM organisation_search_pending p
                JOIN organisation_version v INDEXED BY organisation_version_current
                    ON v.organisation_id = p.organisation_id AND v.is_current = 1;
                DELETE FROM organisation_search_pending;
                DELETE FROM organisation_search_deferral;
                """)
        return result
    }

    /// Validates and stores a form for an operator already authorised: a new organisation, or a
    /// new version of the organisation amended, with its audit event.
    ///
    /// Validation runs against this connection's view of the registry, so inside the caller's
    /// IMMEDIATE transaction it sees exactly what the insert commits against. So does the check
    /// that an amendment starts from the current version: of two amendments made from the same
    /// version, the second finds the first stored and is refused (`organisation.stale-version`).
    func submit(
        _ form: OrganisationInformationForm, amending amendment: Amendment?, validator: OrganisationFormValidator,
        by session: OperatorSession, submittedAt: String = Timestamp.now(), batch: ImportBatch? = nil
    ) throws -> SubmissionResult {
        var before: OrganisationVersion?
        let organisation = amendment?.organisation
        if let amendment {
            before = try current(amendment.organisation)
            guard let before else {
                return .rejected(
                    ValidationReport(errors: [
                        ValidationIssue(
                            .organisationUnknown, "There is no organisation \(amendment.organisation) to amend.")
                    ]))
            }
            if before.version != amendment.version {
                return .rejected(ValidationReport(errors: [try staleVersion(amendment, current: before)]))
            }
        }
        let form = form.normalised()
        let statements = try batch?.statements(db)
        let report = try validator.validate(
            normalised: form, registry: RangeIndex(db: db, batch: batch, statements: statements?.rangeIndex),
            amending: organisation)
        guard report.isValid else { return .rejected(report) }

        let organisationID: Int64
        var organisationRecord: OrganisationRecord?
        if let organisation {
            organisationID = organisation
            try OrganisationVersionRecord
                .filter(
                    OrganisationVersionRecord.Columns.organisationID == organisationID
                        && OrganisationVersionRecord.Columns.isCurrent == true
                )
                .updateAll(db, OrganisationVersionRecord.Columns.isCurrent.set(to: false))
            try UserRoleRangeRecord
                .filter(
                    UserRoleRangeRecord.Columns.organisationID == organisationID
                        && UserRoleRangeRecord.Columns.isCurrent == true
                )
                .updateAll(db, UserRoleRangeRecord.Columns.isCurrent.set(to: false))
        } else {
            var record = OrganisationRecord(id: nil, createdAt: submittedAt)
            try record.insertCached(db, statement: statements?.organisationInsert)
            organisationID = record.id!
            organisationRecord = record
        }
        let version = (before?.version ?? 0) + 1
        let fields = JSONValue.object(form.fields.mapValues(JSONValue.string)).serialized()
        var versionRecord = OrganisationVersionRecord(
            id: nil, organisationID: organisationID, version: version, formID: validator.definition.id,
            name: form.fields[validator.definition.nameField] ?? "", fields: fields, submittedAt: submittedAt,
            isCurrent: true)
        try versionRecord.insertCached(db, statement: statements?.versionInsert)
        let versionID = versionRecord.id!
        var canonicalRanges: [JSONValue] = []
        var rangeRecords: [UserRoleRangeRecord] = []
        for entry in form.userRoleRanges {
            // Valid forms hold valid rows only, so these parses cannot fail here.
            let range = IdentifierRange(first: try EUI64(parsing: entry.first), last: try EUI64(parsing: entry.last))!
            canonicalRanges.append(
                .object([
                    "role": .string(entry.role), "first": .string(range.first.canonical),
                    "last": .string(range.last.canonical),
                ]))
            let bucket = RangeBucket(range)
            batch?.noteLevel(bucket.level)
            let rangeRecord = UserRoleRangeRecord(
                versionID: versionID, organisationID: organisationID, role: entry.role,
                firstKey: range.first.storageKey,
                lastKey: range.last.storageKey, level: bucket.level, block: bucket.block, isCurrent: true)
            try rangeRecord.insertCached(db, statement: statements?.rangeInsert)
            rangeRecords.append(rangeRecord)
        }
        let record = "organisation/\(organisationID)"
        let trail = AuditTrail(db: db, batch: batch)
        if let before {
            try trail.append(
                operatorName: session.name, action: .organisationAmended, record: record,
                details: Self.auditDetails(form, version: version, before: before, formID: validator.definition.id),
                state: try state(of: organisationID), at: submittedAt)
        } else {
            // The whole form, composed from the fields text already serialised for storage: the
            // same canonical JSON as serialising `auditDetails` (keys in sorted order), made once.
            let ranges = JSONValue.array(canonicalRanges).serialized()
            let formID = JSONValue.string(validator.definition.id).serialized()
            let detailsText =
                #"{"after":{"form":\#(formID),"organisation":\#(fields),"userRoleRanges":\#(ranges)},"#
                + #""form":\#(formID),"version":\#(version)}"#
            // The new organisation's rows as inserted: the digest `state(of:)` would read back.
            let state = Self.state(of: organisationRecord!, version: versionRecord, ranges: rangeRecords)
            try trail.append(
                operatorName: session.name, action: .organisationSubmitted, record: record, detailsText: detailsText,
                stateText: state.stateText(record: record), at: submittedAt)
        }
        return .stored(organisationID: organisationID, version: version, warnings: report.warnings)
    }

    /// The refusal of an amendment made from a version that is not the current one, naming the
    /// current version and who stored it when (from its audit event, else its row).
    private func staleVersion(_ amendment: Amendment, current: OrganisationVersion) throws -> ValidationIssue {
        let stored = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT operator, recorded_at FROM audit_event INDEXED BY audit_event_record
                    WHERE record = ? AND action IN (?, ?) ORDER BY sequence DESC LIMIT 1
                    """),
            arguments: [
                "organisation/\(amendment.organisation)", AuditAction.organisationSubmitted.rawValue,
                AuditAction.organisationAmended.rawValue,
            ])
        let by: String? = stored?["operator"]
        let at: String = stored?["recorded_at"] ?? current.submittedAt
        let who = by.map { "by \(VisibleText.quoted($0)) " } ?? ""
        let started =
            amendment.version < current.version
            ? "this amendment was made from version \(amendment.version)"
            : "there is no version \(amendment.version)"
        return ValidationIssue(
            .organisationStaleVersion,
            "Organisation \(amendment.organisation) is at version \(current.version), stored \(who)at \(at); \(started). "
                + "Nothing was stored: review version \(current.version) and amend that.")
    }

    /// What the audit event of a submission records: the whole form for a new organisation; for
    /// an amendment, each changed field and the ranges before and after.
    static func auditDetails(
        _ form: OrganisationInformationForm, version: Int, before: OrganisationVersion?, formID: String
    ) -> JSONValue {
        let ranges = JSONValue.array(form.userRoleRanges.map(canonicalRange))
        guard let before else {
            return .object([
                "form": .string(formID), "version": JSONValue(version),
                "after": .object([
                    "form": .string(formID), "organisation": .object(form.fields.mapValues(JSONValue.string)),
                    "userRoleRanges": ranges,
                ]),
            ])
        }
        var changes: [String: JSONValue] = [:]
        for key in Set(form.fields.keys).union(before.form.fields.keys)
        where form.fields[key] != before.form.fields[key] {
            changes[key] = .object([
                "before": before.form.fields[key].map(JSONValue.string) ?? .null,
                "after": form.fields[key].map(JSONValue.string) ?? .null,
            ])
        }
        let previousRanges = JSONValue.array(before.form.userRoleRanges.map(canonicalRange))
        var details: [String: JSONValue] = [
            "form": .string(formID), "version": JSONValue(version), "previousVersion": JSONValue(before.version),
            "changes": .object(changes),
        ]
        if Set(form.userRoleRanges.map(canonicalRange)) != Set(before.form.userRoleRanges.map(canonicalRange)) {
            details["userRoleRanges"] = .object(["before": previousRanges, "after": ranges])
        }
        return .object(details)
    }

    private static func canonicalRange(_ entry: UserRoleRangeEntry) -> JSONValue {
        let first = (try? EUI64(parsing: entry.first, allowReserved: true))?.canonical ?? entry.first
        let last = (try? EUI64(parsing: entry.last, allowReserved: true))?.canonical ?? entry.last
        return .object(["role": .string(entry.role), "first": .string(first), "last": .string(last)])
    }
}
