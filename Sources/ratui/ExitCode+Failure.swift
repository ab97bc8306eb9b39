import ArgumentParser
import RAPPModel

extension ExitCode {
    /// Ends a command with one of ratui's exit statuses.
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }

    /// Prints an error's code and message and ends the command with its exit status.
    ///
    /// `ratui: code: message`, as the terminal UI words it, so a script and an operator see the
    /// same code for the same refusal whichever front end they use.
    ///
    /// The one place the command line maps errors to exit codes: through `Failure`, so an error
    /// carrying its own code (`CodedError`) keeps its status and one that does not is a fault in
    /// ratui (`internal.error`, 70).
    init(reporting error: any Error) {
        let failure = Failure(error)
        Output.error(TerminalText(lines: failure.code + ": " + failure.message))
        self.init(failure.exitStatus)
    }
}

/// Runs a command's registry work, reporting any failure with its message and exit status.
enum Reporting {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(reporting: error)
        }
    }
}
