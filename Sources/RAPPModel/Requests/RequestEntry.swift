/// A request's form, or a step's evidence with its reason and note, as typed in a terminal:
/// every field a line (or lines) of text, turned into the `fields` object the engine validates.
///
/// The terminal's form editor edits text; the engine takes JSON. This is the one translation
/// between them, so the TUI enters exactly what a form file would hold and the engine's codes
/// and messages (`field.required`, `field.choice`, `form.type`, …) come back unchanged:
///
/// - text, multi-line text and dates: the text;
/// - a choice: the option's id; a multi-choice: option ids separated by commas;
/// - a reference: a record's id (whole number; anything else goes as text, which the engine refuses
///   with `form.type`);
/// - a group: one row a line, the row's fields separated by `|`, in the group's order.
public struct RequestEntry: Hashable, Sendable {
    /// What the operator fills in: the form's own fields, then, for a step, `reason` and `note`.
    public let definition: FormDefinition
    /// The form the engine validates the fields against (the request's or the evidence's).
    public let form: FormDefinition?
    public let needsReason: Bool
    public let takesNote: Bool

    /// Where a step's reason and note go in the file and in the engine's issues.
    public static let reasonField = "reason"
    public static let noteField = "note"
    /// What separates a group row's fields on its line.
    public static let groupSeparator: Character = "|"

    /// Entering a new request on `form`.
    public init(request form: FormDefinition) {
        self.definition = form
        self.form = form
        self.needsReason = false
        self.takesNote = false
    }

    /// Taking `transition`: its evidence form's fields (if any), a reason when it needs one, and
    /// a note.
    public init(step transition: WorkflowTransition, evidence: FormDefinition?, rules: SiteRules) {
        var sections = evidence?.sections ?? []
        var extra: [FieldDefinition] = []
        if transition.needsReason {
            extra.append(
                FieldDefinition(
                    id: Self.reasonField, label: "Reason", type: .choice, isRequired: true,
                    help: "Why: one of the reason codes of the rules file.",
                    options: rules.requestReasons.map { FieldOption(id: $0.id, label: $0.name) }))
        }
        extra.append(
            FieldDefinition(
                id: Self.noteField, label: "Note", type: .multiline, isRequired: false,
                maxLength: RequestEngine.maximumNoteLength,
                help: "Anything the next person should know (optional). Never a PIN or password."))
        sections.append(FormSection(id: "step", title: transition.label, fields: extra))
        self.definition = FormDefinition(
            id: evidence?.id ?? "step", title: evidence?.title ?? transition.label, annex: evidence?.annex ?? "",
            purpose: evidence?.purpose ?? "", nameField: evidence?.nameField ?? Self.noteField, sections: sections)
        self.form = evidence
        self.needsReason = transition.needsReason
        self.takesNote = true
    }

    /// The `fields` object of the form as typed (nil for a step that records no evidence), the
    /// reason and the note.
    public func values(from text: [String: String]) -> (fields: JSONValue?, reason: String?, note: String?) {
        let fields = form.map { form in
            JSONValue.object(
                Dictionary(
                    uniqueKeysWithValues: form.fields.compactMap { field in
                        Self.value(text[field.id] ?? "", field: field).map { (field.id, $0) }
                    }))
        }
        let reason = needsReason ? Self.nonEmpty(text[Self.reasonField]) : nil
        let note = takesNote ? Self.nonEmpty(text[Self.noteField]) : nil
        return (fields, reason, note)
    }

    /// The form's own checks of what was typed, without the registry (references are checked
    /// for their shape only): the issues the engine would report first, with its codes and paths.
    public func check(_ text: [String: String], rules: SiteRules) -> ValidationReport {
        guard let form else { return ValidationReport() }
        let (values, _, _) = self.values(from: text)
        return (try? FormValidator(definition: form, rules: rules).validate(values, references: nil).report)
            ?? ValidationReport()
    }

    /// The text the editor shows for a value already entered (the inverse of `values`).
    public static func text(of value: JSONValue, field: FieldDefinition) -> String {
        switch (field.type, value) {
        case (_, .string(let text)): return text
        case (.multiChoice, .array(let items)):
            return items.compactMap { if case .string(let id) = $0 { id } else { nil } }.joined(separator: ", ")
        case (.group, .array(let rows)):
            return rows.map { row in
                guard case .object(let object) = row else { return "" }
                return field.fields.map { inner in object[inner.id].map { text(of: $0, field: inner) } ?? "" }
                    .joined(separator: " \(groupSeparator) ")
            }.joined(separator: "\n")
        default: return value.serialized()
        }
    }

    /// One field's JSON value from its text; nil when left empty.
    static func value(_ text: String, field: FieldDefinition) -> JSONValue? {
        let trimmed = text.trimmingWhiteSpace()
        guard !trimmed.isEmpty else { return nil }
        switch field.type {
        case .text, .multiline, .date, .userRoleRanges:
            return .string(text)
        case .choice:
            return .string(trimmed)
        case .multiChoice:
            return .array(trimmed.split(separator: ",").map { .string(String($0).trimmingWhiteSpace()) })
        case .reference:
            // Digits only (no sign, no spaces inside): a record's id; anything else stays text for
            // the engine to refuse with its own message.
            if trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), trimmed.utf8.count <= 18,
                let id = Int64(trimmed)
            {
                return JSONValue(id)
            }
            return .string(trimmed)
        case .group:
            let rows = trimmed.split(separator: "\n", omittingEmptySubsequences: true)
                .filter { !$0.allSatisfy(\.isWhitespace) }
            return .array(
                rows.map { line in
                    let cells = line.split(separator: groupSeparator, omittingEmptySubsequences: false).map(String.init)
                    var object: [String: JSONValue] = [:]
                    for (index, inner) in field.fields.enumerated() where index < cells.count {
                        if let value = value(cells[index], field: inner) { object[inner.id] = value }
                    }
                    if cells.count > field.fields.count {
                        // More cells than fields: kept under a key the engine reports as unknown.
                        object["(extra)"] = .string(
                            cells[field.fields.count...].joined(separator: String(groupSeparator)))
                    }
                    return .object(object)
                })
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingWhiteSpace().isEmpty else { return nil }
        return text
    }
}

/// The field checks and issue paths of a `RequestEntry`, for the terminal's form editor: the
/// form's fields as `FormValidator` checks them (`fields.<id>`), the step's `reason` and `note`
/// where the engine's issues about them point.
public struct RequestEntryValidator: FieldValidator {
    public let entry: RequestEntry
    public let rules: SiteRules

    public init(entry: RequestEntry, rules: SiteRules) {
        self.entry = entry
        self.rules = rules
    }

    public var definition: FormDefinition { entry.definition }

    public func validate(field id: String, value: String) -> [ValidationIssue] {
        guard let form = entry.form, form.field(id) != nil else { return [] }
        return FormValidator(definition: form, rules: rules).validate(field: id, value: value)
    }

    public func path(of field: FieldDefinition) -> FieldPath {
        if entry.form?.field(field.id) == nil,
            field.id == RequestEntry.reasonField || field.id == RequestEntry.noteField
        {
            return .key(field.id)
        }
        return FormValidator.fieldsPath.appending(key: field.id)
    }
}
