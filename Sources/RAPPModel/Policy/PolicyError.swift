/// Why a policy could not be applied to a registry.
public enum PolicyError: CodedError, Equatable {
    /// The policy would do what no policy may (`PolicyInvariants`), given this registry.
    case invariant(String)
    /// The policy in force makes changes a request a second person approves; `soleManager` when
    /// the operator is the only one who could approve, so the override is open to them.
    case needsRequest(soleManager: Bool)
    /// The sole ra-manager override, asked for where another operator can approve.
    case overrideRefused
    /// The override's reason is missing or cannot be stored.
    case overrideReason(String)
    /// A proposal that cannot be applied: the policy changed since, or its files were altered.
    case proposal(String)

    public var description: String {
        switch self {
        case .invariant(let problem): "This policy cannot be applied: \(problem)."
        case .needsRequest(let sole):
            "A policy change needs a second person: propose it with `ratui policy propose DIR --summary TEXT`; another operator with policy.apply approves the request, then `ratui request act ID apply` puts it in force."
                + (sole
                    ? " You are the only operator who could approve: to apply alone, give --sole-manager-override with --reason TEXT (audited)."
                    : "")
        case .overrideRefused:
            "The sole ra-manager override is refused: another enabled operator can approve policy changes, so propose this one (`ratui policy propose DIR --summary TEXT`)."
        case .overrideReason(let problem): "The override needs a reason: \(problem)."
        case .proposal(let problem): "This proposed policy cannot be applied: \(problem)."
        }
    }

    public var code: String {
        switch self {
        case .invariant: "policy.invariant"
        case .needsRequest: "policy.needs-request"
        case .overrideRefused: "policy.override-refused"
        case .overrideReason: "policy.override-reason"
        case .proposal: "policy.proposal"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .invariant, .overrideReason, .proposal: .invalidData
        case .needsRequest, .overrideRefused: .noPermission
        }
    }
}
