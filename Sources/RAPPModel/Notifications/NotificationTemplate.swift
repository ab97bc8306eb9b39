import Foundation

/// A message template of the stored policy (`Forms/templates/<id>.json`): the subject line and
/// text of one kind of notification, with `{{placeholder}}`s.
///
/// Placeholders come from a fixed list of values that are never personal evidence
/// (`placeholders`: request id and kind, step and state, organisation name and id, reason codes,
/// dates, operator sign-in names). A template naming anything else, a form field above all, makes
/// the whole policy unloadable (`template.placeholder`, `template.personal`), so personal
/// evidence can never reach a message, whatever a policy says.
public struct NotificationTemplate: Hashable, Sendable {
    public let id: String
    public let about: String
    /// The subject line, one line.
    public let subject: String
    /// The text, a line each.
    public let lines: [String]

    /// Every placeholder a template may name, with what it stands for.
    public static let placeholders: [(name: String, meaning: String)] = [
        ("request.id", "the request's number"),
        ("request.kind", "the request's kind (workflow id)"),
        ("request.title", "the workflow's title"),
        ("request.submitted", "when the request was entered (UTC)"),
        ("step.action", "the step's action id"),
        ("step.label", "the step's label"),
        ("step.state", "the state the step led to (id)"),
        ("step.stateLabel", "the state the step led to (label)"),
        ("step.date", "the step's date (YYYY-MM-DD, UTC)"),
        ("step.time", "the step's time of day (HH:MM, UTC)"),
        ("step.operator", "the sign-in name of the operator who took the step"),
        ("step.reason", "the step's reason code, if any"),
        ("step.reasonLabel", "the reason code's label, if any"),
        ("organisation.id", "the id of the organisation the request concerns, if any"),
        ("organisation.name", "that organisation's name in its A1 form in force"),
        ("recipient", "who the message is for (requester, subject, ra-manager, pma, organisation-aros)"),
    ]

    static let placeholderNames = Set(placeholders.map(\.name))

    /// The longest subject line and text line a template may hold, and how many lines: a rendered
    /// line stays within RFC 5322's 998 octets whatever its placeholders hold.
    static let maximumSubjectLength = 200
    static let maximumLineLength = 400
    static let maximumLines = 200
    /// A placeholder's value is cut to this many characters.
    static let maximumValueLength = 160

    static let allowedKeys: Set<String> = ["$schema", "kind", "id", "about", "subject", "text"]

    /// Reads a template file, checking every placeholder against the fixed list and the
    /// policy's personal fields; problems go into `reader` with their paths.
    static func read(_ object: [String: JSONValue], forms: [FormDefinition], reader: inout JSONReader)
        -> NotificationTemplate?
    {
        let before = reader.issues.count
        _ = reader.object(.object(object), at: "", allowed: allowedKeys)
        if let kind = reader.string(reader.required(object, "kind", at: ""), at: "kind"), kind != "template" {
            reader.report(.formKind, "A file in templates/ needs \"kind\": \"template\".", at: "kind")
        }
        let id = reader.string(reader.required(object, "id", at: ""), at: "id")
        if let id, !SiteRules.isIdentifier(id) {
            reader.report(
                .formType, "Template id \(VisibleText.quoted(id)) must be lower-case letters, digits and '-'.",
                at: "id")
        }
        let about = reader.string(object["about"], at: "about") ?? ""
        let subject = reader.string(reader.required(object, "subject", at: ""), at: "subject")
        if let subject {
            check(subject, at: "subject", limit: maximumSubjectLength, forms: forms, reader: &reader)
            if subject.trimmingWhiteSpace().isEmpty {
                reader.report(.formType, "A template needs a subject line.", at: "subject")
            }
        }
        var lines: [String] = []
        let values = reader.array(reader.required(object, "text", at: ""), at: "text") ?? []
        if values.count > maximumLines {
            reader.report(
                .formType, "The text has \(values.count) lines; at most \(maximumLines) are allowed.", at: "text")
        }
        for (index, value) in values.enumerated() {
            guard let line = reader.string(value, at: "text[\(index)]") else { continue }
            check(line, at: "text[\(index)]", limit: maximumLineLength, forms: forms, reader: &reader)
            lines.append(line)
        }
        guard reader.issues.count == before, let id, let subject else { return nil }
        return NotificationTemplate(id: id, about: about, subject: subject, lines: lines)
    }

    /// Checks one line: length, no control or invisible characters, placeholders well formed and
    /// on the list.
    private static func check(
        _ line: String, at path: String, limit: Int, forms: [FormDefinition], reader: inout JSONReader
    ) {
        if line.count > limit {
            reader.report(
                .formType, "This line is \(line.count) characters long; at most \(limit) are allowed.", at: path)
        }
        if let control = line.unicodeScalars.first(where: VisibleText.mustEscape) {
            reader.report(.formType, "This line contains \(VisibleText.describe(control)); remove it.", at: path)
        }
        let (names, wellFormed) = placeholderNames(in: line)
        if !wellFormed {
            reader.report(
                .templateSyntax, "A \"{{\" without its \"}}\" (or an empty placeholder); write {{name}}.", at: path)
        }
        for name in names where !placeholderNames.contains(name) {
            if let (form, field) = personalField(named: name, forms: forms) {
                reader.report(
                    .templatePersonal,
                    "{{\(VisibleText.escaped(name))}} names \(field), personal evidence of form \(form): personal evidence never goes into a message.",
                    at: path)
            } else {
                reader.report(
                    .templatePlaceholder,
                    "{{\(VisibleText.escaped(String(name.prefix(60))))}} is not a placeholder ratui fills; use \(placeholders.map(\.name).joined(separator: ", ")).",
                    at: path)
            }
        }
    }

    /// The form and field a placeholder names when its last part is a personal field of any
    /// form (`{{dateOfBirth}}`, `{{fields.dateOfBirth}}`), for the clearer refusal.
    private static func personalField(named name: String, forms: [FormDefinition]) -> (String, String)? {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        for form in forms {
            for field in form.fields where field.id == last || field.id == name {
                if field.isPersonal { return (form.id, field.id) }
            }
            for group in form.fields where group.isPersonal {
                if group.fields.contains(where: { $0.id == last }) { return (form.id, "\(group.id).\(last)") }
            }
        }
        return nil
    }

    /// The names between `{{` and `}}` in `line`, and whether every `{{` is closed by `}}`
    /// around a non-empty name.
    static func placeholderNames(in line: String) -> (names: [String], wellFormed: Bool) {
        var names: [String] = []
        var rest = Substring(line)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return (names, false) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.contains("{") { return (names, false) }
            names.append(name)
            rest = rest[close.upperBound...]
        }
        return (names, true)
    }

    /// The subject line and text with each placeholder replaced by its value (missing ones by
    /// "-"), values stripped of control and invisible characters and cut to
    /// `maximumValueLength`, so nothing a registry holds can add a line or a header.
    public func render(_ values: [String: String]) -> (subject: String, text: String) {
        func fill(_ line: String) -> String {
            var result = ""
            var rest = Substring(line)
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                result += rest[..<open.lowerBound]
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                result += Self.clean(values[name] ?? "-")
                rest = rest[close.upperBound...]
            }
            return result + rest
        }
        return (fill(subject), lines.map(fill).joined(separator: "\n"))
    }

    /// A value as it may stand in a message: control and invisible characters become spaces,
    /// and at most `maximumValueLength` characters are kept.
    static func clean(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append(VisibleText.mustEscape(scalar) ? " " : scalar)
        }
        let cleaned = String(scalars).trimmingWhiteSpace()
        let cut = String(cleaned.prefix(maximumValueLength))
        return cut.isEmpty ? "-" : cut
    }
}
