import Foundation

/// The form definitions and site rules in force: the copy built into ratui, or a site's folder.
///
/// Loading checks every file completely before anything uses it, so a typo in a site's edited
/// copy stops ratui with the file's name and the problem instead of surfacing mid-task. A file
/// the folder may not hold (see `FormsFileKind`) is refused by name, never skipped.
public struct FormLibrary: Sendable {
    public let rules: SiteRules
    public let forms: [FormDefinition]
    /// Where the definitions came from: a folder's path, or "built-in".
    public let origin: String
    /// The Organisation Information Form (A1): loading refuses a library without it.
    public let organisationForm: FormDefinition
    /// The request workflows (`workflows/*.json`), by id.
    public let workflows: [WorkflowDefinition]
    /// The notification templates (`templates/*.json`), by id.
    public let templates: [NotificationTemplate]
    /// Every file of the library, by its path relative to the folder (`workflows/x.json`).
    private let contents: [String: (kind: FormsFileKind, data: Data)]

    public func form(_ id: String) -> FormDefinition? { forms.first { $0.id == id } }

    public func workflow(_ id: String) -> WorkflowDefinition? { workflows.first { $0.id == id } }

    public func template(_ id: String) -> NotificationTemplate? { templates.first { $0.id == id } }

    /// Every file of the library, of every kind, by path relative to the folder: what a registry
    /// stores as its policy.
    public var files: [String: Data] { contents.mapValues(\.data) }

    /// The raw bytes of the library's files of one kind, by path relative to the folder
    /// (`rules.json`, `workflows/x.json`, `templates/y.json`): for the code that parses that kind.
    public func files(of kind: FormsFileKind) -> [String: Data] {
        contents.filter { $0.value.kind == kind }.mapValues(\.data)
    }

    /// The definitions built into this binary from the package's `Forms/` folder.
    public static func builtIn() throws(FormsLoadError) -> FormLibrary {
        let files = builtInFiles(in: "Forms").map { path, data in (path: path, name: "Forms/" + path, data: data) }
        return try load(files: files, origin: "built-in")
    }

    /// The raw bytes of the built-in files under `folder` (`Forms` or `Schemas`), by path
    /// relative to it (`rules.json`, `workflows/x.json`).
    public static func builtInFiles(in folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for (key, base64) in EmbeddedDefaults.files where key.hasPrefix(folder + "/") {
            result[String(key.dropFirst(folder.count + 1))] = Data(base64Encoded: base64)
        }
        return result
    }

    /// Every file in `directory` and its `workflows/` and `templates/` folders.
    public static func load(directory: URL) throws(FormsLoadError) -> FormLibrary {
        var files: [(path: String, name: String, data: Data)] = []
        for name in try visibleEntries(of: directory) {
            let url = directory.appending(path: name)
            guard isFolder(url) else {
                files.append((name, url.path, try read(url)))
                continue
            }
            guard FormsFileKind.folders.contains(name) else {
                throw unknown(url.path, "is a folder a forms folder may not hold")
            }
            for inner in try visibleEntries(of: url) {
                let innerURL = url.appending(path: inner)
                if isFolder(innerURL) {
                    throw unknown(innerURL.path, "is a folder inside \(name)/, which holds files only")
                }
                files.append(("\(name)/\(inner)", innerURL.path, try read(innerURL)))
            }
        }
        return try load(files: files, origin: directory.path)
    }

    private static func visibleEntries(of folder: URL) throws(FormsLoadError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { !FormsFileKind.isHidden($0) }.sorted()
        } catch {
            throw FormsLoadError(file: folder.path, "cannot read the forms folder: \(error.localizedDescription)")
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    private static func read(_ url: URL) throws(FormsLoadError) -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FormsLoadError(file: url.path, "cannot be read")
        }
        return data
    }

    private static func unknown(_ name: String, _ reason: String) -> FormsLoadError {
        FormsLoadError(
            file: name,
            problems: [
                ValidationIssue(
                    .formsUnknownFile,
                    "\(reason): a forms folder holds *.json form definitions and rules.json, workflows/*.json and templates/*.json."
                )
            ])
    }

    /// Parses the given files, each with its path in the folder and the name to report it by:
    /// exactly one rules file and one or more form definitions, A1 among them, plus any
    /// workflow and template files, kept as they are for the code that reads them.
    static func load(files: [(path: String, name: String, data: Data)], origin: String) throws(FormsLoadError)
        -> FormLibrary
    {
        let (contents, documents) = try parse(files)
        let rules = try readRules(documents, origin: origin)
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
            let secrets = PolicyInvariants.problems(in: [form])
            guard secrets.isEmpty else {
                throw FormsLoadError(
                    file: document.name, problems: secrets.map { ValidationIssue(.policyInvariant, $0) })
            }
            forms.append(form)
        }
        guard let a1 = forms.first(where: { $0.id == "A1" }) else {
            throw FormsLoadError(file: origin, "has no definition of form A1 (the Organisation Information Form)")
        }
        guard a1.fields.filter({ $0.type == .userRoleRanges }).map(\.id) == ["userRoleRanges"] else {
            throw FormsLoadError(
                file: origin, "form A1 needs exactly one field of type userRoleRanges, with id userRoleRanges")
        }
        // A1 is read as text fields and its range table: the newer field types are for requests.
        if let other = a1.fields.first(where: { !$0.type.isText && $0.type != .userRoleRanges }) {
            throw FormsLoadError(
                file: origin,
                "form A1 may hold text, multiline and date fields and its range table; \(other.id) is a \(other.type.rawValue)"
            )
        }

        var templates: [NotificationTemplate] = []
        for (path, name, data) in files.sorted(by: { $0.path < $1.path }) where contents[path]?.kind == .template {
            var reader = JSONReader()
            let template = NotificationTemplate.read(try object(data, name: name), forms: forms, reader: &reader)
            guard let template, reader.issues.isEmpty else {
                throw FormsLoadError(file: name, problems: reader.issues)
            }
            try requireOwnFile(path, name: name, folder: "templates", noun: "Template", id: template.id)
            templates.append(template)
        }

        var workflows: [WorkflowDefinition] = []
        for (path, name, data) in files.sorted(by: { $0.path < $1.path }) where contents[path]?.kind == .workflow {
            var reader = JSONReader()
            let workflow = WorkflowDefinition.read(
                try object(data, name: name), forms: forms, rules: rules, templates: Set(templates.map(\.id)),
                reader: &reader)
            guard let workflow, reader.issues.isEmpty else {
                throw FormsLoadError(file: name, problems: reader.issues)
            }
            try requireOwnFile(path, name: name, folder: "workflows", noun: "Workflow", id: workflow.id)
            let problems =
                PolicyInvariants.problems(in: workflow)
                + RevocationRules.problems(in: workflow, forms: forms, rules: rules)
            guard problems.isEmpty else {
                throw FormsLoadError(file: name, problems: problems.map { ValidationIssue(.policyInvariant, $0) })
            }
            workflows.append(workflow)
        }
        return FormLibrary(
            rules: rules, forms: forms.sorted { $0.id < $1.id }, origin: origin, organisationForm: a1,
            workflows: workflows, templates: templates, contents: contents)
    }

    /// Refuses a workflow or template whose file is not named after its id: the id is how
    /// requests and transitions find it, and the file is how people find it.
    private static func requireOwnFile(_ path: String, name: String, folder: String, noun: String, id: String)
        throws(FormsLoadError)
    {
        guard path != "\(folder)/\(id).json" else { return }
        throw FormsLoadError(
            file: name,
            problems: [
                ValidationIssue(
                    .formType, "\(noun) \(VisibleText.quoted(id)) belongs in \(folder)/\(id).json.", field: "id")
            ])
    }

    /// A file's JSON object, or why it is not one.
    private static func object(_ data: Data, name: String) throws(FormsLoadError) -> [String: JSONValue] {
        do {
            guard case .object(let parsed) = try JSONValue.parse(data) else {
                throw FormsLoadError(file: name, "must hold a JSON object")
            }
            return parsed
        } catch let error as FormsLoadError {
            throw error
        } catch let error as ValidationIssue {
            throw FormsLoadError(file: name, problems: [error])
        } catch {
            throw FormsLoadError(file: name, "cannot be read: \(error)")
        }
    }

    /// The rules of the given files, checked exactly as `load` checks them (every file of a kind
    /// a forms folder may hold, every definition a JSON object of a known kind, exactly one rules
    /// file, the policy invariants), without reading the forms and workflows: for a command that
    /// needs the rules alone (`whois` names roles).
    static func loadRules(files: [(path: String, name: String, data: Data)], origin: String) throws(FormsLoadError)
        -> SiteRules
    {
        try readRules(try parse(files).documents, origin: origin)
    }

    /// Every file by path with its kind, and the definition files (rules and forms) parsed as
    /// JSON objects; a file of no kind a forms folder holds is refused.
    private static func parse(_ files: [(path: String, name: String, data: Data)]) throws(FormsLoadError) -> (
        contents: [String: (kind: FormsFileKind, data: Data)],
        documents: [(name: String, kind: String, object: [String: JSONValue])]
    ) {
        var contents: [String: (kind: FormsFileKind, data: Data)] = [:]
        var documents: [(name: String, kind: String, object: [String: JSONValue])] = []
        for (path, name, data) in files.sorted(by: { $0.path < $1.path }) {
            guard let kind = FormsFileKind(path: path) else {
                throw unknown(name, "is not a file a forms folder may hold")
            }
            contents[path] = (kind, data)
            guard kind == .definition else { continue }
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
        return (contents, documents)
    }

    /// The one rules document, read and checked against the policy invariants.
    private static func readRules(
        _ documents: [(name: String, kind: String, object: [String: JSONValue])], origin: String
    ) throws(FormsLoadError) -> SiteRules {
        let ruleDocuments = documents.filter { $0.kind == "rules" }
        guard ruleDocuments.count == 1 else {
            throw FormsLoadError(
                file: origin, "needs exactly one rules file (\"kind\": \"rules\"), found \(ruleDocuments.count)")
        }
        var reader = JSONReader()
        _ = reader.object(.object(ruleDocuments[0].object), at: "", allowed: SiteRules.allowedKeys)
        guard let rules = SiteRules.read(ruleDocuments[0].object, reader: &reader) else {
            throw FormsLoadError(file: ruleDocuments[0].name, problems: reader.issues)
        }
        let problems = PolicyInvariants.problems(in: rules)
        guard problems.isEmpty else {
            throw FormsLoadError(
                file: ruleDocuments[0].name, problems: problems.map { ValidationIssue(.policyInvariant, $0) })
        }
        return rules
    }
}
