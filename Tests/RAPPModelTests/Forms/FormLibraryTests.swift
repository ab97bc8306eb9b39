import Foundation
import Testing

@testable import RAPPModel

@Suite("Forms as data")
struct FormLibraryTests {
    static let formsFolder = Fixtures.packageRoot.appending(path: "Forms")
    static let schemasFolder = Fixtures.packageRoot.appending(path: "Schemas")

    /// Writes the built-in forms to a folder, with `edit` applied to one file's text.
    func folder(editing file: String? = nil, _ edit: (String) -> String = { $0 }) throws -> URL {
        let folder = Fixtures.temporaryFolder()
        for (name, data) in FormLibrary.builtInFiles(in: "Forms") {
            let text = String(decoding: data, as: UTF8.self)
            let url = folder.appending(path: name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((name == file ? edit(text) : text).utf8).write(to: url)
        }
        return folder
    }

    /// Every file under `folder` that is not hidden, by path relative to it, subfolders included.
    static func files(under folder: URL) throws -> [String] {
        let walker = try #require(FileManager.default.enumerator(atPath: folder.path))
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appending(path: path).path, isDirectory: &isFolder)
            if !isFolder.boolValue && !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                paths.append(path)
            }
        }
        return paths
    }

    @Test("the built-in copy is byte for byte the Forms/ folder, subfolders included, and the Schemas/ migrations")
    func embeddedMatchesSource() throws {
        let forms = try Self.files(under: Self.formsFolder)
        let migrations = try FileManager.default.contentsOfDirectory(atPath: Self.schemasFolder.path).filter {
            $0.hasSuffix(".sql")
        }
        for (folder, names) in [(Self.formsFolder, forms), (Self.schemasFolder, migrations)] {
            let embedded = FormLibrary.builtInFiles(in: folder.lastPathComponent)
            #expect(Set(embedded.keys) == Set(names), "files in \(folder.lastPathComponent)/")
            for name in names {
                #expect(
                    embedded[name] == (try Data(contentsOf: folder.appending(path: name))),
                    "\(name) differs from its embedded copy")
            }
        }
    }

    /// The built-in ARO nomination workflow under another id, as a file of that name holds it.
    static func workflow(id: String) -> Data {
        let text = String(
            decoding: FormLibrary.builtInFiles(in: "Forms")["workflows/aro-nomination.json"]!, as: UTF8.self)
        return Data(text.replacingOccurrences(of: #""id": "aro-nomination""#, with: #""id": "\#(id)""#).utf8)
    }

    @Test("workflows/ and templates/ files are loaded by path, workflows parsed; the folders may be empty or absent")
    func subfolders() throws {
        let folder = try folder()
        try FileManager.default.removeItem(at: folder.appending(path: "workflows"))
        try FileManager.default.removeItem(at: folder.appending(path: "templates"))
        #expect(try FormLibrary.load(directory: folder).files(of: .workflow).isEmpty)
        try FileManager.default.createDirectory(
            at: folder.appending(path: "workflows"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appending(path: "templates"), withIntermediateDirectories: true)
        #expect(try FormLibrary.load(directory: folder).files(of: .template).isEmpty)
        #expect(try FormLibrary.load(directory: folder).workflows.isEmpty)
        try Self.workflow(id: "registration").write(to: folder.appending(path: "workflows/registration.json"))
        // The workflow (a copy of aro-nomination) names this template.
        let welcome = Data(
            #"{"kind": "template", "id": "aro-credential-active", "subject": "Request {{request.id}}", "text": []}"#
                .utf8)
        try welcome.write(to: folder.appending(path: "templates/aro-credential-active.json"))
        try Data("ignored".utf8).write(to: folder.appending(path: "workflows/.registration.json.swp"))
        let library = try FormLibrary.load(directory: folder)
        #expect(library.files(of: .workflow) == ["workflows/registration.json": Self.workflow(id: "registration")])
        #expect(library.workflows.map(\.id) == ["registration"])
        #expect(library.files(of: .template) == ["templates/aro-credential-active.json": welcome])
        #expect(library.templates.map(\.id) == ["aro-credential-active"])
        #expect(
            Set(library.files(of: .definition).keys)
                == Set(FormLibrary.builtInFiles(in: "Forms").keys.filter { !$0.contains("/") }))
        #expect(library.organisationForm.id == "A1")
    }

    @Test("the built-in copy keeps a subfolder file's path, as the build embeds it")
    func builtInSubfolderFile() throws {
        let embedded = FormLibrary.builtInFiles(in: "Forms").map {
            (path: $0.key, name: "Forms/" + $0.key, data: $0.value)
        }
        let workflow = (
            path: "workflows/registration.json", name: "Forms/workflows/registration.json",
            data: Self.workflow(id: "registration")
        )
        let library = try FormLibrary.load(files: embedded + [workflow], origin: "built-in")
        #expect(library.files(of: .workflow)["workflows/registration.json"] == Self.workflow(id: "registration"))
        #expect(
            library.workflows.map(\.id) == [
                "aro-nomination", "org-revocation", "policy-change", "ra-credential", "ra-revocation", "registration",
                "repository-unlock",
                "system-credential",
            ])
    }

    @Test("a workflow or template stored under another file name is refused, naming the file it belongs in")
    func definitionsLiveInTheirOwnFile() throws {
        let embedded = FormLibrary.builtInFiles(in: "Forms").map { (path: $0.key, name: $0.key, data: $0.value) }
        let template = "templates/policy-applied-ra-manager.json"
        let cases: [(files: [(path: String, name: String, data: Data)], file: String, message: String)] = [
            (
                embedded + [
                    (
                        path: "workflows/other.json", name: "workflows/other.json",
                        data: Self.workflow(id: "registration")
                    )
                ],
                "workflows/other.json", "Workflow \"registration\" belongs in workflows/registration.json."
            ),
            (
                embedded.map {
                    $0.path == template
                        ? (path: "templates/other.json", name: "templates/other.json", data: $0.data) : $0
                },
                "templates/other.json",
                "Template \"policy-applied-ra-manager\" belongs in templates/policy-applied-ra-manager.json."
            ),
        ]
        for test in cases {
            #expect(throws: FormsLoadError.self) { try FormLibrary.load(files: test.files, origin: "test") }
            do {
                _ = try FormLibrary.load(files: test.files, origin: "test")
            } catch {
                #expect(error.file == test.file)
                #expect(error.problems.map(\.message) == [test.message])
                #expect(error.problems.map(\.field) == ["id"])
            }
        }
    }

    @Test(
        "a file the forms folder may not hold is refused by name, never skipped",
        arguments: [
            ("README.md", "README.md"), ("notes/todo.json", "notes"),
            ("workflows/registration.yaml", "workflows/registration.yaml"),
            ("workflows/nested/x.json", "workflows/nested"), ("templates/nested/x.txt", "templates/nested"),
            ("extra/", "extra"),
        ])
    func unknownFile(_ path: String, _ named: String) throws {
        let folder = try folder()
        let url = folder.appending(path: path)
        if path.hasSuffix("/") {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } else {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: url)
        }
        let error = #expect(throws: FormsLoadError.self) { try FormLibrary.load(directory: folder) }
        #expect(error?.problems.map(\.code) == [.formsUnknownFile])
        #expect(error?.file.hasSuffix(named) == true, "\(error?.file ?? "")")
        #expect(FormsFileKind(path: path.hasSuffix("/") ? path + "x" : path) == nil)
    }

    @Test("the file kinds by place and name")
    func kinds() {
        #expect(FormsFileKind(path: "rules.json") == .definition)
        #expect(FormsFileKind(path: "A1-organisation-information.json") == .definition)
        #expect(FormsFileKind(path: "workflows/registration.json") == .workflow)
        #expect(FormsFileKind(path: "templates/welcome.json") == .template)
        for path in [
            "templates/welcome.txt", "templates/.json", "rules.yaml", ".json", "workflows/x.txt", "workflows/.json",
            "templates/a/b", "other/x.json", "templates/",
        ] {
            #expect(FormsFileKind(path: path) == nil, "\(path)")
        }
    }

    @Test("the built-in library has A1 with all its sections, the seven User Roles and two sharing pairs")
    func builtIn() throws {
        let library = try FormLibrary.builtIn()
        let a1 = library.organisationForm
        #expect(a1.title == "Organisation Information Form")
        #expect(a1.sections.map(\.id) == ["organisation", "contact", "sro", "ranges"])
        #expect(a1.field("legalName")?.isRequired == true)
        #expect(
            library.rules.userRoles.map(\.id) == [
                "import-supplier", "export-supplier", "gas-supplier", "electricity-distributor",
                "gas-transporter", "registered-supplier-agent", "other-user",
            ])
        #expect(library.rules.mayShare("import-supplier", "gas-supplier"))
        #expect(library.rules.mayShare("gas-transporter", "electricity-distributor"))
        #expect(!library.rules.mayShare("import-supplier", "export-supplier"))
        #expect(!library.rules.mayShare("gas-supplier", "gas-supplier"))
    }

    @Test("the source folder loads the same as the built-in copy")
    func sourceFolder() throws {
        let library = try FormLibrary.load(directory: Self.formsFolder)
        #expect(library.forms == (try FormLibrary.builtIn()).forms)
    }

    @Test("a site's edited copy is used instead of the built-in one")
    func siteCopy() throws {
        let folder = try folder(editing: "rules.json") {
            $0.replacingOccurrences(
                of: "{ \"id\": \"other-user\", \"name\": \"Other User\" }",
                with:
                    "{ \"id\": \"other-user\", \"name\": \"Other User\" },\n    { \"id\": \"dcc\", \"name\": \"DCC\" }")
        }
        let library = try FormLibrary.load(directory: folder)
        #expect(library.rules.role("dcc")?.name == "DCC")
    }

    @Test(
        "a malformed file is refused with its name and the problem",
        arguments: [
            ("rules.json", "\"checks\": {", "\"checks\": {\"made.up\": {\"severity\": \"error\"},", "made.up"),
            ("rules.json", "\"severity\": \"warning\"", "\"severity\": \"loud\"", "loud"),
            (
                "rules.json", "\"pattern\": \"[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+\"", "\"pattern\": \"([a-z\"",
                "regular expression"
            ),
            (
                "rules.json", "\"roles\": [\"import-supplier\", \"gas-supplier\"]",
                "\"roles\": [\"import-supplier\", \"nobody\"]", "nobody"
            ),
            ("rules.json", "{ \"code\": \"02\"", "{ \"code\": \"2\"", "two upper-case hex digits"),
            ("rules.json", "{ \"code\": \"03\"", "{ \"code\": \"02\"", "listed twice"),
            (
                "rules.json", "\"userRoles\": [\"import-supplier\", \"gas-supplier\"] }",
                "\"userRoles\": [\"import-supplier\", \"no-such-role\"] }", "no-such-role"
            ),
            ("A1-organisation-information.json", "\"type\": \"date\"", "\"type\": \"calendar\"", "calendar"),
            (
                "A1-organisation-information.json", "\"nameField\": \"legalName\"", "\"nameField\": \"title\"",
                "nameField"
            ),
            ("A1-organisation-information.json", "\"format\": \"email\"", "\"format\": \"e-mail\"", "e-mail"),
            ("A1-organisation-information.json", "\"field.too-long\"", "\"field.too-loud\"", "field.too-loud"),
            ("A1-organisation-information.json", "\"required\": true", "\"required\": \"yes\"", "true or false"),
            ("A1-organisation-information.json", "{", "{\"colour\": \"blue\",", "colour"),
            ("A1-organisation-information.json", "\"id\": \"A1\"", "\"id\": \"A2\"", "A1"),
        ])
    func malformed(_ file: String, _ find: String, _ replace: String, _ expected: String) throws {
        let folder = try folder(editing: file) { text in
            guard let range = text.range(of: find) else { return text }
            return text.replacingCharacters(in: range, with: replace)
        }
        do {
            _ = try FormLibrary.load(directory: folder)
            Issue.record("the edited \(file) was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.contains(expected == "A1" ? folder.path : file))
        }
    }

    @Test("the Remote Party Role codes come from the rules file; a policy without them still loads, knowing none")
    func remotePartyRoles() throws {
        let rules = try FormLibrary.builtIn().rules
        #expect(rules.remotePartyRoles.map(\.hexCode) == ["02", "03", "7F"])
        #expect(rules.remotePartyRole(code: 0x02)?.userRoles == ["import-supplier", "gas-supplier"])
        let folder = try folder(editing: "rules.json") { text in
            guard let start = text.range(of: "  \"remotePartyRoles\": {"), let end = text.range(of: "  \"formats\": {")
            else { return text }
            return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        }
        let older = try FormLibrary.load(directory: folder).rules
        #expect(older.remotePartyRoles.isEmpty)
    }

    @Test("a file that is not UTF-8 is refused with its name")
    func invalidUTF8() throws {
        let folder = try folder()
        let file = folder.appending(path: "A1-organisation-information.json")
        try (Data([0xFF, 0xFE]) + Data(contentsOf: file)).write(to: file)
        #expect {
            try FormLibrary.load(directory: folder)
        } throws: { error in
            "\(error)".contains("A1-organisation-information.json") && "\(error)".contains("UTF-8")
        }
    }

    @Test("a folder without a rules file, or that cannot be read, is refused")
    func missingFiles() throws {
        let empty = Fixtures.temporaryFolder()
        #expect(throws: FormsLoadError.self) { try FormLibrary.load(directory: empty) }
        #expect(throws: FormsLoadError.self) { try FormLibrary.load(directory: empty.appending(path: "absent")) }
    }

    @Test("the published JSON Schema lists exactly the rule ids, field types, actions and checks ratui knows")
    func schemaMatchesCode() throws {
        let data = try Data(contentsOf: Self.schemasFolder.appending(path: "forms-file.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func at(_ path: [String]) -> Any? {
            path.reduce(schema as Any?) { ($0 as? [String: Any])?[$1] }
        }
        let defs = ["$defs"]
        let rules = at(defs + ["field", "properties", "rules", "items", "enum"]) as? [String]
        #expect(Set(rules ?? []) == Set(FieldDefinition.knownRules.map(\.rawValue)))
        let types = at(defs + ["field", "properties", "type", "enum"]) as? [String]
        #expect(Set(types ?? []) == Set(FieldDefinition.FieldType.allCases.map(\.rawValue)))
        let actions =
            at(defs + ["rules", "properties", "permissions", "additionalProperties", "items", "enum"]) as? [String]
        #expect(Set(actions ?? []) == Set(OperatorAction.allCases.map(\.rawValue)))
        let checks = at(defs + ["rules", "properties", "checks", "required"]) as? [String]
        #expect(Set(checks ?? []) == Set(SiteRules.configurableChecks.map(\.rawValue)))
    }
}
