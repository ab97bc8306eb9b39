/// Checking a permission on its own, for reads that a front end makes as a signed-in operator.
extension Registry {
    /// Refuses (`AccessError.notPermitted`) unless the operator's roles, as they are now, grant
    /// `action`. The terminal UI asks this before every read it shows an operator
    /// (`registry.read`): a policy may define roles that sign in but do not browse the registry.
    public func authorise(_ action: OperatorAction, by session: OperatorSession) throws {
        try read { db in try OperatorStore(db: db, rules: rules).authorise(action, session: session) }
    }
}
