import Foundation
import GRDB

extension Registry: RangeOwnershipLookup {
    /// Validates and stores an A1 form: a new organisation, or a new version of `amending`.
    ///
    /// The operator's permission, validation against the registry, the insert and its audit event
    /// happen in one IMMEDIATE transaction, so two processes submitting conflicting forms at once
    /// cannot both succeed, and no change is ever stored without its audit event. Throws
    /// `AccessError.notPermitted` when the operator's roles do not grant it.
    public func submit(
        _ form: OrganisationInformationForm, amending organisation: Int64? = nil, validator: OrganisationFormValidator,
        by session: OperatorSession, rules: SiteRules
    ) throws -> SubmissionResult {
        try write { db in
            try Self.authorise(organisation == nil ? .organisationSubmit : .organisationAmend, session: session, rules: rules, db: db)
            return try Self.submit(form, amending: organisation, validator: validator, by: session, db: db)
        }
    }

    /// The body of a submission, on a connection already inside a transaction, for an operator
    /// already authorised.
    static func submit(
        _ form: OrganisationInformationForm, amending organisation: Int64?, validator: OrganisationFormValidator,
        by session: OperatorSession, db: Database, submittedAt: String = Timestamp.now(), batch: ImportBatch? = nil
    ) throws -> SubmissionResult {
        var before: OrganisationVersion?
        if let organisation {
            before = try Row.fetchOne(
                db.cachedStatement(sql: "\(versionColumns) WHERE organisation_id = ? AND is_current = 1"), arguments: [organisation]
            ).map { try Self.version(from: $0, db: db) }
            guard before != nil else {
                return .rejected(ValidationReport(errors: [
                    ValidationIssue(.organisationUnknown, "There is no organisation \(organisation) to amend.")
                ]))
            }
        }
        let form = form.normalised()
        let report = try validator.validate(normalised: form, registry: RangeIndex(db: db, batch: batch), amending: organisation)
        guard report.isValid else { return .rejected(report) }

        let organisationID: Int64
        if let organisation {
            organisationID = organisation
            try db.execute(sql: "UPDATE organisation_version SET is_current = 0 WHERE organisation_id = ? AND is_current = 1", arguments: [organisationID])
            try db.execute(sql: "UPDATE user_role_range SET is_current = 0 WHERE organisation_id = ? AND is_current = 1", arguments: [organisationID])
        } else {
            try db.cachedStatement(sql: "INSERT INTO organisation (created_at) VALUES (?)").execute(arguments: [submittedAt])
            organisationID = db.lastInsertedRowID
        }
        let version = (before?.version ?? 0) + 1
        let fields = JSONValue.object(form.fields.mapValues(JSONValue.string)).serialized()
        try db.cachedStatement(sql: """
            INSERT INTO organisation_version (organisation_id, version, form_id, name, fields, submitted_at, is_current)
            VALUES (?, ?, ?, ?, ?, ?, 1)
            """).execute(arguments: [organisationID, version, validator.definition.id,
                        form.fields[validator.definition.nameField] ?? "", fields, submittedAt])
        let versionID = db.lastInsertedRowID
        let insertRange = try db.cachedStatement(sql: """
            INSERT INTO user_role_range (version_id, organisation_id, role, first_key, last_key, level, block, is_current)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1)
            """)
        var canonicalRanges: [JSONValue] = []
        for entry in form.userRoleRanges {
            // Valid forms hold valid rows only, so these parses cannot fail here.
            let range = IdentifierRange(
                first: try EUI64(parsing: entry.first), last: try EUI64(parsing: entry.last))!
            canonicalRanges.append(.object([
                "role": .string(entry.role), "first": .string(range.first.canonical), "last": .string(range.last.canonical),
            ]))
            let bucket = RangeBucket(range)
            batch?.noteLevel(bucket.level)
            try insertRange.execute(arguments: [
                versionID, organisationID, entry.role, range.first.storageKey, range.last.storageKey, bucket.level, bucket.block,
            ])
        }
        let record = "organisation/\(organisationID)"
        if let before {
            try AuditTrail.append(
                db, operatorName: session.name, action: .organisationAmended, record: record,
                details: auditDetails(form, version: version, before: before, formID: validator.definition.id), at: submittedAt)
        } else {
            // The whole form, composed from the fields text already serialised for storage: the
            // same canonical JSON as serialising `auditDetails` (keys in sorted order), made once.
            let ranges = JSONValue.array(canonicalRanges).serialized()
            let formID = JSONValue.string(validator.definition.id).serialized()
            let detailsText = #"{"after":{"form":\#(formID),"organisation":\#(fields),"userRoleRanges":\#(ranges)},"#
                + #""form":\#(formID),"version":\#(version)}"#
            try AuditTrail.append(
                db, operatorName: session.name, action: .organisationSubmitted, record: record, detailsText: detailsText, at: submittedAt,
                batch: batch)
        }
        return .stored(organisationID: organisationID, version: version, warnings: report.warnings)
    }

    /// What the audit event of a submission records: the whole form for a new organisation; for
    /// an amendment, each changed field and the ranges before and after.
    static func auditDetails(_ form: OrganisationInformationForm, version: Int, before: OrganisationVersion?, formID: String) -> JSONValue {
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
        for key in Set(form.fields.keys).union(before.form.fields.keys) where form.fields[key] != before.form.fields[key] {
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

    public func conflicts(with range: IdentifierRange, excluding excluded: Int64?, limit: Int) throws -> [RegisteredRange] {
        try wrap { try read { db in try RangeIndex(db: db).conflicts(with: range, excluding: excluded, limit: limit) } }
    }

    /// Every range in force that holds the identifier, with its organisation: who owns it.
    public func owners(of identifier: EUI64) throws(RegistryError) -> [RegisteredRange] {
        try wrap { try read { db in try RangeIndex(db: db).holders(of: identifier) } }
    }

    /// The organisation's current version, or nil when there is no such organisation.
    public func organisation(_ id: Int64) throws(RegistryError) -> OrganisationVersion? {
        try wrap {
            try read { db in
                try Row.fetchOne(db, sql: "\(Self.versionColumns) WHERE organisation_id = ? AND is_current = 1", arguments: [id])
                    .map { try Self.version(from: $0, db: db) }
            }
        }
    }

    /// Every version of the organisation, oldest first.
    public func history(of id: Int64) throws(RegistryError) -> [OrganisationVersion] {
        try wrap {
            try read { db in
                try Row.fetchAll(db, sql: "\(Self.versionColumns) WHERE organisation_id = ? ORDER BY version", arguments: [id])
                    .map { try Self.version(from: $0, db: db) }
            }
        }
    }

    /// How many organisations and ranges in force the registry holds.
    public func counts() throws(RegistryError) -> (organisations: Int, ranges: Int) {
        try wrap {
            try read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM user_role_range INDEXED BY user_role_range_current_first WHERE is_current = 1") ?? 0)
            }
        }
    }

    static let versionColumns = """
        SELECT id, organisation_id, version, form_id, name, fields, submitted_at, is_current FROM organisation_version
        """

    static func version(from row: Row, db: Database) throws -> OrganisationVersion {
        let versionID: Int64 = row[0]
        let fieldsJSON: String = row[5]
        let fields = (try? JSONSerialization.jsonObject(with: Data(fieldsJSON.utf8)) as? [String: String]) ?? [:]
        let ranges = try Row.fetchAll(
            db, sql: "SELECT role, first_key, last_key FROM user_role_range WHERE version_id = ? ORDER BY first_key, role",
            arguments: [versionID]
        ).map { UserRoleRange(role: $0[0], range: IdentifierRange(first: EUI64(storageKey: $0[1]), last: EUI64(storageKey: $0[2]))!) }
        let form = OrganisationInformationForm(
            fields: fields,
            userRoleRanges: ranges.map { UserRoleRangeEntry(role: $0.role, first: $0.range.first.canonical, last: $0.range.last.canonical) })
        return OrganisationVersion(
            organisationID: row[1], version: row[2], formID: row[3], name: row[4], form: form, ranges: ranges,
            submittedAt: row[6], isCurrent: row[7] as Bool)
    }
}
