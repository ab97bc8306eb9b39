/// Why a sign-in or a change was refused.
public enum AccessError: CodedError, Equatable {
    /// Wrong name or passphrase, a disabled account, or a locked one: deliberately one message,
    /// so a failure never tells whether the name exists.
    case signInFailed
    /// The operator's roles do not grant the action.
    case notPermitted(OperatorAction, operator: String)
    /// An operator tried to change their own account in a way that needs a second person.
    case selfChange(String)
    /// The change would leave no enabled ra-manager to run the RA.
    case lastManager
    /// `bootstrap` when operators already exist.
    case alreadyBootstrapped
    /// An operator name or passphrase that cannot be used, with the reason.
    case invalid(ValidationIssue)
    /// No operator of that name (only said to someone allowed to manage operators).
    case unknownOperator(String)
    /// A new passphrase and its confirmation were not the same.
    case passphrasesDiffer

    public var description: String {
        switch self {
        case .signInFailed:
            "Sign-in failed: the name or passphrase is wrong, or the account is disabled or locked."
        case .notPermitted(let action, let name):
            "\(VisibleText.quoted(name)) may not \(action.summary): no role of theirs grants \(action.rawValue)."
        case .selfChange(let what):
            "An operator cannot \(what) for their own account; another ra-manager must do it."
        case .lastManager:
            "That would leave no enabled ra-manager: give another operator the ra-manager role first."
        case .alreadyBootstrapped:
            "Operators already exist: the first ra-manager can only be created in an empty registry. An ra-manager adds operators with `ratui operator add`."
        case .invalid(let issue):
            issue.message
        case .unknownOperator(let name):
            "There is no operator \(VisibleText.quoted(name))."
        case .passphrasesDiffer:
            "The two passphrases differ: type them again."
        }
    }

    /// `access.…`, or the issue's own code (`operator.name`, `operator.passphrase`,
    /// `operator.role`) for an unusable name, passphrase or role.
    public var code: String {
        switch self {
        case .signInFailed: "access.sign-in-failed"
        case .notPermitted: "access.not-permitted"
        case .selfChange: "access.self-change"
        case .lastManager: "access.last-manager"
        case .alreadyBootstrapped: "access.already-bootstrapped"
        case .invalid(let issue): issue.code.rawValue
        case .unknownOperator: "access.unknown-operator"
        case .passphrasesDiffer: "access.passphrases-differ"
        }
    }

    /// A request that cannot be carried out as asked is invalid data (65); one refused to this
    /// operator, or needing a second person, is a permission failure (77).
    public var exitStatus: ExitStatus {
        switch self {
        case .invalid, .unknownOperator, .alreadyBootstrapped, .passphrasesDiffer: .invalidData
        case .signInFailed, .notPermitted, .selfChange, .lastManager: .noPermission
        }
    }
}
