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
}

extension FieldDefinition {
    /// Rule ids a field may name: the codes validation can raise for a field.
    static let knownRules: Set<IssueCode> = [
        .fieldRequired, .fieldTooLong, .fieldFormat, .fieldControlCharacter,
        .rangeMissing, .roleUnknown, .eui64Length, .eui64Character, .eui64Separators, .eui64Reserved,
        .rangeReversed, .rangeContainsReserved, .rangeNotContinuous, .rangeOverlapsRole,
        .rangeOverlapsOrganisation, .eui64GroupBit, .eui64LocalBit, .rangeSpansOUI,
    ]

    static let allowedKeys: Set<String> = ["id", "label", "type", "required", "maxLength", "format", "help", "rules"]

    static func read(_ value: JSONValue, at path: String, rules: SiteRules?, reader: inout JSONReader) -> FieldDefinition? {
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
        let type = typeName.flatMap(FieldType.init(rawValue:))
        if let typeName, type == nil {
            let names = FieldType.allCases.map(\.rawValue).joined(separator: ", ")
            reader.report(.formType, "Field type \(VisibleText.quoted(typeName)) is not one of \(names).", at: "\(path).type")
        }
        if let id, !isFieldIdentifier(id) {
            reader.report(.formType, "Field id \(VisibleText.quoted(id)) must be letters and digits, starting with a letter.", at: "\(path).id")
        }
        let ruleCodes = ruleNames.map(IssueCode.init(rawValue:))
        for code in ruleCodes where !knownRules.contains(code) {
            reader.report(.formType, "Rule \(VisibleText.quoted(code.rawValue)) is not a rule ratui knows.", at: "\(path).rules")
        }
        if let format, let rules, rules.formats[format] == nil {
            reader.report(.formType, "Format \(VisibleText.quoted(format)) is not defined in the rules file's formats.", at: "\(path).format")
        }
        if type != .userRoleRanges && maxLength == nil && field["maxLength"] == nil {
            reader.report(.formMissingKey, "A text field needs a maxLength.", at: "\(path).maxLength")
        }
        guard reader.issues.count == before, let id, let label, let type, let required, let help else { return nil }
        return FieldDefinition(
            id: id, label: label, type: type, isRequired: required, maxLength: maxLength,
            format: format, help: help, rules: ruleCodes)
    }

    static func isFieldIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x61...0x7A).contains(first) || (0x41...0x5A).contains(first) else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }
}
