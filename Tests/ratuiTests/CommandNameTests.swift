import ArgumentParser
import Testing

@testable import ratui

/// Every command names itself, so start-up never derives a name from a type.
///
/// Without `commandName`, swift-argument-parser names a command with `String(describing:)` of its
/// type whenever it builds the command tree, which is at every start: in a binary with the Swift
/// runtime linked in statically each such call scans every protocol conformance, about 1.5 million
/// instructions, which was 40 % of a one-shot `ratui whois` (docs/benchmarks.md).
@Suite("Command names")
struct CommandNameTests {
    static func all(_ command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap(all)
    }

    @Test("every command and subcommand gives its commandName")
    func named() {
        let commands = Self.all(Ratui.self)
        #expect(commands.count > 30)
        for command in commands {
            #expect(command.configuration.commandName != nil, "\(command) has no commandName")
        }
    }
}
