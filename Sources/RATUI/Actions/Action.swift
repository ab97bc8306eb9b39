import RAPPModel

/// One row of the action table: a name, the keys for it, what it does and where it applies.
public struct Action: Hashable, Sendable {
    public let id: ActionID
    public let keys: [Key]
    /// A word or two for the footer: "help", "submit".
    public let name: String
    /// A sentence for the help screen.
    public let description: String
    public let contexts: Set<ActionContext>
    /// Whether the footer hints show it (help always does).
    public let inFooter: Bool
    /// What the operator's roles must grant for this action to be offered, if anything: without
    /// it the key says so instead of acting, and help and menus show the action disabled.
    public let permission: OperatorAction?

    public init(
        _ id: ActionID, keys: [Key], name: String, description: String, contexts: Set<ActionContext>,
        inFooter: Bool = true,
        permission: OperatorAction? = nil
    ) {
        self.permission = permission
        self.id = id
        self.keys = keys
        self.name = name
        self.description = description
        self.contexts = contexts
        self.inFooter = inFooter
    }

    /// The keys that work when typing goes to a text field: printable keys type instead.
    public func keys(typing: Bool) -> [Key] {
        typing ? keys.filter { !$0.isPrintable } : keys
    }
}
