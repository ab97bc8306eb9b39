/// How a command ends, from sysexits.h where one fits.
///
/// Every error ratui reports maps to one of these through `CodedError`, so the command line never
/// has to guess an exit status from an error's type.
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable {
    case success = 0
    /// A lookup found nothing (`whois`).
    case notFound = 1
    case usage = 64
    /// The input or the request is not valid: validation failed, or a name is unknown.
    case invalidData = 65
    /// An input file is missing or unreadable.
    case inputMissing = 66
    /// A fault in ratui itself: an error that carries no code of its own.
    case internalError = 70
    /// The registry could not be read or written.
    case ioError = 74
    /// Sign-in failed, or the operator's roles do not grant the action.
    case noPermission = 77
}
