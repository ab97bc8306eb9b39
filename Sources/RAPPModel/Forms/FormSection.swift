/// A titled group of fields on a form, in the order the form shows them.
public struct FormSection: Hashable, Sendable {
    public let id: String
    public let title: String
    public let fields: [FieldDefinition]

    public init(id: String, title: String, fields: [FieldDefinition]) {
        self.id = id
        self.title = title
        self.fields = fields
    }
}
