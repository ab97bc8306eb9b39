// swift-format-ignore: UseSynthesizedInitializer
// (its initialiser is written out so that who may make a session stays visible: internal)
/// Proof that an operator signed in: the only way to ask the registry for a change.
///
/// Only `Registry.signIn` (and `bootstrap`) make one, so no front end can act as an operator
/// without their passphrase. The registry still re-reads the operator's roles and state inside
/// each change's transaction, so a role removed or an account disabled since sign-in takes
/// effect at once.
public struct OperatorSession: Hashable, Sendable {
    public let operatorID: Int64
    public let name: String
    /// The roles at sign-in, for showing who is signed in; permissions are checked afresh.
    public let roles: [String]

    init(operatorID: Int64, name: String, roles: [String]) {
        self.operatorID = operatorID
        self.name = name
        self.roles = roles
    }
}
