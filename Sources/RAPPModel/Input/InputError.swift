/// Why a command's input (a form file, a JSON Lines import, standard input) could not be read.
///
/// Input problems are the input's, not the registry's: 66 when it cannot be read at all, 65 when
/// what it holds is not text a form can be read from.
public enum InputError: CodedError, Equatable {
    /// Nothing at the path.
    case missing(path: String)
    /// Something other than a regular file: a folder, a FIFO, a device such as /dev/zero.
    case notAFile(path: String, kind: String)
    /// The same, where only a named file will do (standard input is not offered).
    case notARegularFile(path: String, kind: String)
    /// The operating system refused or failed to read it.
    case unreadable(path: String, reason: String)
    /// A line of a stream longer than the limit: a stream may not end, so reading stops.
    case lineTooLong(source: String, line: Int, limit: Int)
    /// A NUL byte: binary data, not JSON text.
    case notText(source: String, line: Int)

    public var description: String {
        switch self {
        case .missing(let path):
            "\(VisibleText.escaped(path)): no such file."
        case .notAFile(let path, let kind):
            "\(VisibleText.escaped(path)) is \(kind), not a regular file: give a file, or - to read standard input."
        case .notARegularFile(let path, let kind):
            "\(VisibleText.escaped(path)) is \(kind), not a regular file: give the path of a file."
        case .unreadable(let path, let reason):
            "\(VisibleText.escaped(path)) cannot be read: \(reason)."
        case .lineTooLong(let source, let line, let limit):
            "Line \(line) of \(source) is longer than \(limit) bytes; reading stopped there."
        case .notText(let source, let line):
            "Line \(line) of \(source) holds a NUL byte: this is binary data, not JSON text; reading stopped there."
        }
    }

    public var code: String {
        switch self {
        case .missing: "input.missing"
        case .notAFile, .notARegularFile: "input.not-a-file"
        case .unreadable: "input.unreadable"
        case .lineTooLong: "input.line-too-long"
        case .notText: "input.not-text"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .missing, .notAFile, .notARegularFile, .unreadable: .inputMissing
        case .lineTooLong, .notText: .invalidData
        }
    }
}
