/// An error ratui reports: a stable code for scripts and tests, words for people, an exit status.
///
/// Every error type in RAPPModel conforms, so the command line and the terminal UI show the same
/// code and message for the same failure, and tests compare codes, never message strings.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted identifier such as `registry.io` or `access.not-permitted`.
    var code: String { get }
    var exitStatus: ExitStatus { get }
}
