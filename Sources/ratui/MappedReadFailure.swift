import Foundation
import RAPPModel

/// A SIGBUS while the registry is read through a memory mapping, reported as a failed read is
/// everywhere else: `registry.io` and its message on stderr, and its exit status.
///
/// Read with `pread`, a file truncated behind SQLite's locks or a disk error is an error SQLite
/// returns; read through a mapping (`Registry.withOwnerLookup(memoryMapped:)`) it is a SIGBUS,
/// which would end the process without a word. The handler does only what a signal handler may:
/// one `write(2)` of the report made when it was installed, then `_exit`. Answers already
/// written stand; those still buffered are lost, as after a failed read they are too.
enum MappedReadFailure {
    /// The report and exit status, made before the handler can run.
    nonisolated(unsafe) private static var report: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) private static var status: Int32 = ExitStatus.ioError.rawValue

    /// Reports a SIGBUS as a failed read of `registry` from now on.
    static func install(for registry: Registry) {
        let failure = Failure(
            RegistryError.io(
                path: registry.path,
                message: "the file could not be read through its memory mapping (truncated, or a read failed)"))
        // As `ExitCode(reporting:)` words it.
        let line: TerminalText = "ratui: " + TerminalText(lines: failure.code + ": " + failure.message) + "\n"
        let text = Array(line.description.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = buffer.initialize(from: text)
        report = buffer
        status = failure.exitStatus.rawValue
        signal(SIGBUS) { _ in
            if let report = MappedReadFailure.report { _ = write(STDERR_FILENO, report.baseAddress, report.count) }
            _exit(MappedReadFailure.status)
        }
    }
}
