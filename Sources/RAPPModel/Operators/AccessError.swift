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
    /// The account's passphrase was set by someone else and must be changed first.
    case mustChangePassphrase(String)
    /// `operator add` once the registry has a second operator manager: accounts are opened by an
    /// RA credential request, which a second person approves.
    case needsRequest

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
        case .mustChangePassphrase(let name):
            "\(VisibleText.quoted(name)) must change the passphrase someone else set before doing anything else: `ratui operator change-passphrase`, or `p` on the terminal UI's Home."
        case .needsRequest:
            "Operators are added through an RA credential request, which a second ra-manager approves: `ratui request new ra-credential FILE`. `operator add` only makes the second operator manager of a registry that has one."
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
        case .mustChangePassphrase: "access.must-change-passphrase"
        case .needsRequest: "access.needs-request"
        }
    }

    /// A request that cannot be carried out as asked is invalid data (65); one refused to this
    /// operator, or needing a second person, is a permission failure (77).
    public var exitStatus: ExitStatus {
        switch self {
        case .invalid, .unknownOperator, .alreadyBootstrapped, .passphrasesDiffer: .invalidData
        case .signInFailed, .notPermitted, .selfChange, .lastManager, .mustChangePassphrase, .needsRequest:
            .noPermission
        }
    }
}
