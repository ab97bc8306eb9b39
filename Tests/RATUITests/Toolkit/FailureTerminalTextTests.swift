import RAPPModel
import Testing

@testable import RATUI

/// Every screen words an error one way: its code, a colon and its message, as the command line's
/// problem lines do, escaped and on one line.
struct FailureTerminalTextTests {
    @Test func aFailureShowsItsCodeThenItsMessage() {
        let failure = Failure(RequestError.unknownRequest(7))
        #expect(failure.terminalText == "request.unknown: There is no request 7.")
        #expect(StatusMessage.error(failure).text == failure.terminalText)
        #expect(StatusMessage.error(failure, "Not taken").text == "Not taken: request.unknown: There is no request 7.")
    }

    @Test func controlAndInvisibleCharactersInAMessageAreEscaped() {
        let failure = Failure(code: "test.hostile", message: "name \u{1B}[2J\u{200B}end", exitStatus: .invalidData)
        #expect(failure.terminalText == #"test.hostile: name \e[2J\u{200B}end"#)
    }

    @Test func aMessageOfSeveralLinesIsOneLineWithEachLineEscaped() {
        let failure = Failure(
            code: "request.invalid", message: "The request cannot be stored as given:\n  field.required: A\n  x\u{7}",
            exitStatus: .invalidData)
        #expect(
            failure.terminalText == #"request.invalid: The request cannot be stored as given: field.required: A x\u{7}"#
        )
    }

    @Test func anIssueIsAnErrorOrAWarningByItsSeverity() {
        let error = ValidationIssue(.fieldRequired, "Name is required.")
        let warning = ValidationIssue(.fieldRequired, "Odd \u{1B}name.", severity: .warning)
        #expect(StatusMessage.issue(error) == .error("field.required: Name is required."))
        #expect(StatusMessage.issue(warning) == .warning(#"field.required: Odd \ename."#))
    }
}
