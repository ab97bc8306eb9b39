import Foundation
import Testing

@testable import RAPPModel

/// `whois --file --json` writes each answer straight into its output: the same bytes as the
/// answer's JSON tree, serialised.
@Suite("whois answers as JSON")
struct RegisteredRangeJSONTests {
    @Test("an answer written directly is byte for byte the tree serialised, with its line number")
    func writtenDirectlyAsSerialised() throws {
        let rules = try Fixtures.registry().rules
        func owner(_ id: Int64, _ name: String, _ role: String) -> RegisteredRange {
            RegisteredRange(
                organisationID: id, organisationName: name, role: role,
                range: IdentifierRange(first: EUI64(0x90B3_D500_0000_0000), last: EUI64(UInt64.max))!)
        }
        let owners: [[RegisteredRange]] = [
            [],
            [owner(1, "Northwind Energy Ltd", "import-supplier")],
            [
                owner(Int64.max, "Quote \" backslash \\ \u{1B}[2J\nZoë \u{200B}", "other-user"),
                owner(1_000_000_000_000_000, "", "an unknown role \u{7}"),
            ],
        ]
        for identifier in [EUI64(0), EUI64(0x90B3_D5FF_FFFE_0001), EUI64(UInt64.max)] {
            for owners in owners {
                for line in [1, 99_999, Int.max] {
                    var tree = RegisteredRange.whoisJSON(identifier, owners: owners, rules: rules)
                    if case .object(var object) = tree {
                        object["line"] = .number(Double(line))
                        tree = .object(object)
                    }
                    var written: [UInt8] = []
                    RegisteredRange.writeWhoisJSON(identifier, line: line, owners: owners, rules: rules, into: &written)
                    #expect(String(decoding: written, as: UTF8.self) == tree.serialized())
                }
            }
        }
    }
}
