/// Two User Roles whose ranges may share identifiers (SEC H1.5), with the basis for it.
public struct SharingPair: Hashable, Sendable {
    public let roles: Set<String>
    public let basis: String
}
