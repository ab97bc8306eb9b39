/// An organisation as a list shows it: its current name, version and User Roles.
public struct OrganisationSummary: Hashable, Sendable {
    public let id: Int64
    public let name: String
    public let version: Int
    public let roles: [String]
    public let submittedAt: String
}
