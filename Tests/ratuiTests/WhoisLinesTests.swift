import Foundation
import RAPPModel
import Testing

@testable import ratui

/// `whois` text answers are written straight into bytes: they must be the very bytes of the
/// `TerminalText` lines they replaced, whatever the stored names and roles hold.
@Suite("whois text answers")
struct WhoisLinesTests {
    /// The lines as `whois` built them before (`TerminalText` interpolation, every piece escaped):
    /// the specification.
    static func interpolated(_ value: EUI64, _ owners: [RegisteredRange], rules: SiteRules) -> String {
        var text = ""
        if owners.isEmpty {
            let line: TerminalText =
                "\(value): no organisation holds this identifier\(value.isReserved ? " (it is reserved)" : "")."
            text += line.description + "\n"
        }
        for owner in owners {
            let line: TerminalText =
                "\(value): organisation \(owner.organisationID) \(VisibleText.quoted(owner.organisationName, limit: 80)) as \(rules.roleName(owner.role)) (range \(owner.range))"
            text += line.description + "\n"
        }
        return text
    }

    /// Names that need escaping, cutting or care: controls and escape sequences, C1 controls, bidi
    /// overrides and isolates, invisible characters, quotes and backslashes, non-ASCII, a
    /// combining mark first, both sides of the 80-character cut, and a huge name.
    static let names: [String] = [
        "", "Northwind Energy Ltd", "Quote \" backslash \\", "\u{1B}]0;owned\u{07}\u{1B}[2J", "line\nbreak\ttab\r",
        "\u{9B}31m C1", "\u{202E}evil\u{202C} \u{2066}isolate\u{2069}", "zero\u{200B}width\u{FEFF} soft\u{AD}hyphen",
        "Zoë Énergie Ltd", "\u{301}combining first", "日本のエネルギー株式会社", "emoji 👩‍👩‍👧 family", "tag\u{E0041}",
        "\u{0}NUL", String(repeating: "A", count: 80), String(repeating: "A", count: 81),
        String(repeating: "A", count: 79) + "\u{1B}", String(repeating: "é", count: 80),
        String(repeating: "é", count: 81), String(repeating: "\u{1B}", count: 30),
        String(repeating: "x", count: 10_000),
    ]

    static let roles = ["import-supplier", "other-user", "an unknown role \u{7}", "\u{1B}[31mred", "Zoë", ""]

    @Test("written directly, byte for byte the interpolated lines, over hostile names and roles")
    func sameBytesAsInterpolated() throws {
        let rules = try FormLibrary.builtIn().rules
        func owner(_ id: Int64, _ name: String, _ role: String, _ first: UInt64, _ last: UInt64) -> RegisteredRange {
            RegisteredRange(
                organisationID: id, organisationName: name, role: role,
                range: IdentifierRange(first: EUI64(first), last: EUI64(last))!)
        }
        var answers: [[RegisteredRange]] = [[]]
        for (index, name) in Self.names.enumerated() {
            let role = Self.roles[index % Self.roles.count]
            answers.append([owner(Int64(index) + 1, name, role, 0x90B3_D500_0000_0000, 0x90B3_D5FF_FFFF_FFFF)])
        }
        answers.append([
            owner(Int64.max, Self.names[3], "gas-supplier", 0, UInt64.max),
            owner(Int64.min, Self.names[6], Self.roles[3], 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000),
            owner(0, Self.names[8], Self.roles[2], UInt64.max, UInt64.max),
        ])
        // Reserved (octets 4 and 5 FF FE or FF FF) and not, and both ends of the range.
        let identifiers = [EUI64(0), EUI64(0x90B3_D5FF_FE00_0001), EUI64(0x90B3_D5FF_FF00_0001), EUI64(UInt64.max)]
        // One writer for all, as a batch uses it: role names found once must stay right.
        var lines = WhoisLines(rules: rules)
        for identifier in identifiers {
            for owners in answers {
                var written: [UInt8] = []
                lines.write(identifier, owners: owners, into: &written)
                #expect(
                    written == Array(Self.interpolated(identifier, owners, rules: rules).utf8),
                    "\(owners.map(\.organisationName.debugDescription))")
            }
        }
    }
}
