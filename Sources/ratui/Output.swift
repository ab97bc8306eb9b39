import ArgumentParser
import Foundation
import RAPPModel

/// Where ratui writes: results on stdout, messages on stderr, untrusted text always escaped.
///
/// Everything the command line prints goes through here, and every function takes
/// `TerminalText`, never a `String`: the program's own words are kept, anything interpolated
/// (names, fields, paths, stored audit details) is escaped by `VisibleText`, and JSON is written
/// as `JSONValue.serialized` escapes it. So a new command cannot print raw text by forgetting.
enum Output {
    /// One line of results on stdout.
    static func line(_ text: TerminalText) {
        write(text + "\n")
    }

    /// Results on stdout without a line break: pieces of a streamed document.
    static func write(_ text: TerminalText) {
        FileHandle.standardOutput.write(Data(text.description.utf8))
    }

    /// A JSON document on stdout, indented.
    static func json(_ value: JSONValue) {
        line(TerminalText(json: value, pretty: true))
    }

    /// A message for the person at the terminal, on stderr.
    static func error(_ text: TerminalText) {
        writeError("ratui: " + text + "\n")
    }

    /// Text on stderr as it is, such as argument-parsing errors and usage.
    static func writeError(_ text: TerminalText) {
        FileHandle.standardError.write(Data(text.description.utf8))
    }

    /// A progress line on a terminal's stderr, drawn over the one before; the only terminal
    /// control sequence ratui writes on purpose (carriage return, erase to end of line).
    static func progress(_ text: TerminalText) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text.description).utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Stored or typed text made safe to print: control and invisible characters made visible.
    /// (Interpolating a string into `TerminalText` does the same.)
    static func safe(_ text: String) -> TerminalText { TerminalText(escaping: text) }

    /// Prints a validation report as aligned lines: severity, code, field, message.
    static func report(_ report: ValidationReport, source: String) {
        let counts =
            "\(report.errors.count) error\(report.errors.count == 1 ? "" : "s"), \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")"
        line("\(source): \(report.isValid ? "valid" : "not valid") (\(counts))")
        for issue in report.errors + report.warnings {
            line(issueLine(issue))
        }
    }

    /// A coded error as one line, `code: message`, the way refusals print.
    static func codedLine(_ error: any CodedError) -> TerminalText {
        "\(error.code): \(error.description)"
    }

    static func issueLine(_ issue: ValidationIssue) -> TerminalText {
        let field: TerminalText = issue.field.map { " [\($0.description)]" } ?? ""
        return "  \(issue.severity.rawValue) \(issue.code)\(field): \(issue.displayMessage)"
    }

    /// Reads a form file, or stdin for `-`, at most one byte past a form's size limit (so an
    /// oversized input is reported rather than loaded); exits 66 when it is missing, not a
    /// regular file (a FIFO, /dev/zero) or unreadable.
    static func readInput(_ path: String) throws -> Data {
        try Reporting.run { try InputFile.open(path).read(upTo: OrganisationInformationForm.maximumFileSize) }
    }
}
