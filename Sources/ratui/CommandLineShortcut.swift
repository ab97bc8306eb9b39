import ArgumentParser

extension Ratui {
    /// The command `arguments` ask for: the one `parseAsRoot` gives, found sooner for the two
    /// started most, a one-shot `whois` and the full-screen interface.
    ///
    /// Parsed from the root, the argument parser builds the tree of every command and looks up
    /// the command it parses in it again and again (for help names, the version, the command
    /// stack), each time through sets and dictionaries of its own; that is a third of parsing a
    /// `whois`. So a command line that names `whois` first is parsed by `WhoisCommand` as the
    /// root, and one that names no command (the interface, the root's default) by `TUICommand`
    /// as the root: the same parser and the same values. Such a parse is kept only when it gives
    /// that command; anything else (help, the version, completion scripts, an error) is parsed
    /// again from the root, so what it prints is exactly what it printed
    /// (`CommandLineParsingTests`).
    static func parseCommandLine(_ arguments: [String]) throws -> any ParsableCommand {
        if let command = parsedAlone(arguments) { return command }
        return try parseAsRoot(arguments)
    }

    /// `arguments` parsed by `WhoisCommand` or `TUICommand` as the root, when the root would give
    /// that command; nil when they do not parse to it, or when another command is named.
    static func parsedAlone(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let first = arguments.first else { return try? TUICommand.parseAsRoot([]) as? TUICommand }
        if first == WhoisCommand.configuration.commandName {
            return try? WhoisCommand.parseAsRoot(Array(arguments.dropFirst())) as? WhoisCommand
        }
        // The root goes to its default command, with every argument, when the first one names no
        // command (it looks for a command's name only there).
        let named = configuration.subcommands.contains { command in
            command.configuration.commandName == first || command.configuration.aliases.contains(first)
        }
        guard !named, first != "help" else { return nil }
        return try? TUICommand.parseAsRoot(arguments) as? TUICommand
    }
}
