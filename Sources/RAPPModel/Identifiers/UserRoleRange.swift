/// A User Role and the one continuous range of identifiers an organisation uses for it.
public struct UserRoleRange: Hashable, Sendable {
    public let role: String
    public let range: IdentifierRange

    public init(role: String, range: IdentifierRange) {
        self.role = role
        self.range = range
    }
}
