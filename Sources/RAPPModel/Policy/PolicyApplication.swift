/// What became of applying a policy to a registry.
public enum PolicyApplication: Sendable {
    /// The files are the ones in force already: nothing was stored.
    case unchanged(StoredPolicy)
    /// A new version is in force; `changes` is the diff recorded in its audit event.
    case applied(from: StoredPolicy, to: StoredPolicy, changes: [PolicyChange])
}
