import Foundation
import RAPPModel

/// Results on stdout gathered into few `write(2)` calls, for a command that answers many lines.
///
/// `whois --file` answers a line at a time; a system call per answer was a third of its CPU.
/// The command appends its answers here and flushes when it has answered every line already
/// read, before it waits for more input: so a pipe or terminal still gets each answer as soon
/// as its line has been read, and a file's answers go out in blocks of `capacity`. Whoever
/// fills it flushes it before exiting.
struct OutputBuffer: ~Copyable {
    /// Past this many bytes the buffer is written out even while more input is waiting.
    static let capacity = 1 << 16

    private var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(Self.capacity + 4096)
    }

    /// One line of results.
    mutating func line(_ text: TerminalText) {
        bytes.append(contentsOf: text.description.utf8)
        bytes.append(0x0A)
        if bytes.count >= Self.capacity { flush() }
    }

    /// One line of JSON that `write` serialises straight into the buffer: JSON serialisation
    /// escapes every control and invisible character in strings, as `TerminalText(json:)` relies on.
    mutating func jsonLine(_ write: (inout [UInt8]) -> Void) {
        write(&bytes)
        bytes.append(0x0A)
        if bytes.count >= Self.capacity { flush() }
    }

    /// Lines of whois's text answer that `WhoisLines` writes straight into the buffer, each
    /// ending in a line break: the bytes `TerminalText` lines would hold (`WhoisLinesTests`).
    mutating func whoisLines(_ write: (inout [UInt8]) -> Void) {
        write(&bytes)
        if bytes.count >= Self.capacity { flush() }
    }

    /// Writes out what is buffered. If stdout cannot be written (a full disk, a closed pipe
    /// with SIGPIPE ignored), says so on stderr and exits 74: answers that cannot be delivered
    /// are not worth computing.
    mutating func flush() {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.write(STDOUT_FILENO, $0.baseAddress! + written, $0.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                Output.error("standard output cannot be written: \(reason)")
                exit(ExitStatus.ioError.rawValue)
            }
            written += count
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
