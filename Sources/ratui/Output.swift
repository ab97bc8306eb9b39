import ArgumentParser
import Foundation
import RAPPModel

/// Where ratui writes: results on stdout, messages on stderr, untrusted text always escaped.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func json(_ value: JSONValue) {
        line(value.serialized(pretty: true))
    }

    /// A message for the person at the terminal, on stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("ratui: " + text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Stored text made safe to print: control characters made visible.
    static func safe(_ text: String) -> String { VisibleText.escaped(text) }

    /// Prints a validation report as aligned lines: severity, code, field, message.
    static func report(_ report: ValidationReport, source: String) {
        let counts = "\(report.errors.count) error\(report.errors.count == 1 ? "" : "s"), \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")"
        line("\(safe(source)): \(report.isValid ? "valid" : "not valid") (\(counts))")
        for issue in report.errors + report.warnings {
            line(issueLine(issue))
        }
    }

    static func issueLine(_ issue: ValidationIssue) -> String {
        let field = issue.field.map { " [\(safe($0.description))]" } ?? ""
        return "  \(issue.severity.rawValue) \(issue.code)\(field): \(issue.displayMessage)"
    }

    /// Reads an input file, or exits 66 with a message when it is missing or unreadable.
    static func readInput(_ path: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            error("\(safe(path)): no such file.")
            throw ExitCode(ExitStatus.inputMissing)
        }
        guard !isFolder.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            error("\(safe(path)): cannot be read.")
            throw ExitCode(ExitStatus.inputMissing)
        }
        defer { try? handle.close() }
        // Read one byte past the limit, so an oversized file is reported rather than loaded.
        let data = (try? handle.read(upToCount: OrganisationInformationForm.maximumFileSize + 1)) ?? Data()
        return data
    }
}
