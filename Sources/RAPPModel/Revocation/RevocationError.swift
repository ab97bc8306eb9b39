/// Why something was refused because of a revocation, or in recovering from one.
public enum RevocationError: CodedError, Equatable {
    /// The operator's account was revoked (RAPP 8.3.4): no sign-in, no action, no re-enabling.
    /// Only a new RA credential request brings the person back, as a new account.
    case revoked(operator: String, at: String)
    /// `operator recover` while an enabled ra-manager exists: nothing to recover from.
    case notInRecovery
    /// The sign-ins `operator recover` needs are missing or do not qualify, with why.
    case recoverySignIns(String)

    public var description: String {
        switch self {
        case .revoked(let name, let time):
            "The operator account \(VisibleText.quoted(name)) was revoked at \(time): it cannot sign in, act or be enabled again. Only a new RA credential request brings the person back."
        case .notInRecovery:
            "The registry is not in recovery: an enabled operator can still manage operators, so operators are added the usual way."
        case .recoverySignIns(let why):
            "Recovery needs other operators' sign-ins: \(why)"
        }
    }

    /// The code of `revoked`, for a front end that ends a session on it.
    public static let revokedCode = "access.revoked"

    public var code: String {
        switch self {
        case .revoked: Self.revokedCode
        case .notInRecovery: "recovery.not-needed"
        case .recoverySignIns: "recovery.sign-ins"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .revoked, .recoverySignIns: .noPermission
        case .notInRecovery: .invalidData
        }
    }
}
