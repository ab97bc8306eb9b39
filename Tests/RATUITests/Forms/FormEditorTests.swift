import Foundation
import Testing
@testable import RAPPModel
@testable import RATUI

/// The form editor works from any definition: here a throw-away form that is not A1, added as a
/// forms file, with a validator of its own.
@Suite struct FormEditorTests {
    /// A form a site might add: a note with a subject and a multi-line text, no range table.
    static let noteForm = Data("""
    {"kind": "form", "id": "Z9", "title": "Note", "annex": "none", "purpose": "A throw-away form for tests.",
     "nameField": "subject",
     "sections": [{"id": "note", "title": "Note", "fields": [
        {"id": "subject", "label": "Subject", "type": "text", "required": true, "maxLength": 10,
         "help": "A few words.", "rules": ["field.required", "field.too-long"]},
        {"id": "body", "label": "Body", "type": "multiline", "required": false, "maxLength": 200,
         "help": "Anything.", "rules": ["field.too-long"]}]}]}
    """.utf8)

    /// Checks the note's fields; its issues point at `note.<field>`.
    struct NoteValidator: FieldValidator {
        let definition: FormDefinition
        let rules: SiteRules

        func validate(field id: String, value: String) -> [ValidationIssue] {
            guard let field = definition.field(id) else { return [] }
            if field.isRequired && value.isEmpty {
                return [ValidationIssue(.fieldRequired, "\(field.label) is required.", field: path(of: field))]
            }
            return []
        }

        func path(of field: FieldDefinition) -> FieldPath { FieldPath.key("note").appending(key: field.id) }
    }

    static func validator() throws -> NoteValidator {
        let files = FormLibrary.builtInFiles(in: "Forms").map { (path: $0.key, name: $0.key, data: $0.value) }
            + [(path: "Z9-note.json", name: "Z9-note.json", data: noteForm)]
        let library = try FormLibrary.load(files: files, origin: "test")
        let definition = try #require(library.form("Z9"))
        return NoteValidator(definition: definition, rules: library.rules)
    }

    typealias Event = ScreenEvent<Never>

    @Test func editsAnyDefinitionsFieldsAndPutsIssuesBesideThemByPath() throws {
        let validator = try Self.validator()
        var editor = FormEditor(definition: validator.definition, values: [:], ranges: [])
        #expect(editor.focus == .field("subject"))
        #expect(editor.fields.keys.sorted() == ["body", "subject"])

        // Leaving the empty required field checks it; the issue is found by its path.
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.focus == .field("body"))
        #expect(editor.issues(at: FieldPath.key("note").appending(key: "subject")).map(\.code) == [.fieldRequired])
        #expect(editor.contexts(validator: validator).contains(.formMultiline))

        // Typing past the field's length is refused with its label and limit.
        _ = editor.update(Event.action(.previousField), validator: validator)
        var output = FormEditor.Output()
        for character in "Eleven char" { output = editor.update(Event.edit(.character(character)), validator: validator) }
        #expect(editor.values["subject"] == "Eleven cha")
        #expect(output.status == .warning("Subject takes at most 10 characters."))

        // Leaving it filled in clears the issue; next field on the last field asks to submit.
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.issues.isEmpty)
        #expect(editor.update(Event.action(.nextField), validator: validator).submit)
        #expect(!editor.update(Event.action(.addRangeRow), validator: validator).checkRanges, "no range table: nothing to check")
    }

    @Test func aWholeFormCheckMovesToTheFirstErrorByItsPath() throws {
        let validator = try Self.validator()
        var editor = FormEditor(definition: validator.definition, values: ["subject": "", "body": "x"], ranges: [])
        _ = editor.update(Event.action(.nextField), validator: validator)
        var report = ValidationReport()
        report.add(ValidationIssue(.fieldRequired, "Subject is required.", field: FieldPath.key("note").appending(key: "subject")))
        editor.show(report, validator: validator)
        #expect(editor.focus == .field("subject"))
    }
}
