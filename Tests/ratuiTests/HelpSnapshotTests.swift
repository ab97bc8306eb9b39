import Foundation
import SnapshotTesting
import Testing

/// The `--help` text of `ratui` and of every subcommand, compared exactly with the files in
/// `__Snapshots__/HelpSnapshotTests`, so a change to any help text is seen in review.
///
/// The commands are found by walking each help's SUBCOMMANDS list from the root, so a new
/// command has no snapshot and fails until one is recorded. Help is printed 80 columns wide
/// (`COLUMNS=80`), whatever the terminal. To re-record after a deliberate change:
///
///     swift build && SNAPSHOT_TESTING_RECORD=all swift test --skip-build --filter HelpSnapshotTests
///
/// then read the changed files (`git diff Tests/ratuiTests/__Snapshots__`) and run the tests again
/// without recording. (`scripts/test` never records: a missing or changed snapshot fails.)
@Suite("Help snapshots")
struct HelpSnapshotTests {
    static let ratui = RatuiProcess()

    static func help(_ path: [String]) throws -> String {
        let result = try ratui.run(path + ["--help"], environment: ["COLUMNS": "80", "LINES": "24"])
        guard result.status == 0, result.stderr.isEmpty else {
            throw CocoaError(
                .fileReadUnknown,
                userInfo: [NSDebugDescriptionErrorKey: "\(path) --help: \(result.status) \(result.stderr)"])
        }
        return result.stdout
    }

    /// The subcommands a help text lists: the first word of each entry under SUBCOMMANDS.
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inList = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") {
                inList = true
                continue
            }
            guard inList else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            if line.hasPrefix("  See '") { break }
            // An entry starts two spaces in; its wrapped description is indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" })
            else { continue }
            names.append(String(name))
        }
        return names
    }

    /// Every command path, root first, depth first.
    static let commands: [[String]] = {
        var found: [[String]] = []
        func walk(_ path: [String]) {
            found.append(path)
            guard path.count < 4, let text = try? help(path) else { return }
            for name in subcommands(in: text) { walk(path + [name]) }
        }
        walk([])
        return found
    }()

    @Test("the commands are found")
    func commandsFound() {
        #expect(Self.commands.contains(["whois"]))
        #expect(Self.commands.contains(["org", "import"]))
        #expect(Self.commands.count > 30)
    }

    @Test("--help is as recorded", arguments: commands)
    func help(_ path: [String]) throws {
        let text = try Self.help(path)
        assertSnapshot(of: text, as: .lines, named: (["ratui"] + path).joined(separator: "-"), testName: "help")
    }
}
