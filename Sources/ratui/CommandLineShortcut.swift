import ArgumentParser

extension Ratui {
    /// The command `arguments` ask for: the one `parseAsRoot` gives, found sooner for the two
    /// started most, a one-shot `whois` and the full-screen interface.
    ///
    /// Parsed from the root, the argument parser builds the tree of every command and looks up
    /// the command it parses in it again and again (for help names, the version, the command
    /// stack), each time through sets and dictionaries of its own; that is a third of parsing a
    /// `whois`. So a command line that names `whois` first is read as `UsualArguments` or else
    /// parsed by `WhoisCommand` as the root, and one that names no command (the interface, the
    /// root's default) likewise with `TUICommand`: the same values. Such a parse is kept only
    /// when it gives that command; anything else (help, the version, completion scripts, an error) is parsed
    /// again from the root, so what it prints is exactly what it printed
    /// (`CommandLineParsingTests`).
    static func parseCommandLine(_ arguments: [String]) throws -> any ParsableCommand {
        // Help and the version are the root's to print: not worth a parse that cannot keep them.
        let forTheRoot = arguments.contains { ["-h", "--help", "--version"].contains($0) }
        // Validated as `parseAsRoot` validates, so a rule added to a command's `validate()` holds
        // here too; one that fails is parsed again from the root, which reports it as it always did.
        if !forTheRoot, var command = parsedAlone(arguments), (try? command.validate()) != nil { return command }
        return try parseAsRoot(arguments)
    }

    /// `arguments` parsed by `WhoisCommand` or `TUICommand` as the root, when the root would give
    /// that command; nil when they do not parse to it, or when another command is named.
    static func parsedAlone(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let first = arguments.first else { return TUICommand.usual([]) }
        if first == WhoisCommand.configuration.commandName {
            return WhoisCommand.usual(arguments.dropFirst())
                ?? (try? WhoisCommand.parseAsRoot(Array(arguments.dropFirst())) as? WhoisCommand)
        }
        // The root goes to its default command, with every argument, when the first one names no
        // command (it looks for a command's name only there).
        let named = configuration.subcommands.contains { command in
            command.configuration.commandName == first || command.configuration.aliases.contains(first)
        }
        guard !named, first != "help" else { return nil }
        return TUICommand.usual(arguments[...]) ?? (try? TUICommand.parseAsRoot(arguments) as? TUICommand)
    }
}

/// A usual command line, read without the argument parser: `--db PATH` (or `--db=PATH`), some
/// flags and plain values, in any order, each option and flag at most once.
///
/// Even parsing one command alone, the argument parser reflects on every command it meets, its
/// own two for completion scripts included, and each new type of argument costs a scan of every
/// protocol conformance in the static binary: 14 M instructions of a 47 M one-shot `whois`, as
/// many at the start of the interface. Only arguments it reads one way are taken here (an
/// option's value and a plain value neither empty nor starting with `-`, nothing repeated, no
/// `--`); a command built from them holds the values it would give (`CommandLineParsingTests`
/// compares the two on every command line of up to four arguments from a set of usual and
/// awkward ones). Anything else is nil, and goes to the argument parser. An option added to
/// `GlobalOptions`, `WhoisCommand` or `TUIOptions` must be set in their `usual` too: until it
/// is, that test fails (an option left unset is not a parsed value).
struct UsualArguments {
    var db: String?
    var flags: [String] = []
    var values: [String] = []

    init?(_ arguments: ArraySlice<String>, flags allowed: [String], values maximum: Int) {
        func plain(_ value: String) -> Bool { !value.isEmpty && !value.hasPrefix("-") }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if allowed.contains(argument) {
                guard !flags.contains(argument) else { return nil }
                flags.append(argument)
            } else if argument == "--db" {
                let next = arguments.index(after: index)
                guard db == nil, next < arguments.endIndex, plain(arguments[next]) else { return nil }
                db = arguments[next]
                index = next
            } else if argument.hasPrefix("--db=") {
                let value = String(argument.dropFirst("--db=".count))
                guard db == nil, plain(value) else { return nil }
                db = value
            } else if plain(argument), values.count < maximum {
                values.append(argument)
            } else {
                return nil
            }
            index = arguments.index(after: index)
        }
    }
}

extension WhoisCommand {
    /// The usual one-shot look-up, `whois ID` with `--db` and `--json` (`UsualArguments`), or nil.
    static func usual(_ arguments: ArraySlice<String>) -> WhoisCommand? {
        guard let usual = UsualArguments(arguments, flags: ["--json"], values: 1), usual.values.count == 1 else {
            return nil
        }
        var options = GlobalOptions()
        options.db = usual.db
        options.forms = nil
        options.json = usual.flags.contains("--json")
        var command = WhoisCommand()
        command.options = options
        command.identifier = usual.values[0]
        command.file = nil
        return command
    }
}

extension TUICommand {
    /// The usual start of the interface, `ratui` with `--db`, `--mono` and `--plain`
    /// (`UsualArguments`), or nil.
    static func usual(_ arguments: ArraySlice<String>) -> TUICommand? {
        guard let usual = UsualArguments(arguments, flags: ["--mono", "--plain"], values: 0) else { return nil }
        var options = TUIOptions()
        options.db = usual.db
        options.forms = nil
        options.mono = usual.flags.contains("--mono")
        options.plain = usual.flags.contains("--plain")
        var command = TUICommand()
        command.options = options
        return command
    }
}
