/// One value a choice field accepts: the id a form file holds, the label a person reads.
public struct FieldOption: Hashable, Sendable {
    public let id: String
    public let label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}
