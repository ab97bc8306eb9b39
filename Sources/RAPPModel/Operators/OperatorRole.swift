/// A role an operator can hold (`ra-manager`, "SMKI RA Manager"), as listed in the rules file.
public struct OperatorRole: Hashable, Sendable {
    public let id: String
    public let name: String
}
