/// Something an operator may be granted by the permissions table in the rules file.
///
/// The table itself is data (`Forms/rules.json`); these are the names it may use. The model checks
/// every change against it, whichever front end asked.
public enum OperatorAction: String, Sendable, CaseIterable, Hashable {
    /// Browse the registry in the terminal UI (the command line's read-only commands need no sign-in).
    case registryRead = "registry.read"
    /// Register a new organisation from its A1 form.
    case organisationSubmit = "organisation.submit"
    /// Store an amended A1 form for a registered organisation.
    case organisationAmend = "organisation.amend"
    /// Add, disable, enable, re-role, unlock operators and reset their passphrases.
    case operatorManage = "operator.manage"
    /// Read and export the audit trail.
    case auditRead = "audit.read"
    /// Put a new policy (form definitions, site rules, workflows, templates) in force.
    case policyApply = "policy.apply"
    /// Copy the whole registry to a file (`ratui backup`): passphrase hashes and all.
    case registryBackup = "registry.backup"

    /// What the action is, for "you may not ..." messages.
    public var summary: String {
        switch self {
        case .registryRead: "read the registry"
        case .organisationSubmit: "register organisations"
        case .organisationAmend: "amend organisations"
        case .operatorManage: "manage operator accounts"
        case .auditRead: "read the audit trail"
        case .policyApply: "change the registry's policy"
        case .registryBackup: "back up the registry"
        }
    }
}
