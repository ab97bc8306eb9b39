import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// The form editor works from any definition: here a throw-away form that is not A1, added as a
/// forms file, with a validator of its own.
@Suite struct FormEditorTests {
    /// A form a site might add: a note with a subject and a multi-line text, no range table.
    static let noteForm = Data(
        """
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
            if let limit = field.maxLength, value.count > limit {
                return [
                    ValidationIssue(
                        .fieldTooLong, "\(field.label) has more than \(limit) characters.", field: path(of: field))
                ]
            }
            return []
        }

        func path(of field: FieldDefinition) -> FieldPath { FieldPath.key("note").appending(key: field.id) }
    }

    static func validator() throws -> NoteValidator {
        let files =
            FormLibrary.builtInFiles(in: "Forms").map { (path: $0.key, name: $0.key, data: $0.value) }
            + [(path: "Z9-note.json", name: "Z9-note.json", data: noteForm)]
        let library = try FormLibrary.load(files: files, origin: "test")
        let definition = try #require(library.form("Z9"))
        return NoteValidator(definition: definition, rules: library.rules)
    }

    typealias Event = ScreenEvent<Never>

    @Test func aChoiceFieldNamesItsChosenOptionsByTheirLabelsNotOnlyTheirIds() throws {
        let a7 = try #require(FormLibrary.builtIn().form("A7"))
        let credentials = try #require(a7.field("credentials"))
        #expect(
            FormEditor.chosenLabels(credentials, text: "operator-account, recorded-credentials")
                == "Their ratui operator account; The credentials recorded for them in ratui")
        #expect(
            FormEditor.chosenLabels(credentials, text: "recorded-credentials")
                == "The credentials recorded for them in ratui")
        #expect(FormEditor.chosenLabels(credentials, text: "") == nil, "nothing chosen: nothing to name")
        #expect(FormEditor.chosenLabels(credentials, text: "operator-account, \u{1B}[2J") == nil, "not an option")
    }

    @Test func editsAnyDefinitionsFieldsAndPutsIssuesBesideThemByPath() throws {
        let validator = try Self.validator()
        var editor = FormEditor(definition: validator.definition, values: [:], ranges: [])
        #expect(editor.focus == .field("subject"))
        #expect(editor.fields.keys.sorted() == ["body", "subject"])

        // Passing over an empty field checks nothing: nothing was typed yet.
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.focus == .field("body"))
        #expect(editor.issues.isEmpty)
        #expect(editor.contexts(validator: validator).contains(.formMultiline))

        // Typed in and emptied again, leaving it shows the required error, found by its path.
        _ = editor.update(Event.action(.previousField), validator: validator)
        _ = editor.update(Event.edit(.character("x")), validator: validator)
        _ = editor.update(Event.edit(.backspace), validator: validator)
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.issues(at: FieldPath.key("note").appending(key: "subject")).map(\.code) == [.fieldRequired])

        // Typing past the field's length keeps every character; leaving it reports field.too-long.
        _ = editor.update(Event.action(.previousField), validator: validator)
        for character in "Eleven char" { _ = editor.update(Event.edit(.character(character)), validator: validator) }
        #expect(editor.values["subject"] == "Eleven char")
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.issues(at: FieldPath.key("note").appending(key: "subject")).map(\.code) == [.fieldTooLong])

        // Fixed, the issue goes; next field on the last field stays there and says what submits.
        _ = editor.update(Event.action(.previousField), validator: validator)
        _ = editor.update(Event.edit(.backspace), validator: validator)
        _ = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.issues.isEmpty)
        let last = editor.update(Event.action(.nextField), validator: validator)
        #expect(editor.focus == .field("body"), "moving never submits")
        #expect(last.status?.text.contains("Ctrl-S") == true)
        #expect(
            !editor.update(Event.action(.addRangeRow), validator: validator).checkRanges,
            "no range table: nothing to check")
    }

    @Test func aWholeFormCheckMovesToTheFirstErrorByItsPath() throws {
        let validator = try Self.validator()
        var editor = FormEditor(definition: validator.definition, values: ["subject": "", "body": "x"], ranges: [])
        _ = editor.update(Event.action(.nextField), validator: validator)
        var report = ValidationReport()
        report.add(
            ValidationIssue(
                .fieldRequired, "Subject is required.", field: FieldPath.key("note").appending(key: "subject")))
        editor.show(report, validator: validator)
        #expect(editor.focus == .field("subject"))
    }
}
