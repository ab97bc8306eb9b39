/// A form of the RAPP's Annex A, read from a definition file in `Forms/`.
///
/// The command line and the terminal UI are both driven by definitions: fields can be added,
/// renamed or re-worded by editing the file, without a code change.
public struct FormDefinition: Hashable, Sendable {
    public let id: String
    public let title: String
    public let annex: String
    public let purpose: String
    /// The field whose value names the organisation in lists and messages.
    public let nameField: String
    public let sections: [FormSection]
    /// Every field, in order.
    public let fields: [FieldDefinition]
    /// The fields entered as text (everything but the User Role range table).
    public let textFields: [FieldDefinition]
    /// The ids of `textFields`, for checking a form file's keys.
    public let textFieldIDs: Set<String>

    public init(id: String, title: String, annex: String, purpose: String, nameField: String, sections: [FormSection]) {
        self.id = id
        self.title = title
        self.annex = annex
        self.purpose = purpose
        self.nameField = nameField
        self.sections = sections
        self.fields = sections.flatMap(\.fields)
        self.textFields = fields.filter { $0.type != .userRoleRanges }
        self.textFieldIDs = Set(textFields.map(\.id))
    }

    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }
}

extension FormDefinition {
    static let allowedKeys: Set<String> = [
        "$schema", "kind", "id", "title", "annex", "purpose", "nameField", "sections",
    ]

    static func read(_ object: [String: JSONValue], rules: SiteRules?, reader: inout JSONReader) -> FormDefinition? {
        let before = reader.issues.count
        let id = reader.string(reader.required(object, "id", at: ""), at: "id")
        let title = reader.string(reader.required(object, "title", at: ""), at: "title")
        let annex = reader.string(reader.required(object, "annex", at: ""), at: "annex")
        let purpose = reader.string(reader.required(object, "purpose", at: ""), at: "purpose")
        let nameField = reader.string(reader.required(object, "nameField", at: ""), at: "nameField")
        var sections: [FormSection] = []
        var fieldIDs: Set<String> = []
        for (index, value) in (reader.array(reader.required(object, "sections", at: ""), at: "sections") ?? [])
            .enumerated()
        {
            let path = "sections[\(index)]"
            guard let section = reader.object(value, at: path, allowed: ["id", "title", "fields"]) else { continue }
            let sectionID = reader.string(reader.required(section, "id", at: path), at: "\(path).id")
            let sectionTitle = reader.string(reader.required(section, "title", at: path), at: "\(path).title")
            var fields: [FieldDefinition] = []
            for (fieldIndex, fieldValue)
                in (reader.array(reader.required(section, "fields", at: path), at: "\(path).fields") ?? []).enumerated()
            {
                let fieldPath = "\(path).fields[\(fieldIndex)]"
                guard let field = FieldDefinition.read(fieldValue, at: fieldPath, rules: rules, reader: &reader) else {
                    continue
                }
                if !fieldIDs.insert(field.id).inserted {
                    reader.report(
                        .formType, "Field id \(VisibleText.quoted(field.id)) is used twice.", at: "\(fieldPath).id")
                }
                fields.append(field)
            }
            if let sectionID, let sectionTitle {
                sections.append(FormSection(id: sectionID, title: sectionTitle, fields: fields))
            }
        }
        if let id,
            id.isEmpty
                || id.unicodeScalars.contains(where: { !$0.properties.isAlphabetic && !("0"..."9").contains($0) })
        {
            reader.report(
                .formType, "Form id \(VisibleText.quoted(id)) must be letters and digits, such as A1.", at: "id")
        }
        if let nameField, !fieldIDs.contains(nameField) {
            reader.report(
                .formType, "nameField \(VisibleText.quoted(nameField)) is not a field of this form.", at: "nameField")
        }
        guard reader.issues.count == before, let id, let title, let annex, let purpose, let nameField else {
            return nil
        }
        return FormDefinition(
            id: id, title: title, annex: annex, purpose: purpose, nameField: nameField, sections: sections)
    }
}
