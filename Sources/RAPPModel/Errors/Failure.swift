/// A failure as a plain value: what reaches the terminal UI's screens and JSON output.
///
/// Errors are not `Equatable`; a `Failure` is, so screens can keep one in their state and tests
/// can compare it by code.
public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let exitStatus: ExitStatus

    public init(code: String, message: String, exitStatus: ExitStatus) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
    }

    /// Any error as a failure; one that carries no code is a fault in ratui (`internal.error`).
    ///
    /// A thrown `ValidationIssue` (an identifier that does not parse, say) is invalid data under
    /// its own issue code. It cannot conform to `CodedError` itself, because its `code` is typed
    /// `IssueCode`, part of the JSON contract.
    public init(_ error: any Error) {
        switch error {
        case let failure as Failure:
            self = failure
        case let coded as any CodedError:
            self.init(code: coded.code, message: coded.description, exitStatus: coded.exitStatus)
        case let issue as ValidationIssue:
            self.init(code: issue.code.rawValue, message: issue.displayMessage, exitStatus: .invalidData)
        default:
            self.init(code: Self.internalCode, message: "Internal error: \(error)", exitStatus: .internalError)
        }
    }

    /// The code of an error that has none of its own.
    public static let internalCode = "internal.error"

    public var description: String { message }
}

extension Failure: CodedError {}
