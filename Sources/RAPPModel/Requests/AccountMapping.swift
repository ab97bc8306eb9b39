/// Which of a workflow's form fields make the operator account its `operator.create` effect
/// opens: the `operatorAccount` section of a workflow file (an RA credential).
///
/// Like `CredentialMapping`, it lets the engine open accounts from any form an RA defines; the
/// account's passphrase is never a field: it is read at the step that opens the account.
public struct AccountMapping: Hashable, Sendable {
    /// The sign-in name (text).
    public let nameField: String
    /// The operator roles (a multi-choice whose options are role ids of the rules file).
    public let rolesField: String
    /// The holder's contact e-mail address (text, optional): the account's address, where
    /// notifications to them as a requester or subject go.
    public var emailField: String? = nil
}
