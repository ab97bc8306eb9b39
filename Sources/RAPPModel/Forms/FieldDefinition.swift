/// One field of a form, as its definition in `Forms/` describes it.
public struct FieldDefinition: Hashable, Sendable {
    /// How a field is entered and checked.
    public enum FieldType: String, Sendable, CaseIterable {
        /// One line of text.
        case text
        /// Several lines of text (an address); line breaks are allowed.
        case multiline
        /// A calendar date written YYYY-MM-DD.
        case date
        /// The table of User Role ranges (role, first, last).
        case userRoleRanges
        /// One of the field's options, by id.
        case choice
        /// Any of the field's options, by id, each at most once (at least one when required).
        case multiChoice
        /// The id of a record in the registry: an organisation, operator, credential or request.
        case reference
        /// Rows of the field's own fields, such as the identity documents seen.
        case group

        /// Types whose value is text, checked for length, format and control characters.
        public var isText: Bool { self == .text || self == .multiline || self == .date }
    }

    public let id: String
    public let label: String
    public let type: FieldType
    public let isRequired: Bool
    /// The longest value accepted, in characters.
    public let maxLength: Int?
    /// The id of a format in the rules file that the whole value must match.
    public let format: String?
    public let help: String
    /// The rule ids that apply to this field, shown with its help.
    public let rules: [IssueCode]
    /// The values a `choice` or `multiChoice` field accepts.
    public let options: [FieldOption]
    /// What a `reference` field points to.
    public let references: ReferenceKind?
    /// The fields of each row of a `group`.
    public let fields: [FieldDefinition]
    /// The fewest rows of a `group` (choices of a `multiChoice`) when it is filled in.
    public let minItems: Int?
    /// The most rows of a `group` (choices of a `multiChoice`).
    public let maxItems: Int?
    /// Personal data (a date of birth, identity document references): stored apart from the
    /// request, which keeps only its digest, so it can be withheld and later redacted without
    /// breaking the audit trail's hash chain.
    public let isPersonal: Bool

    public init(
        id: String, label: String, type: FieldType, isRequired: Bool, maxLength: Int? = nil, format: String? = nil,
        help: String = "", rules: [IssueCode] = [], options: [FieldOption] = [], references: ReferenceKind? = nil,
        fields: [FieldDefinition] = [], minItems: Int? = nil, maxItems: Int? = nil, isPersonal: Bool = false
    ) {
        self.id = id
        self.label = label
        self.type = type
        self.isRequired = isRequired
        self.maxLength = maxLength
        self.format = format
        self.help = help
        self.rules = rules
        self.options = options
        self.references = references
        self.fields = fields
        self.minItems = minItems
        self.maxItems = maxItems
        self.isPersonal = isPersonal
    }

    /// The rows a group may hold, or the choices a multi-choice may make, when no `maxItems`
    /// says fewer: hostile input cannot make a form arbitrarily large.
    public static let itemLimit = 100

    public func option(_ id: String) -> FieldOption? { options.first { $0.id == id } }
}

extension FieldDefinition {
    /// Rule ids a field may name: the codes validation can raise for a field.
    static let knownRules: Set<IssueCode> = [
        .fieldRequired, .fieldTooLong, .fieldFormat, .fieldControlCharacter,
        .rangeMissing, .roleUnknown, .eui64Length, .eui64Character, .eui64Separators, .eui64Reserved,
        .rangeReversed, .rangeContainsReserved, .rangeNotContinuous, .rangeOverlapsRole,
        .rangeOverlapsOrganisation, .eui64GroupBit, .eui64LocalBit, .rangeSpansOUI,
        .fieldChoice, .fieldReference, .fieldCount, .rangeOutsideAllocation,
    ]

    static let allowedKeys: Set<String> = [
        "id", "label", "type", "required", "maxLength", "format", "help", "rules",
        "options", "references", "fields", "minItems", "maxItems", "personal",
    ]

    static func read(
        _ value: JSONValue, at path: String, rules: SiteRules?, reader: inout JSONReader, inGroup: Bool = false
    ) -> FieldDefinition? {
        guard let field = reader.object(value, at: path, allowed: allowedKeys) else { return nil }
        let before = reader.issues.count
        let id = reader.string(reader.required(field, "id", at: path), at: "\(path).id")
        let label = reader.string(reader.required(field, "label", at: path), at: "\(path).label")
        let typeName = reader.string(reader.required(field, "type", at: path), at: "\(path).type")
        let required = reader.bool(reader.required(field, "required", at: path), at: "\(path).required")
        let maxLength = reader.integer(field["maxLength"], at: "\(path).maxLength", in: 1...100_000)
        let format = reader.string(field["format"], at: "\(path).format")
        let help = reader.string(reader.required(field, "help", at: path), at: "\(path).help")
        let ruleNames = (reader.array(reader.required(field, "rules", at: path), at: "\(path).rules") ?? [])
            .enumerated().compactMap { reader.string($1, at: "\(path).rules[\($0)]") }
        let minItems = reader.integer(field["minItems"], at: "\(path).minItems", in: 0...itemLimit)
        let maxItems = reader.integer(field["maxItems"], at: "\(path).maxItems", in: 1...itemLimit)
        let personal = reader.bool(field["personal"], at: "\(path).personal") ?? false
        let type = typeName.flatMap(FieldType.init(rawValue:))
        if let typeName, type == nil {
            let names = FieldType.allCases.map(\.rawValue).joined(separator: ", ")
            reader.report(
                .formType, "Field type \(VisibleText.quoted(typeName)) is not one of \(names).", at: "\(path).type")
        }
        if let id, !isFieldIdentifier(id) {
            reader.report(
                .formType, "Field id \(VisibleText.quoted(id)) must be letters and digits, starting with a letter.",
                at: "\(path).id")
        }
        let ruleCodes = ruleNames.map(IssueCode.init(rawValue:))
        for code in ruleCodes where !knownRules.contains(code) {
            reader.report(
                .formType, "Rule \(VisibleText.quoted(code.rawValue)) is not a rule ratui knows.", at: "\(path).rules")
        }
        if let format, let rules, rules.formats[format] == nil {
            reader.report(
                .formType, "Format \(VisibleText.quoted(format)) is not defined in the rules file's formats.",
                at: "\(path).format")
        }
        if type?.isText == true && maxLength == nil && field["maxLength"] == nil {
            reader.report(.formMissingKey, "A text field needs a maxLength.", at: "\(path).maxLength")
        }
        if let minItems, let maxItems, minItems > maxItems {
            reader.report(.formType, "minItems is more than maxItems.", at: "\(path).minItems")
        }

        // What each type needs, and nothing another type needs.
        var options: [FieldOption] = []
        if type == .choice || type == .multiChoice {
            let values = reader.array(reader.required(field, "options", at: path), at: "\(path).options") ?? []
            if values.isEmpty && field["options"] != nil {
                reader.report(.formType, "A choice needs at least one option.", at: "\(path).options")
            }
            for (index, value) in values.enumerated() {
                let optionPath = "\(path).options[\(index)]"
                guard let object = reader.object(value, at: optionPath, allowed: ["id", "label"]),
                    let optionID = reader.string(reader.required(object, "id", at: optionPath), at: "\(optionPath).id"),
                    let optionLabel = reader.string(
                        reader.required(object, "label", at: optionPath), at: "\(optionPath).label")
                else { continue }
                if !SiteRules.isIdentifier(optionID) || options.contains(where: { $0.id == optionID }) {
                    reader.report(
                        .formType,
                        "Option id \(VisibleText.quoted(optionID)) must be lower-case letters, digits and '-', listed once.",
                        at: "\(optionPath).id")
                }
                options.append(FieldOption(id: optionID, label: optionLabel))
            }
        } else if field["options"] != nil {
            reader.report(.formUnknownKey, "Only choice and multiChoice fields have options.", at: "\(path).options")
        }
        var references: ReferenceKind?
        if type == .reference {
            if let name = reader.string(reader.required(field, "references", at: path), at: "\(path).references") {
                references = ReferenceKind(rawValue: name)
                if references == nil {
                    let known = ReferenceKind.allCases.map(\.rawValue).joined(separator: ", ")
                    reader.report(
                        .formType,
                        "\(VisibleText.quoted(name)) is not something a reference can point to; use \(known).",
                        at: "\(path).references")
                }
            }
        } else if field["references"] != nil {
            reader.report(.formUnknownKey, "Only reference fields have references.", at: "\(path).references")
        }
        var fields: [FieldDefinition] = []
        if type == .group {
            if inGroup {
                reader.report(.formType, "A group cannot hold another group.", at: "\(path).type")
            }
            var ids: Set<String> = []
            let values = reader.array(reader.required(field, "fields", at: path), at: "\(path).fields") ?? []
            if values.isEmpty && field["fields"] != nil {
                reader.report(.formType, "A group needs at least one field.", at: "\(path).fields")
            }
            for (index, value) in values.enumerated() {
                let innerPath = "\(path).fields[\(index)]"
                guard let inner = read(value, at: innerPath, rules: rules, reader: &reader, inGroup: true) else {
                    continue
                }
                if !ids.insert(inner.id).inserted {
                    reader.report(
                        .formType, "Field id \(VisibleText.quoted(inner.id)) is used twice in this group.",
                        at: "\(innerPath).id")
                }
                if inner.isPersonal {
                    reader.report(
                        .formType, "Mark the whole group personal, not a field inside it.", at: "\(innerPath).personal")
                }
                if inner.type == .userRoleRanges {
                    reader.report(.formType, "A group cannot hold the User Role range table.", at: "\(innerPath).type")
                }
                fields.append(inner)
            }
        } else if field["fields"] != nil {
            reader.report(.formUnknownKey, "Only group fields have fields.", at: "\(path).fields")
        }
        if type != .group && type != .multiChoice && (field["minItems"] != nil || field["maxItems"] != nil) {
            reader.report(
                .formUnknownKey, "Only group and multiChoice fields have minItems and maxItems.", at: "\(path).maxItems"
            )
        }
        guard reader.issues.count == before, let id, let label, let type, let required, let help else { return nil }
        return FieldDefinition(
            id: id, label: label, type: type, isRequired: required, maxLength: maxLength,
            format: format, help: help, rules: ruleCodes, options: options, references: references,
            fields: fields, minItems: minItems, maxItems: maxItems, isPersonal: personal)
    }

    static func isFieldIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x61...0x7A).contains(first) || (0x41...0x5A).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy {
            (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0)
        }
    }
}
