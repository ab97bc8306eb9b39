/// Why a policy could not be applied to a registry.
public enum PolicyError: CodedError, Equatable {
    /// The policy would do what no policy may (`PolicyInvariants`), given this registry.
    case invariant(String)

    public var description: String {
        switch self {
        case .invariant(let problem): "This policy cannot be applied: \(problem)."
        }
    }

    public var code: String { "policy.invariant" }
    public var exitStatus: ExitStatus { .invalidData }
}
