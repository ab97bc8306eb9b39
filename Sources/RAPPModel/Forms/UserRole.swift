/// A User Role under the SEC, as listed in the rules file (`import-supplier`, "Import Supplier").
public struct UserRole: Hashable, Sendable {
    public let id: String
    public let name: String
}
