import ArgumentParser
import Foundation
import RAPPModel

/// Reads passphrases: from the terminal with echo off, or line by line from stdin for scripts.
///
/// Never from arguments or the environment, where other users and shell history could see them.
/// From stdin each passphrase is one line, read as it arrives and no further: a script that keeps
/// stdin open gets an answer at once, a line of more than `maximumLineLength` bytes (/dev/zero)
/// is refused, and whatever follows the passphrases is left for the command (`org import -`).
struct PassphraseReader {
    let fromStandardInput: Bool
    /// Lines read ahead, before the command read its data from stdin.
    private var readAhead: [String] = []

    /// The longest passphrase line read from stdin, line break excluded.
    static let maximumLineLength = 1_024

    init(fromStandardInput: Bool) {
        self.fromStandardInput = fromStandardInput
    }

    mutating func read(prompt: TerminalText) throws -> String {
        if fromStandardInput {
            return readAhead.isEmpty ? try Self.readLine() : readAhead.removeFirst()
        }
        return try Self.readFromTerminal(prompt: prompt)
    }

    /// Reads the next passphrase line of stdin now, for a command that reads its data from stdin
    /// too: the passphrase lines come first, the data after them.
    mutating func readAheadFromStandardInput() throws {
        guard fromStandardInput else { return }
        readAhead.append(try Self.readLine())
    }

    /// One line of stdin, read a byte at a time so that nothing after its line break is consumed.
    private static func readLine() throws -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                Output.error("Cannot read a passphrase from stdin: \(String(cString: strerror(errno))).")
                throw ExitCode(ExitStatus.inputMissing)
            }
            if count == 0 {
                guard !bytes.isEmpty else {
                    Output.error("Expected another passphrase on stdin, one per line.")
                    throw ExitCode(ExitStatus.usage)
                }
                break
            }
            if byte == 0x0A { break }
            guard bytes.count < maximumLineLength + 1 else {
                Output.error(
                    "A passphrase line on stdin is longer than \(maximumLineLength) bytes: give one passphrase per line."
                )
                throw ExitCode(ExitStatus.usage)
            }
            bytes.append(byte)
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard bytes.count <= maximumLineLength else {
            Output.error(
                "A passphrase line on stdin is longer than \(maximumLineLength) bytes: give one passphrase per line.")
            throw ExitCode(ExitStatus.usage)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            Output.error(
                "A passphrase line on stdin starts with a UTF-8 byte order mark (BOM, the bytes EF BB BF): write the passphrases without one."
            )
            throw ExitCode(ExitStatus.usage)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Output.error("The passphrases on stdin are not UTF-8 text.")
            throw ExitCode(ExitStatus.usage)
        }
        return text
    }

    /// Asks twice for a new passphrase at the terminal; once from stdin.
    mutating func readNew(for name: String) throws -> String {
        let first = try read(prompt: "New passphrase for \(name): ")
        guard !fromStandardInput else { return first }
        let second = try read(prompt: "The same passphrase again: ")
        guard first == second else {
            throw ExitCode(reporting: AccessError.passphrasesDiffer)
        }
        return first
    }

    private static func readFromTerminal(prompt: TerminalText) throws -> String {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else {
            Output.error("There is no terminal to ask for a passphrase: pass --passphrase-stdin and give it on stdin.")
            throw ExitCode(ExitStatus.usage)
        }
        defer { close(terminal) }
        _ = prompt.description.withCString { Glibc.write(terminal, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(terminal, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        TerminalRestore.save(terminal, saved)
        tcsetattr(terminal, TCSAFLUSH, &silent)
        defer {
            tcsetattr(terminal, TCSAFLUSH, &saved)
            TerminalRestore.clear()
            _ = "\n".withCString { Glibc.write(terminal, $0, 1) }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(terminal, &byte, 1) == 1, byte != 0x0A {
            if bytes.count < 4_096 { bytes.append(byte) }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Puts terminal echo back if ratui is interrupted while reading a passphrase.
enum TerminalRestore {
    nonisolated(unsafe) private static var descriptor: Int32 = -1
    nonisolated(unsafe) private static var settings = termios()

    static func save(_ terminal: Int32, _ saved: termios) {
        settings = saved
        descriptor = terminal
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(signalNumber) { received in
                if TerminalRestore.descriptor >= 0 {
                    tcsetattr(TerminalRestore.descriptor, TCSAFLUSH, &TerminalRestore.settings)
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    static func clear() {
        descriptor = -1
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(signalNumber, SIG_DFL) }
    }
}
