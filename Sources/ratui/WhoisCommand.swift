import ArgumentParser
import Foundation
import RAPPModel

struct WhoisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whois", abstract: "Which organisation and User Role(s) hold an EUI-64 identifier.",
        discussion: """
            One identifier: exits 0 when an organisation holds it, 1 when nobody does, 65 when it is \
            not an identifier.

            --file F (or --file - for standard input): one identifier per line, answered as each \
            line is read, in the same shapes as one identifier: a line per holder (or one saying \
            nobody holds it); with --json, one JSON object per line (JSON Lines) with the line's \
            number added as "line". Blank lines are skipped. A line that is not an identifier \
            (longer than \(maximumLineLength) bytes, not UTF-8, not an EUI-64) gets its error, on \
            stderr (and as {"line", "identifier", "error"} with --json), and reading goes on; a NUL \
            byte stops reading at its line. Exit status: 65 if any line was not an identifier; \
            otherwise 1 if no identifier in the input is held by any organisation (an input with \
            none included); otherwise 0. 66 when the file is missing or not a regular file, 74 \
            when it cannot be read to its end (the answers before stand).
            """)

    /// The longest line `--file` reads as an identifier; a longer one is reported, not held.
    static let maximumLineLength = 256

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The identifier, such as 90-B3-D5-1F-30-01-00-00.")
    var identifier: String?

    @Option(
        name: .long,
        help: ArgumentHelp("A file of identifiers, one a line, or - for standard input.", valueName: "file"))
    var file: String?

    func validate() throws {
        switch (identifier, file) {
        case (nil, nil): throw ValidationError("Give an identifier or --file.")
        case (.some, .some): throw ValidationError("Give an identifier or --file, not both.")
        default: break
        }
    }

    func run() throws {
        if let file { return try lookUp(file: file) }
        let identifier = identifier ?? ""
        let value: EUI64
        do {
            value = try EUI64(parsing: identifier, allowReserved: true)
        } catch {
            if options.json {
                Output.json(RegisteredRange.whoisJSON(identifier, error: error))
            }
            Output.error("\(error.displayMessage)")
            throw ExitCode(ExitStatus.invalidData)
        }
        // whois names User Roles: it parses the policy's rules alone (its hash is checked whole).
        let registry = try options.readOnlyRegistry(parts: .rules)
        let owners = try registry.owners(of: value)
        if options.json {
            Output.json(RegisteredRange.whoisJSON(value, owners: owners, rules: registry.rules))
        } else {
            var output = OutputBuffer()
            var lines = WhoisLines(rules: registry.rules)
            output.whoisLines { lines.write(value, owners: owners, into: &$0) }
            output.flush()
        }
        if owners.isEmpty { throw ExitCode(ExitStatus.notFound) }
    }

    /// `--file`: reads line by line (a chunk and one line at most in memory) and answers each line
    /// as it is read, so a pipe gets its answers while it is still being written.
    ///
    /// The lines already read are answered together from one snapshot of the registry
    /// (`Registry.withOwnerLookup`) into one output buffer, which is written out before reading
    /// more: a file's answers go out in large writes, while a pipe fed a line at a time still
    /// gets each answer before ratui waits for the next line, and no snapshot is held while
    /// waiting.
    private func lookUp(file: String) throws {
        let input = try Reporting.run { try InputFile.open(file) }
        let registry = try options.readOnlyRegistry(parts: .rules)
        // The batch reads the registry through a memory mapping: a failed read is a SIGBUS.
        MappedReadFailure.install(for: registry)
        var reader = LineReader(handle: input.handle, maximumLength: Self.maximumLineLength)
        var output = OutputBuffer()
        // The text answers' writer, for the rules of the snapshot being answered from.
        var lines = WhoisLines(rules: registry.rules)
        var anyInvalid = false
        var anyHeld = false
        func refuse(_ line: Int, _ text: String?, _ issue: ValidationIssue) {
            anyInvalid = true
            if options.json {
                var object: [String: JSONValue] = ["line": .number(Double(line)), "error": issue.jsonValue]
                if let text { object["identifier"] = .string(text) }
                output.line(TerminalText(json: .object(object)))
            }
            // The answers before it first, so a terminal showing both streams keeps their order.
            output.flush()
            Output.error("line \(line) of \(input.name): \(issue.displayMessage)")
        }
        /// Answers one line read from the input, into `output`.
        func answer(_ line: LineReader.BorrowedLine, _ number: Int, _ lookup: borrowing OwnerLookup) throws {
            switch line {
            case .notText:
                refuse(
                    number, nil,
                    ValidationIssue(
                        .eui64Character,
                        "The line holds a NUL byte: this is binary data, not text; reading stopped there."))
            case .tooLong:
                refuse(
                    number, nil,
                    ValidationIssue(
                        .eui64Length,
                        "The line is longer than \(Self.maximumLineLength) bytes: not an EUI-64 identifier."))
            case .text(let data):
                // The usual line, an identifier and nothing else, is read without making a string.
                if let value = EUI64(exactly: data) { return try answer(value, number, lookup) }
                if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                guard let text = String(validating: data, as: UTF8.self) else {
                    refuse(
                        number, String(decoding: data, as: UTF8.self),
                        ValidationIssue(.eui64Character, "The line is not valid UTF-8 text: not an EUI-64 identifier."))
                    return
                }
                let value: EUI64
                do {
                    value = try EUI64(parsing: text, allowReserved: true)
                } catch {
                    refuse(number, text, error)
                    return
                }
                try answer(value, number, lookup)
            }
        }
        /// Answers the identifier on line `number`.
        func answer(_ value: EUI64, _ number: Int, _ lookup: borrowing OwnerLookup) throws {
            let owners = try lookup.owners(of: value)
            if !owners.isEmpty { anyHeld = true }
            if options.json {
                output.jsonLine {
                    RegisteredRange.writeWhoisJSON(value, line: number, owners: owners, rules: lookup.rules, into: &$0)
                }
            } else {
                output.whoisLines { lines.write(value, owners: owners, into: &$0) }
            }
        }
        repeat {
            // Everything read so far, answered from one snapshot; then written out before waiting.
            guard reader.hasBufferedLine else { continue }
            try registry.withOwnerLookup(memoryMapped: true) { lookup in
                lines = WhoisLines(rules: lookup.rules)
                while try reader.withNextBuffered({ line, number in try answer(line, number, lookup) }) != nil {}
            }
            output.flush()
        } while reader.readMore()
        output.flush()
        if let error = reader.error {
            throw ExitCode(reporting: InputError.unreadable(path: input.name, reason: error))
        }
        if anyInvalid { throw ExitCode(ExitStatus.invalidData) }
        if !anyHeld { throw ExitCode(ExitStatus.notFound) }
    }
}
