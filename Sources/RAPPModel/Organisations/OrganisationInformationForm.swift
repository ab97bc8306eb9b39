import Foundation

/// One filled-in Organisation Information Form (RAPP Annex A, A1), as entered.
///
/// Field values are keyed by the field ids of the A1 definition in `Forms/`, so adding a field
/// to the definition needs no change here.
public struct OrganisationInformationForm: Hashable, Sendable {
    public var fields: [String: String]
    public var userRoleRanges: [UserRoleRangeEntry]

    public init(fields: [String: String] = [:], userRoleRanges: [UserRoleRangeEntry] = []) {
        self.fields = fields
        self.userRoleRanges = userRoleRanges
    }

    /// The largest form file ratui reads; larger input is refused before it is parsed.
    public static let maximumFileSize = 1 << 20

    /// The most User Role range rows a form may have: far more than there are roles, few enough
    /// that checking every pair of rows stays instant.
    public static let maximumRangeRows = 256

    /// The form with every text value trimmed of surrounding white space, as it is stored.
    public func normalised() -> OrganisationInformationForm {
        func trimmed(_ text: String) -> Bool { text.trimmingWhiteSpace().utf8.count == text.utf8.count }
        // Usually nothing needs trimming: keep the form as it is rather than rebuild it.
        if fields.values.allSatisfy(trimmed)
            && userRoleRanges.allSatisfy({ trimmed($0.role) && trimmed($0.first) && trimmed($0.last) })
        {
            return self
        }
        return OrganisationInformationForm(
            fields: fields.mapValues { $0.trimmingWhiteSpace() },
            userRoleRanges: userRoleRanges.map {
                UserRoleRangeEntry(
                    role: $0.role.trimmingWhiteSpace(), first: $0.first.trimmingWhiteSpace(),
                    last: $0.last.trimmingWhiteSpace())
            })
    }
}

extension OrganisationInformationForm {
    /// Reads an A1 form file: `{"form": "A1", "organisation": {...}, "userRoleRanges": [...]}`.
    ///
    /// Returns the form as far as it could be read, and every problem with the file's structure
    /// (unknown keys, missing keys, wrong types), each with its path. The form's content is
    /// checked separately, by `OrganisationFormValidator`.
    public static func read(_ data: Data, definition: FormDefinition) -> (
        form: OrganisationInformationForm, issues: [ValidationIssue]
    ) {
        guard data.count <= maximumFileSize else {
            return (
                OrganisationInformationForm(),
                [
                    ValidationIssue(
                        .formTooLarge,
                        "The form is \(data.count) bytes; an A1 form file may be at most \(maximumFileSize) bytes.")
                ]
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            return (OrganisationInformationForm(), [error])
        }
        return read(value, definition: definition)
    }

    /// The keys of a form file and of its range rows, made once: sets hash every key they hold.
    private static let topKeys: Set<String> = ["form", "organisation", "userRoleRanges"]
    private static let rangeKeys: Set<String> = ["role", "first", "last"]

    public static func read(_ value: JSONValue, definition: FormDefinition) -> (
        form: OrganisationInformationForm, issues: [ValidationIssue]
    ) {
        var reader = JSONReader()
        var form = OrganisationInformationForm()
        guard let top = reader.object(value, at: "", allowed: topKeys) else {
            return (form, reader.issues)
        }
        if let kind = reader.string(reader.required(top, "form", at: ""), at: "form"), kind != definition.id {
            reader.report(
                .formKind, "This is form \(VisibleText.quoted(kind)); expected \(definition.id) (\(definition.title)).",
                at: "form")
        }
        let fieldIDs = definition.textFieldIDs
        if let organisation = reader.object(
            reader.required(top, "organisation", at: ""), at: "organisation", allowed: fieldIDs)
        {
            form.fields.reserveCapacity(organisation.count)  // grown once, not rehashed at each doubling
            for (key, value) in organisation where fieldIDs.contains(key) {
                if let text = reader.string(value, at: "organisation.\(key)") {
                    form.fields[key] = text
                }
            }
        }
        if let rows = reader.array(reader.required(top, "userRoleRanges", at: ""), at: "userRoleRanges") {
            if rows.count > maximumRangeRows {
                reader.report(
                    .formTooLarge,
                    "The form lists \(rows.count) User Role ranges; at most \(maximumRangeRows) are read.",
                    at: "userRoleRanges")
            }
            for (index, row) in rows.prefix(maximumRangeRows).enumerated() {
                var path: String { "userRoleRanges[\(index)]" }  // written out only for an issue
                guard let object = reader.object(row, at: path, allowed: rangeKeys) else {
                    form.userRoleRanges.append(UserRoleRangeEntry(role: "", first: "", last: ""))
                    continue
                }
                let role = reader.string(reader.required(object, "role", at: path), at: "\(path).role")
                let first = reader.string(reader.required(object, "first", at: path), at: "\(path).first")
                let last = reader.string(reader.required(object, "last", at: path), at: "\(path).last")
                form.userRoleRanges.append(UserRoleRangeEntry(role: role ?? "", first: first ?? "", last: last ?? ""))
            }
        }
        return (form, reader.issues)
    }

    /// The form as a JSON value in the file format `read` accepts.
    public var jsonValue: JSONValue {
        .object([
            "form": .string("A1"),
            "organisation": .object(fields.mapValues(JSONValue.string)),
            "userRoleRanges": .array(
                userRoleRanges.map {
                    .object(["role": .string($0.role), "first": .string($0.first), "last": .string($0.last)])
                }),
        ])
    }
}

extension OrganisationInformationForm {
    /// Where an organisation field's issues point: `organisation.legalName`, as in a form file.
    public static func path(ofField id: String) -> FieldPath {
        FieldPath.key("organisation").appending(key: id)
    }

    /// The User Role range table: `userRoleRanges`.
    public static let rangesPath = FieldPath.key("userRoleRanges")

    /// One cell of the range table: `userRoleRanges[2].first`.
    public static func path(ofRange row: Int, column: String) -> FieldPath {
        rangesPath.appending(index: row).appending(key: column)
    }
}
