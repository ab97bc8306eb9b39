/// Checks any form's fields against its definition: text, dates, choices, references and
/// repeatable groups, with the same codes and messages as A1's text fields.
///
/// Requests and the evidence their transitions record are checked here, in the transaction that
/// stores them (references are looked up there). The terminal UI's form editor can drive it
/// through `FieldValidator`, as it drives A1's validator.
public struct FormValidator: FieldValidator {
    public let definition: FormDefinition
    public let rules: SiteRules

    /// Where a form file holds its fields: issues point to `fields.nomineeName`,
    /// `fields.documents[1].reference`.
    public static let fieldsPath = FieldPath.key("fields")

    public init(definition: FormDefinition, rules: SiteRules) {
        self.definition = definition
        self.rules = rules
    }

    public func path(of field: FieldDefinition) -> FieldPath {
        Self.fieldsPath.appending(key: field.id)
    }

    /// Checks one text field; for a screen that checks a field as the person leaves it.
    public func validate(field id: String, value: String) -> [ValidationIssue] {
        guard let field = definition.field(id), field.type.isText else { return [] }
        return Self.textIssues(value.trimmingWhiteSpace(), field: field, path: path(of: field), rules: rules)
    }

    /// Checks a form's `fields` object and returns it normalised as it is stored: text trimmed,
    /// empty and null values left out. Without `references`, reference fields are checked for
    /// their shape only.
    public func validate(
        _ value: JSONValue?, references: (any ReferenceLookup)?
    ) throws -> (values: [String: JSONValue], report: ValidationReport) {
        var report = ValidationReport()
        var values: [String: JSONValue] = [:]
        var object: [String: JSONValue] = [:]
        switch value {
        case .object(let given)?: object = given
        case nil, .null?: break
        case let other?:
            report.add(
                ValidationIssue(.formType, "'fields' must be an object, not \(other.typeName).", field: Self.fieldsPath)
            )
            return (values, report)
        }
        for key in object.keys.sorted() where definition.field(key) == nil {
            report.add(
                ValidationIssue(
                    .formUnknownKey,
                    "\(VisibleText.quoted(key)) is not a field of \(definition.title) (form \(definition.id)).",
                    field: Self.fieldsPath.appending(key: key)))
        }
        for field in definition.fields {
            if let normalised = try check(
                object[field.id], field: field, path: path(of: field), references: references, into: &report)
            {
                values[field.id] = normalised
            }
        }
        return (values, report)
    }

    /// The values of the fields marked personal, and the others.
    public func split(_ values: [String: JSONValue]) -> (ordinary: [String: JSONValue], personal: [String: JSONValue]) {
        var ordinary: [String: JSONValue] = [:]
        var personal: [String: JSONValue] = [:]
        for (key, value) in values {
            if definition.field(key)?.isPersonal == true { personal[key] = value } else { ordinary[key] = value }
        }
        return (ordinary, personal)
    }

    // MARK: One field

    private func check(
        _ value: JSONValue?, field: FieldDefinition, path: FieldPath, references: (any ReferenceLookup)?,
        into report: inout ValidationReport
    ) throws -> JSONValue? {
        func wrongType(_ expected: String, _ found: JSONValue) -> JSONValue? {
            report.add(
                ValidationIssue(.formType, "\(field.label) must be \(expected), not \(found.typeName).", field: path))
            return nil
        }
        func missing() -> JSONValue? {
            if field.isRequired {
                report.add(ValidationIssue(.fieldRequired, "\(field.label) is required.", field: path))
            }
            return nil
        }
        guard let value, value != .null else { return missing() }
        switch field.type {
        case .text, .multiline, .date:
            guard case .string(let text) = value else { return wrongType("text", value) }
            let trimmed = text.trimmingWhiteSpace()
            let issues = Self.textIssues(trimmed, field: field, path: path, rules: rules)
            issues.forEach { report.add($0) }
            return trimmed.isEmpty ? nil : .string(trimmed)
        case .choice:
            guard case .string(let text) = value else { return wrongType("one of its options, as text", value) }
            if text.isEmpty { return missing() }
            guard field.option(text) != nil else {
                report.add(notAnOption(text, field: field, path: path))
                return nil
            }
            return value
        case .multiChoice:
            guard case .array(let items) = value else { return wrongType("a list of its options", value) }
            let limit = field.maxItems ?? field.options.count
            if items.count > limit {
                report.add(
                    ValidationIssue(
                        .fieldCount, "\(field.label) has \(items.count) choices; at most \(limit) are allowed.",
                        field: path))
                return nil
            }
            var chosen: [String] = []
            for (index, item) in items.enumerated() {
                let itemPath = path.appending(index: index)
                guard case .string(let text) = item else {
                    report.add(
                        ValidationIssue(
                            .formType, "Each choice of \(field.label) must be text, not \(item.typeName).",
                            field: itemPath))
                    continue
                }
                if field.option(text) == nil {
                    report.add(notAnOption(text, field: field, path: itemPath))
                } else if chosen.contains(text) {
                    report.add(
                        ValidationIssue(
                            .fieldChoice, "\(VisibleText.quoted(text)) is chosen twice in \(field.label).",
                            field: itemPath))
                } else {
                    chosen.append(text)
                }
            }
            if items.isEmpty { return missing() }
            if let minimum = field.minItems, chosen.count < minimum {
                report.add(
                    ValidationIssue(.fieldCount, "\(field.label) needs at least \(minimum) choices.", field: path))
            }
            return .array(chosen.map(JSONValue.string))
        case .reference:
            guard case .number(let number) = value, number.rounded() == number, number >= 1, number < 9e15 else {
                if case .number = value {
                    report.add(
                        ValidationIssue(
                            .fieldReference, "\(field.label) must be a record's id, a whole number from 1.", field: path
                        ))
                    return nil
                }
                return wrongType("a record's id (a number)", value)
            }
            let id = Int64(number)
            if let references, let kind = field.references, try !references.exists(kind, id: id) {
                let what = kind == .organisation ? "registered organisation with a current A1 form" : kind.rawValue
                report.add(ValidationIssue(.fieldReference, "\(field.label): there is no \(what) \(id).", field: path))
                return nil
            }
            return JSONValue(id)
        case .group:
            guard case .array(let rows) = value else { return wrongType("a list of rows", value) }
            let limit = field.maxItems ?? FieldDefinition.itemLimit
            if rows.count > limit {
                report.add(
                    ValidationIssue(
                        .fieldCount, "\(field.label) has \(rows.count) rows; at most \(limit) are allowed.", field: path
                    ))
                return nil
            }
            var stored: [JSONValue] = []
            let allowed = Set(field.fields.map(\.id))
            for (index, row) in rows.enumerated() {
                let rowPath = path.appending(index: index)
                guard case .object(let object) = row else {
                    report.add(
                        ValidationIssue(
                            .formType, "Each row of \(field.label) must be an object, not \(row.typeName).",
                            field: rowPath))
                    continue
                }
                for key in object.keys.sorted() where !allowed.contains(key) {
                    report.add(
                        ValidationIssue(
                            .formUnknownKey, "\(VisibleText.quoted(key)) is not a field of \(field.label).",
                            field: rowPath.appending(key: key)))
                }
                var values: [String: JSONValue] = [:]
                for inner in field.fields {
                    if let normalised = try check(
                        object[inner.id], field: inner, path: rowPath.appending(key: inner.id), references: references,
                        into: &report)
                    {
                        values[inner.id] = normalised
                    }
                }
                stored.append(.object(values))
            }
            if rows.isEmpty { return missing() }
            if let minimum = field.minItems, rows.count < minimum {
                report.add(ValidationIssue(.fieldCount, "\(field.label) needs at least \(minimum) rows.", field: path))
            }
            return .array(stored)
        case .userRoleRanges:
            // Loading refuses this type outside A1, whose own validator checks it.
            report.add(ValidationIssue(.formType, "\(field.label) cannot be entered here.", field: path))
            return nil
        }
    }

    private func notAnOption(_ text: String, field: FieldDefinition, path: FieldPath) -> ValidationIssue {
        let known = field.options.map(\.id).joined(separator: ", ")
        return ValidationIssue(
            .fieldChoice, "\(VisibleText.quoted(text)) is not one of the options of \(field.label): \(known).",
            field: path, isSiteRule: true)
    }

    /// The checks of a text value already trimmed: control and invisible characters, required,
    /// length, a real date, the rules file's format. The same codes and messages as A1's fields.
    static func textIssues(_ value: String, field: FieldDefinition, path: FieldPath, rules: SiteRules)
        -> [ValidationIssue]
    {
        let label = field.label
        let plainASCII = value.utf8.allSatisfy { (0x20...0x7E).contains($0) }
        if !plainASCII,
            let control = value.unicodeScalars.first(where: {
                VisibleText.mustEscape($0) && !(field.type == .multiline && $0 == "\n")
            })
        {
            return [
                ValidationIssue(
                    .fieldControlCharacter, "\(label) contains \(VisibleText.describe(control)); remove it.",
                    field: path)
            ]
        }
        if value.isEmpty {
            return field.isRequired ? [ValidationIssue(.fieldRequired, "\(label) is required.", field: path)] : []
        }
        if let maxLength = field.maxLength, value.utf8.count > maxLength, value.count > maxLength {
            return [
                ValidationIssue(
                    .fieldTooLong, "\(label) is \(value.count) characters long; at most \(maxLength) are allowed.",
                    field: path)
            ]
        }
        var issues: [ValidationIssue] = []
        if field.type == .date, !Timestamp.isCalendarDate(value) {
            issues.append(
                ValidationIssue(
                    .fieldFormat, "\(label) must be a real date written YYYY-MM-DD, such as 2026-11-25.", field: path))
        }
        if let formatID = field.format, let format = rules.formats[formatID], !format.matches(value) {
            issues.append(
                ValidationIssue(
                    .fieldFormat,
                    "\(label) \(VisibleText.quoted(value)) is not in the expected form, such as \(format.example).",
                    field: path, isSiteRule: true))
        }
        return issues
    }
}
