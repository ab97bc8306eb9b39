import RAPPModel

/// The one way the terminal words an error: its code, a colon, its message, as the command line
/// words its problem lines (`request.invalid: The request cannot be stored as given`).
///
/// Every screen shows failures and issues through here, so the code is never left out, the two
/// front ends read the same, and a message carrying stored or typed text is always escaped.
enum ErrorText {
    /// `code: message` on one line: each line of the message escaped, the lines run together.
    static func line(code: String, message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: true).enumerated().map {
            index, line in
            VisibleText.escaped(index == 0 ? String(line) : String(line).trimmingWhiteSpaceAtStart())
        }
        return VisibleText.escaped(code) + ": " + lines.joined(separator: " ")
    }
}

extension Failure {
    /// The failure as the terminal shows it: `code: message`, escaped, on one line.
    public var terminalText: String { ErrorText.line(code: code, message: message) }
}

extension ValidationIssue {
    /// The issue as the terminal shows it: `code: message`, escaped, on one line.
    public var terminalText: String { ErrorText.line(code: code.rawValue, message: displayMessage) }
}

extension StatusMessage {
    /// A failure on the status line, after what it stopped (`Not stored`), if that needs saying.
    public static func error(_ failure: Failure, _ what: String? = nil) -> StatusMessage {
        .error((what.map { $0 + ": " } ?? "") + failure.terminalText)
    }

    /// A form issue on the status line, as an error or a warning by its severity.
    public static func issue(_ issue: ValidationIssue) -> StatusMessage {
        issue.severity == .error ? .error(issue.terminalText) : .warning(issue.terminalText)
    }
}

extension String {
    fileprivate func trimmingWhiteSpaceAtStart() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
