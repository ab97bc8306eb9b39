import ArgumentParser
import Testing

@testable import ratui

/// `whois` and the full-screen interface are parsed by their own command alone
/// (`Ratui.parsedAlone`): whenever that gives a command it is the one the root gives, with the
/// same values, and whatever it does not take (help, the version, completion scripts, errors)
/// goes to the root, so its text is the root's.
@Suite("Command line parsing")
struct CommandLineParsingTests {
    /// Command lines the shortcut may meet: usual ones, and ones it must leave to the root.
    static let commandLines: [[String]] = [
        [],
        ["whois", "90-B3-D5-1F-30-01-00-00"],
        ["whois", "--db", "/tmp/r.sqlite", "90-B3-D5-1F-30-01-00-00"],
        ["whois", "90-B3-D5-1F-30-01-00-00", "--db=/tmp/r.sqlite", "--json"],
        ["whois", "--file", "-", "--db", "/tmp/r.sqlite"],
        ["whois", "--file", "ids.txt", "--json"],
        ["whois", "--", "--version"],
        ["whois", "--", "-h"],
        ["whois", "help"],
        ["whois", "whois"],
        ["whois", "tui"],
        ["whois"],
        ["whois", "a", "b"],
        ["whois", "--file", "f", "90-B3-D5-1F-30-01-00-00"],
        ["whois", "--help"],
        ["whois", "-h"],
        ["whois", "--version"],
        ["whois", "90-B3-D5-1F-30-01-00-00", "--version"],
        ["whois", "--generate-completion-script", "bash"],
        ["whois", "--generate-completion-script"],
        ["whois", "--experimental-dump-help"],
        ["whois", "--unknown"],
        ["whois", "--db"],
        ["--db", "/tmp/r.sqlite"],
        ["--db=/tmp/r.sqlite", "--mono", "--plain"],
        ["--db", "whois"],
        ["--db", "/tmp/r.sqlite", "whois"],
        ["--forms", "Forms", "--db", "tui"],
        ["--mono"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--db", "/tmp/r.sqlite", "--help"],
        ["--db", "/tmp/r.sqlite", "--version"],
        ["--generate-completion-script", "zsh"],
        ["help"],
        ["help", "whois"],
        ["tui", "--db", "/tmp/r.sqlite"],
        ["tui", "--mono"],
        ["demo"],
        ["init", "--db", "/tmp/r.sqlite"],
        ["ranges", "check"],
        ["nonsense"],
        ["--unknown"],
        ["--db"],
        ["--", "whois"],
        ["---completion", "--", "--db", "0", "0"],
    ]

    /// A parsed command written out whole (its type and every property wrapper's value).
    static func text(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    @Test("a command parsed alone is the one the root gives, with the same values", arguments: commandLines)
    func sameCommand(_ arguments: [String]) throws {
        guard let alone = Ratui.parsedAlone(arguments) else { return }
        let root = try Ratui.parseAsRoot(arguments)
        #expect(type(of: alone) == type(of: root))
        #expect(Self.text(alone) == Self.text(root))
    }

    /// Arguments after `whois`, usual and awkward, for `usualWhoisAsParsed`.
    static let whoisTokens = [
        "--db", "/tmp/r.sqlite", "--db=/tmp/r.sqlite", "--db=", "--db=-x", "--json", "--json=1",
        "90-B3-D5-1F-30-01-00-00", "-", "--", "-x", "--file", "--forms", "--help", "help", "--version", "",
    ]

    @Test("whois read without the argument parser is what the parser gives, on every line of up to four arguments")
    func usualWhoisAsParsed() throws {
        var lines: [[String]] = [[]]
        var previous: [[String]] = [[]]
        for _ in 1...4 {
            previous = previous.flatMap { line in Self.whoisTokens.map { line + [$0] } }
            lines += previous
        }
        var read = 0
        for line in lines {
            guard let usual = WhoisCommand.usual(line[...]) else { continue }
            read += 1
            let parsed = try Ratui.parseAsRoot(["whois"] + line)
            #expect(parsed is WhoisCommand, "\(line)")
            #expect(Self.text(usual) == Self.text(parsed), "\(line)")
        }
        #expect(read > 50)
    }

    /// Arguments of the interface, usual and awkward, for `usualInterfaceAsParsed`.
    static let interfaceTokens = [
        "--db", "/tmp/r.sqlite", "--db=/tmp/r.sqlite", "--db=", "--db=-x", "--mono", "--plain", "--mono=1",
        "whois", "x", "-", "--", "-x", "--forms", "--help", "help", "--version", "",
    ]

    @Test(
        "the interface read without the argument parser is what the parser gives, on every line of up to four arguments"
    )
    func usualInterfaceAsParsed() throws {
        var lines: [[String]] = [[]]
        var previous: [[String]] = [[]]
        for _ in 1...4 {
            previous = previous.flatMap { line in Self.interfaceTokens.map { line + [$0] } }
            lines += previous
        }
        var read = 0
        for line in lines {
            guard let usual = TUICommand.usual(line[...]) else { continue }
            read += 1
            let parsed = try Ratui.parseAsRoot(line)
            #expect(parsed is TUICommand, "\(line)")
            #expect(Self.text(usual) == Self.text(parsed), "\(line)")
        }
        #expect(read > 20)
    }

    @Test("the usual whois and interface command lines take the shortcut")
    func usualLinesParsedAlone() {
        let whois = Ratui.parsedAlone(["whois", "--db", "/tmp/r.sqlite", "90-B3-D5-1F-30-01-00-00"])
        #expect(whois is WhoisCommand)
        #expect(WhoisCommand.usual(["--db", "/tmp/r.sqlite", "90-B3-D5-1F-30-01-00-00"]) != nil)
        #expect(WhoisCommand.usual(["--json", "--db=/tmp/r.sqlite", "90-B3-D5-1F-30-01-00-00"]) != nil)
        #expect(Ratui.parsedAlone(["whois", "--file", "-", "--json"]) is WhoisCommand)
        #expect(Ratui.parsedAlone(["--db", "/tmp/r.sqlite"]) is TUICommand)
        #expect(Ratui.parsedAlone([]) is TUICommand)
    }

    @Test("help, the version, completion scripts, errors and other commands go to the root")
    func othersGoToTheRoot() {
        let root: [[String]] = [
            ["whois", "--help"], ["whois", "-h"], ["whois", "--version"], ["whois"], ["whois", "a", "b"],
            ["whois", "--generate-completion-script", "bash"], ["whois", "--experimental-dump-help"],
            ["--help"], ["--version"], ["--db", "/tmp/r.sqlite", "--help"], ["--generate-completion-script", "zsh"],
            ["help"], ["help", "whois"], ["tui", "--mono"], ["demo"], ["init"], ["nonsense"], ["--unknown"],
            ["---completion", "--", "--db", "0", "0"],
        ]
        for arguments in root {
            #expect(Ratui.parsedAlone(arguments) == nil, "\(arguments)")
        }
    }
}
