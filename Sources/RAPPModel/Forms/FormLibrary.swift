import Foundation

/// The form definitions and site rules in force: the copy built into ratui, or a site's folder.
///
/// Loading checks every file completely before anything uses it, so a typo in a site's edited
/// copy stops ratui with the file's name and the problem instead of surfacing mid-task.
public struct FormLibrary: Sendable {
    public let rules: SiteRules
    public let forms: [FormDefinition]
    /// Where the definitions came from: a folder's path, or "built-in".
    public let origin: String

    public func form(_ id: String) -> FormDefinition? { forms.first { $0.id == id } }

    /// The Organisation Information Form (A1), which every library must define.
    public var organisationForm: FormDefinition { form("A1")! }

    /// The definitions built into this binary from the package's `Forms/` folder.
    public static func builtIn() throws(FormsLoadError) -> FormLibrary {
        let files = EmbeddedDefaults.files.filter { $0.key.hasPrefix("Forms/") }
            .compactMap { key, base64 in Data(base64Encoded: base64).map { (key, $0) } }
        return try load(files: files, origin: "built-in")
    }

    /// The raw bytes of the built-in files under `folder` (`Forms` or `Schemas`), by file name.
    public static func builtInFiles(in folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for (key, base64) in EmbeddedDefaults.files where key.hasPrefix(folder + "/") {
            result[String(key.dropFirst(folder.count + 1))] = Data(base64Encoded: base64)
        }
        return result
    }

    /// Every `.json` file in `directory`.
    public static func load(directory: URL) throws(FormsLoadError) -> FormLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw FormsLoadError(file: directory.path, "cannot read the forms folder: \(error.localizedDescription)")
        }
        var files: [(String, Data)] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = directory.appending(path: name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw FormsLoadError(file: url.path, "cannot be read")
            }
            files.append((url.path, data))
        }
        return try load(files: files, origin: directory.path)
    }

    /// Parses the given files: exactly one rules file and one or more form definitions, A1 among them.
    static func load(files: [(name: String, data: Data)], origin: String) throws(FormsLoadError) -> FormLibrary {
        var documents: [(name: String, kind: String, object: [String: JSONValue])] = []
        for (name, data) in files.sorted(by: { $0.name < $1.name }) {
            let value: JSONValue
            do {
                value = try JSONValue.parse(data)
            } catch {
                throw FormsLoadError(file: name, problems: [error])
            }
            guard case .object(let object) = value else {
                throw FormsLoadError(file: name, "must hold a JSON object")
            }
            guard case .string(let kind) = object["kind"], kind == "rules" || kind == "form" else {
                throw FormsLoadError(file: name, "needs \"kind\": \"rules\" or \"kind\": \"form\"")
            }
            documents.append((name, kind, object))
        }
        let ruleDocuments = documents.filter { $0.kind == "rules" }
        guard ruleDocuments.count == 1 else {
            throw FormsLoadError(file: origin, "needs exactly one rules file (\"kind\": \"rules\"), found \(ruleDocuments.count)")
        }
        var reader = JSONReader()
        _ = reader.object(.object(ruleDocuments[0].object), at: "", allowed: SiteRules.allowedKeys)
        guard let rules = SiteRules.read(ruleDocuments[0].object, reader: &reader) else {
            throw FormsLoadError(file: ruleDocuments[0].name, problems: reader.issues)
        }
        var forms: [FormDefinition] = []
        for document in documents where document.kind == "form" {
            var reader = JSONReader()
            _ = reader.object(.object(document.object), at: "", allowed: FormDefinition.allowedKeys)
            let form = FormDefinition.read(document.object, rules: rules, reader: &reader)
            guard let form, reader.issues.isEmpty else {
                throw FormsLoadError(file: document.name, problems: reader.issues)
            }
            if forms.contains(where: { $0.id == form.id }) {
                throw FormsLoadError(file: document.name, "defines form \(form.id), which another file also defines")
            }
            forms.append(form)
        }
        guard let a1 = forms.first(where: { $0.id == "A1" }) else {
            throw FormsLoadError(file: origin, "has no definition of form A1 (the Organisation Information Form)")
        }
        guard a1.fields.filter({ $0.type == .userRoleRanges }).map(\.id) == ["userRoleRanges"] else {
            throw FormsLoadError(file: origin, "form A1 needs exactly one field of type userRoleRanges, with id userRoleRanges")
        }
        return FormLibrary(rules: rules, forms: forms.sorted { $0.id < $1.id }, origin: origin)
    }
}
