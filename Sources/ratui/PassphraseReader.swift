import ArgumentParser
import Foundation
import RAPPModel

/// Reads passphrases: from the terminal with echo off, or line by line from stdin for scripts.
///
/// Never from arguments or the environment, where other users and shell history could see them.
struct PassphraseReader {
    let fromStandardInput: Bool
    private var lines: [String]?

    init(fromStandardInput: Bool) {
        self.fromStandardInput = fromStandardInput
    }

    mutating func read(prompt: TerminalText) throws -> String {
        if fromStandardInput {
            if lines == nil {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                guard let text = String(data: data, encoding: .utf8) else {
                    Output.error("The passphrases on stdin are not UTF-8 text.")
                    throw ExitCode(ExitStatus.usage)
                }
                lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                    String($0.hasSuffix("\r") ? $0.dropLast() : $0)
                }
            }
            guard let line = lines?.first, !(lines?.count == 1 && line.isEmpty) else {
                Output.error("Expected another passphrase on stdin, one per line.")
                throw ExitCode(ExitStatus.usage)
            }
            lines?.removeFirst()
            return line
        }
        return try Self.readFromTerminal(prompt: prompt)
    }

    /// Asks twice for a new passphrase at the terminal; once from stdin.
    mutating func readNew(for name: String) throws -> String {
        let first = try read(prompt: "New passphrase for \(name): ")
        guard !fromStandardInput else { return first }
        let second = try read(prompt: "The same passphrase again: ")
        guard first == second else {
            Output.error("\(AccessError.passphrasesDiffer.description) Nothing was changed.")
            throw ExitCode(ExitStatus.invalidData)
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
