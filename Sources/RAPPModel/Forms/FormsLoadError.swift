/// A forms folder that cannot be used, with the file and every problem found in it.
public struct FormsLoadError: CodedError {
    public let file: String
    public let problems: [ValidationIssue]

    public init(file: String, problems: [ValidationIssue]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, _ message: String) {
        self.init(file: file, problems: [ValidationIssue(.formSyntax, message)])
    }

    public var description: String {
        let lines = problems.map { problem in
            problem.field.map { "  \($0): \(problem.message)" } ?? "  \(problem.message)"
        }
        return (["\(file): this forms file cannot be used:"] + lines).joined(separator: "\n")
    }

    /// One code for any unusable forms folder; each problem keeps its own issue code.
    public var code: String { "forms.invalid" }

    public var exitStatus: ExitStatus { .invalidData }
}
