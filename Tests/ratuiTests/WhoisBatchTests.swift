import Foundation
import Testing

/// `whois --file`: one identifier a line, answered line by line, with the exit status its help gives.
@Suite("whois --file")
struct WhoisBatchTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    static let held = "90-B3-D5-1F-30-01-AB-CD"
    static let nobody = "00-00-00-00-00-00-00-01"

    /// A registry where one organisation holds 90-B3-D5-1F-30-01-00-00 to -FF-FF.
    func registry() throws {
        #expect(try ratui.run(["init"] + db).status == 0)
        try ratui.bootstrap()
        let form = try ratui.write(
            "a1.json", RatuiProcess.form([("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]))
        let submit = try ratui.run(["org", "submit", form] + db + ratui.signIn)
        #expect(submit.status == 0, "\(submit.stderr)")
    }

    func writeBytes(_ name: String, _ data: Data) throws -> String {
        let url = ratui.folder.appending(path: name)
        try data.write(to: url)
        return url.path
    }

    static func jsonLines(_ result: RatuiProcess.Result) throws -> [[String: Any]] {
        try result.stdout.split(separator: "\n").map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
    }

    @Test("each line is answered in whois's shapes; the status says whether any was held")
    func answers() throws {
        try registry()
        let file = try ratui.write("ids.txt", "\(Self.held)\n\n  \(Self.nobody)  \r\n90b3d51f3001ffff\n")
        let text = try ratui.run(["whois", "--file", file] + db)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(
            lines[0].hasPrefix("90-B3-D5-1F-30-01-AB-CD: organisation 1 \"Northwind Energy Ltd\" as Import Supplier"))
        #expect(lines[1] == "00-00-00-00-00-00-00-01: no organisation holds this identifier.")
        #expect(lines[2].hasPrefix("90-B3-D5-1F-30-01-FF-FF: organisation 1"))

        let json = try ratui.run(["whois", "--json", "--file", file] + db)
        #expect(json.status == 0)
        let objects = try Self.jsonLines(json)
        #expect(objects.map { $0["line"] as? Int } == [1, 3, 4])
        #expect(objects.map { $0["identifier"] as? String } == [Self.held, Self.nobody, "90-B3-D5-1F-30-01-FF-FF"])
        #expect(objects.map { ($0["owners"] as? [Any])?.count } == [1, 0, 1])
        // The same object as one whois --json, plus "line".
        let single = try ratui.run(["whois", "--json", Self.held] + db)
        var first = objects[0]
        first["line"] = nil
        func canonical(_ object: [String: Any]) throws -> Data {
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        #expect(try canonical(first) == canonical(try single.json))

        let none = try ratui.run(["whois", "--file", try ratui.write("none.txt", "\(Self.nobody)\n")] + db)
        #expect(none.status == 1)
        #expect(none.stdout == "00-00-00-00-00-00-00-01: no organisation holds this identifier.\n")
        let empty = try ratui.run(["whois", "--file", try ratui.write("empty.txt", "")] + db)
        #expect(empty.status == 1)
        #expect(empty.stdout.isEmpty)

        let stdin = try ratui.run(["whois", "--file", "-"] + db, stdin: Data("\(Self.nobody)\n\(Self.held)".utf8))
        #expect(stdin.status == 0)
        #expect(stdin.stdout.split(separator: "\n").count == 2)
    }

    @Test("hostile lines get their error, escaped, and reading goes on; any of them makes it 65")
    func hostileLines() throws {
        try registry()
        var input = Data()
        input.append(Data("\(Self.held)\n".utf8))
        input.append(Data("90-B3-\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}\n".utf8))
        input.append(Data(repeating: UInt8(ascii: "A"), count: 3 << 20))  // 3 MiB, longer than a read chunk
        input.append(0x0A)
        input.append(contentsOf: [0x39, 0x30, 0xFF, 0xFE, 0xC0, 0xAF, 0x0A])  // invalid UTF-8
        input.append(Data("not an identifier\n\(Self.nobody)\n".utf8))
        let file = try writeBytes("hostile.txt", input)

        for arguments in [["whois", "--file", file], ["whois", "--json", "--file", file], ["whois", "--file", "-"]] {
            let result = try ratui.run(arguments + db, stdin: arguments.contains("-") ? input : nil)
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            Hostile.expectNothingRaw(result, arguments)
            let errors = result.stderr.split(separator: "\n")
            #expect(errors.count == 4, "\(result.stderr)")
            #expect(errors.allSatisfy { $0.hasPrefix("ratui: line ") })
            #expect(result.stderr.contains(#"\e]0;owned"#))
            #expect(result.stderr.contains("line 3 of"))
            #expect(result.stderr.contains("longer than 256 bytes"))
            #expect(result.stderr.contains("line 4 of") && result.stderr.contains("not valid UTF-8"))
            if arguments.contains("--json") {
                let objects = try Self.jsonLines(result)
                #expect(objects.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6])
                #expect(objects.map { $0["error"] == nil } == [true, false, false, false, false, true])
                #expect((objects[1]["error"] as? [String: Any])?["code"] as? String == "eui64.character")
                #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "eui64.length")
                #expect(objects[2]["identifier"] == nil, "a line too long is not echoed")
            } else {
                let lines = result.stdout.split(separator: "\n")
                #expect(lines.count == 2)
                #expect(lines.last == "00-00-00-00-00-00-00-01: no organisation holds this identifier.")
            }
        }

        // A NUL byte stops reading at its line.
        let binary = try writeBytes("binary.txt", Data("\(Self.held)\n90\u{0}00\n\(Self.held)\n".utf8))
        let stopped = try ratui.run(["whois", "--file", binary] + db)
        #expect(stopped.status == 65)
        #expect(stopped.stdout.split(separator: "\n").count == 1)
        #expect(stopped.stderr.contains("line 2 of") && stopped.stderr.contains("NUL"))
    }

    @Test("a wrong command line or file is refused before any lookup")
    func refusals() throws {
        try registry()
        #expect(try ratui.run(["whois"] + db).status == 64)
        #expect(try ratui.run(["whois", Self.held, "--file", "-"] + db).status == 64)
        #expect(try ratui.run(["whois", "--file", ratui.folder.appending(path: "missing.txt").path] + db).status == 66)
        #expect(try ratui.run(["whois", "--file", ratui.folder.path] + db).status == 66)
        #expect(try ratui.run(["whois", "--file", "/dev/zero"] + db).status == 66)
        // Standard input that is /dev/zero: a NUL at once, not a hang.
        let zero = try ratui.run(
            ["whois", "--file", "-"] + db, input: FileHandle(forReadingAtPath: "/dev/zero")!, timeout: 60)
        #expect(zero?.status == 65)
    }

    /// The next line of `output`, or nil if none came within a minute; `pending` holds what was
    /// read past it.
    static func readLine(_ output: Pipe, _ pending: inout Data) -> String? {
        let deadline = Date().addingTimeInterval(60)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            var ready = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(deadline.timeIntervalSinceNow * 1000)
            guard remaining > 0, poll(&ready, 1, remaining) > 0 else { return nil }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }

    @Test("a read that fails through the memory mapping (SIGBUS) is reported as registry.io, exit 74")
    func mappedReadFailure() throws {
        try registry()
        let process = ratui.start(["whois", "--file", "-"] + db)
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // An answer first: the registry is mapped and the handler installed.
        input.fileHandleForWriting.write(Data("\(Self.held)\n".utf8))
        var pending = Data()
        let answer = Self.readLine(output, &pending)
        #expect(answer?.contains("organisation 1 ") == true)
        // What the kernel sends when a mapped page cannot be read.
        kill(process.processIdentifier, SIGBUS)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 74)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            stderr
                == "ratui: registry.io: Registry \(ratui.registryPath): the file could not be read through its memory mapping (truncated, or a read failed)\n"
        )
        try? input.fileHandleForWriting.close()
    }

    @Test("a pipe written a line at a time gets each answer before the next line is written")
    func interactivePipe() throws {
        try registry()
        for json in [false, true] {
            let process = ratui.start(["whois", "--file", "-"] + (json ? ["--json"] : []) + db)
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var pending = Data()
            func readLine() -> String? { Self.readLine(output, &pending) }
            for (identifier, holder) in [(Self.held, true), (Self.nobody, false), ("90b3d51f3001ffff", true)] {
                input.fileHandleForWriting.write(Data("\(identifier)\n".utf8))
                let answer = readLine()
                #expect(answer != nil, "no answer to \(identifier) while the input stays open (json: \(json))")
                guard let answer else { break }
                if json {
                    #expect(answer.contains(#""owners":[]"#) != holder, "\(answer)")
                } else {
                    #expect(answer.contains("organisation 1 ") == holder, "\(answer)")
                }
            }
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(readLine() == nil, "nothing after the last answer")
        }
    }

    @Test("100,000 lines stream through in bounded memory")
    func large() throws {
        try registry()
        var text = ""
        text.reserveCapacity(100_000 * 24)
        for index in 0..<100_000 {
            text += String(
                format: "90-B3-D5-1F-%02X-01-%02X-%02X\n", index % 2 == 0 ? 0x30 : 0x31, (index >> 8) & 0xFF,
                index & 0xFF)
        }
        let file = try ratui.write("many.txt", text)
        let result = try ratui.run(["whois", "--json", "--file", file] + db)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 100_000)
        #expect(lines.last?.contains(#""line":100000"#) == true)
        #expect(lines.filter { $0.contains(#""owners":[]"#) }.count == 50_000)
    }
}
