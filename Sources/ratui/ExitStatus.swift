/// The exit codes ratui uses, from sysexits.h where one fits.
enum ExitStatus {
    static let notFound: Int32 = 1
    static let usage: Int32 = 64
    static let invalidData: Int32 = 65
    static let inputMissing: Int32 = 66
    static let ioError: Int32 = 74
    /// Sign-in failed, or the operator's roles do not grant the action.
    static let noPermission: Int32 = 77
}
