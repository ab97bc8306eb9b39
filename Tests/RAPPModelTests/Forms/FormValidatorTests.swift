import Foundation
import Testing

@testable import RAPPModel

/// The general form validator: every field type, and hostile input for each (wrong types, huge
/// values, control and invisible characters, invalid UTF-8).
@Suite("Forms of any definition")
struct FormValidatorTests {
    /// A throw-away form with one field of each type a request form may use.
    static let definition: FormDefinition = {
        let text = """
            {"kind": "form", "id": "T1", "title": "Test", "annex": "-", "purpose": "-", "nameField": "name", "sections": [{"id": "s", "title": "S", "fields": [
              {"id": "name", "label": "Name", "type": "text", "required": true, "maxLength": 20, "help": "", "rules": []},
              {"id": "notes", "label": "Notes", "type": "multiline", "required": false, "maxLength": 100, "help": "", "rules": []},
              {"id": "born", "label": "Born", "type": "date", "required": false, "maxLength": 10, "personal": true, "help": "", "rules": []},
              {"id": "colour", "label": "Colour", "type": "choice", "required": true, "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}], "help": "", "rules": []},
              {"id": "tags", "label": "Tags", "type": "multiChoice", "required": false, "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "help": "", "rules": []},
              {"id": "org", "label": "Organisation", "type": "reference", "references": "organisation", "required": false, "help": "", "rules": []},
              {"id": "rows", "label": "Rows", "type": "group", "required": false, "maxItems": 3, "fields": [
                {"id": "kind", "label": "Kind", "type": "choice", "required": true, "options": [{"id": "x", "label": "X"}], "help": "", "rules": []},
                {"id": "ref", "label": "Reference", "type": "text", "required": true, "maxLength": 10, "help": "", "rules": []}], "help": "", "rules": []}
            ]}]}
            """
        guard case .object(let object) = try! JSONValue.parse(Data(text.utf8)) else { fatalError() }
        var reader = JSONReader()
        let form = FormDefinition.read(object, rules: Fixtures.library.rules, reader: &reader)
        precondition(reader.issues.isEmpty, "\(reader.issues)")
        return form!
    }()

    static let validator = FormValidator(definition: definition, rules: Fixtures.library.rules)

    /// Organisations 1 and 2 exist.
    struct Lookup: ReferenceLookup {
        func exists(_ kind: ReferenceKind, id: Int64) throws -> Bool { kind == .organisation && (1...2).contains(id) }
    }

    static let valid: [String: JSONValue] = [
        "name": .string("  Dana  "), "notes": .string("two\nlines"), "born": .string("1980-02-29"),
        "colour": .string("red"),
        "tags": .array([.string("b"), .string("a")]), "org": .number(2),
        "rows": .array([.object(["kind": .string("x"), "ref": .string("R1")])]),
    ]

    func issues(_ changes: [String: JSONValue?]) throws -> [ValidationIssue] {
        var fields = Self.valid
        for (key, value) in changes { fields[key] = value }
        let report = try Self.validator.validate(.object(fields), references: Lookup()).report
        return report.errors + report.warnings
    }

    @Test("a valid form comes back normalised: text trimmed, choices kept, personal fields split off")
    func valid() throws {
        let (values, report) = try Self.validator.validate(.object(Self.valid), references: Lookup())
        #expect(report.errors.isEmpty && report.warnings.isEmpty)
        #expect(values["name"] == .string("Dana"))
        #expect(values["org"] == .number(2))
        let (ordinary, personal) = Self.validator.split(values)
        #expect(personal == ["born": .string("1980-02-29")])
        #expect(ordinary["born"] == nil && ordinary["name"] != nil)
        // Optional fields may be left out or null; empty text is left out.
        let (sparse, sparseReport) = try Self.validator.validate(
            .object(["name": .string("D"), "colour": .string("blue"), "notes": .null, "born": .string("")]),
            references: nil)
        #expect(sparseReport.errors.isEmpty)
        #expect(Set(sparse.keys) == ["name", "colour"])
    }

    @Test(
        "each problem has its code and the path of its field",
        arguments: [
            ("name", JSONValue?.none, "field.required", "fields.name"),
            ("name", .string("   "), "field.required", "fields.name"),
            ("name", .string(String(repeating: "é", count: 21)), "field.too-long", "fields.name"),
            ("born", .string("1981-02-29"), "field.format", "fields.born"),
            ("colour", .string("green"), "field.choice", "fields.colour"),
            ("colour", .string(""), "field.required", "fields.colour"),
            ("tags", .array([.string("a"), .string("a")]), "field.choice", "fields.tags[1]"),
            ("tags", .array([.string("c")]), "field.choice", "fields.tags[0]"),
            ("tags", .array([.string("a"), .string("b"), .string("a")]), "field.count", "fields.tags"),
            ("org", .number(3), "field.reference", "fields.org"),
            ("org", .number(0), "field.reference", "fields.org"),
            ("org", .number(1.5), "field.reference", "fields.org"),
            ("org", .number(1e300), "field.reference", "fields.org"),
            (
                "rows", .array(Array(repeating: .object(["kind": .string("x"), "ref": .string("R")]), count: 4)),
                "field.count", "fields.rows"
            ),
            (
                "rows", .array([.object(["kind": .string("y"), "ref": .string("R")])]), "field.choice",
                "fields.rows[0].kind"
            ),
            ("rows", .array([.object(["kind": .string("x")])]), "field.required", "fields.rows[0].ref"),
            (
                "rows", .array([.object(["kind": .string("x"), "ref": .string("R"), "extra": .string("?")])]),
                "form.unknown-key", "fields.rows[0].extra"
            ),
            ("surprise", .string("?"), "form.unknown-key", "fields.surprise"),
        ] as [(String, JSONValue?, String, String)])
    func problems(_ field: String, _ value: JSONValue?, _ code: String, _ path: String) throws {
        let found = try issues([field: value])
        #expect(found.map(\.code.rawValue) == [code], "\(found)")
        #expect(found.first?.field?.description == path)
    }

    @Test(
        "a value of the wrong JSON type is form.type, for every field type",
        arguments: [
            ("name", JSONValue.number(1)), ("name", .array([])), ("name", .object([:])), ("name", .bool(true)),
            ("notes", .number(1)), ("born", .bool(false)), ("colour", .number(1)), ("colour", .array([.string("red")])),
            ("tags", .string("a")), ("tags", .array([.number(1)])), ("org", .string("2")),
            ("org", .array([.number(2)])),
            ("rows", .object([:])), ("rows", .array([.string("x")])),
            ("rows", .array([.object(["kind": .number(1), "ref": .string("R")])])),
        ])
    func wrongTypes(_ field: String, _ value: JSONValue) throws {
        let found = try issues([field: value])
        #expect(found.map(\.code) == [.formType], "\(found)")
        #expect(found.first?.field?.isWithin(FormValidator.fieldsPath.appending(key: field)) == true)
    }

    @Test(
        "control, escape and invisible characters are refused by name, and never appear raw in a message",
        arguments: [
            "\u{1B}[31mred", "a\u{0}b", "zero\u{200B}width", "\u{202E}evil", "line\nbreak", "bell\u{7}", "\u{FEFF}bom",
            "\u{9B}csi",
        ])
    func hostileCharacters(_ text: String) throws {
        for (field, value) in [
            ("name", JSONValue.string(text)),
            ("rows", .array([.object(["kind": .string("x"), "ref": .string(text)])])), ("colour", .string(text)),
        ] {
            let found = try issues([field: value])
            #expect(
                found.map(\.code) == [field == "colour" ? .fieldChoice : .fieldControlCharacter], "\(field): \(found)")
            for issue in found {
                #expect(!issue.message.unicodeScalars.contains { VisibleText.mustEscape($0) })
            }
        }
        // A multi-line field takes line breaks, and nothing else of the kind.
        #expect(
            try issues(["notes": .string(text)]).map(\.code) == (text == "line\nbreak" ? [] : [.fieldControlCharacter]))
    }

    @Test("huge input is refused without being walked: long text, many rows, many choices")
    func hugeInput() throws {
        #expect(try issues(["name": .string(String(repeating: "x", count: 1_000_000))]).map(\.code) == [.fieldTooLong])
        #expect(
            try issues(["rows": .array(Array(repeating: .string("x"), count: 100_000))]).map(\.code) == [.fieldCount])
        #expect(
            try issues(["tags": .array(Array(repeating: .string("a"), count: 100_000))]).map(\.code) == [.fieldCount])
    }

    @Test(
        "form files: too large, not UTF-8, not JSON, too deep, the wrong shape",
        arguments: [
            Labelled("2 MiB", Data(repeating: 0x20, count: 2 << 20)),
            Labelled("invalid UTF-8", Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])),
            Labelled("not JSON", Data("{\"form\": \"ARO\", ".utf8)),
            Labelled(
                "nested 10,000 deep",
                Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)),
            Labelled("an array", Data("[1, 2]".utf8)),
            Labelled("fields not an object", Data(#"{"form": "ARO", "fields": [1]}"#.utf8)),
            Labelled("no fields", Data(#"{"form": "ARO"}"#.utf8)),
            Labelled("an unknown key", Data(#"{"form": "ARO", "fields": {}, "extra": 1}"#.utf8)),
            Labelled("form not text", Data(#"{"form": 7, "fields": {}}"#.utf8)),
        ])
    func hostileFiles(_ data: Labelled<Data>) {
        let (_, issues) = FormFile.read(data.value, namesForm: true)
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { !$0.message.unicodeScalars.contains { VisibleText.mustEscape($0) } })
    }

    @Test("evidence files hold fields only")
    func evidenceFiles() {
        #expect(FormFile.read(Data(#"{"fields": {"a": 1}}"#.utf8), namesForm: false).issues.isEmpty)
        #expect(
            FormFile.read(Data(#"{"form": "X", "fields": {}}"#.utf8), namesForm: false).issues.map(\.code) == [
                .formUnknownKey
            ])
    }

    @Test("a field checked alone as it is typed, for a form editor")
    func oneField() {
        #expect(Self.validator.validate(field: "name", value: "  ok ").isEmpty)
        #expect(Self.validator.validate(field: "born", value: "1999-13-01").map(\.code) == [.fieldFormat])
        #expect(Self.validator.path(of: Self.definition.field("rows")!) == "fields.rows")
    }
}
