/// A User Role range in force in the registry, with the organisation that holds it.
///
/// Answers both "who owns this identifier?" and "what does this range collide with?".
public struct RegisteredRange: Hashable, Sendable {
    public let organisationID: Int64
    public let organisationName: String
    public let role: String
    public let range: IdentifierRange

    public init(organisationID: Int64, organisationName: String, role: String, range: IdentifierRange) {
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.role = role
        self.range = range
    }
}
