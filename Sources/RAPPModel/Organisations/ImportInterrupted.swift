/// An import that stopped before the end of its input, and what it had done by then.
///
/// Batches are stored whole or not at all, so "stored" here is exact: every line before
/// `resumeLine` was stored or rejected, and nothing from `resumeLine` on was stored. The error
/// keeps the code and exit status of its cause (a full disk is `registry.io`, a disabled operator
/// `access.not-permitted`), so scripts see what stopped it.
public struct ImportInterrupted: CodedError, Equatable {
    /// The lines handled before the stop.
    public let summary: FormImporter.Summary
    /// The first line neither stored nor rejected: where to start again once the cause is fixed.
    public let resumeLine: Int
    /// The input, as messages name it.
    public let source: String
    /// What stopped it.
    public let cause: Failure

    public var code: String { cause.code }
    public var exitStatus: ExitStatus { cause.exitStatus }

    public var description: String {
        let forms = "\(summary.stored) form\(summary.stored == 1 ? "" : "s")"
        return
            "\(cause.message)\nThe import stopped at line \(resumeLine) of \(source): \(forms) from the lines before it were stored"
            + " (\(summary.rejectedCount) rejected); nothing from line \(resumeLine) on was stored."
            + " Resume from line \(resumeLine) once the cause is fixed."
    }
}
