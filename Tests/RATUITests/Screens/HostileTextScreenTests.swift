import RAPPModel
import Testing

@testable import RATUI

/// A registry edited by hand may hold invisible and format characters as well as escape
/// sequences; every screen shows them escaped (`\u{200B}`), as the command line does.
@Suite struct HostileTextScreenTests {
    static let invisible: [Unicode.Scalar] = [
        0x034F, 0x2028, 0x2029, 0x3164, 0x2800, 0x200B, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0xE0041, 0x00AD, 0x2060,
        0xFFF9,
    ].map { Unicode.Scalar($0)! }

    static let name = "Evil\u{1B}]0;owned\u{07}\u{9B}1m\u{202E}" + invisible.map { "x" + String($0) }.joined()

    /// The screen's text holds no control or invisible character but line breaks, and shows
    /// the first invisible characters of the name escaped (a narrow column cuts the rest).
    func expectEscaped(_ grid: CellGrid, shown: Int) {
        let raw = grid.text.unicodeScalars.filter { $0 != "\n" && VisibleText.mustEscape($0) }
        #expect(raw.isEmpty, "raw: \(raw.map { String($0.value, radix: 16) })")
        #expect(grid.text.contains("Evil\\e]0;owned"))
        for scalar in Self.invisible.prefix(shown) {
            #expect(grid.text.contains("\\u{\(String(scalar.value, radix: 16, uppercase: true))}"))
        }
    }

    @Test func theOrganisationListAndScreenShowInvisibleCharactersEscaped() throws {
        let test = try TestRegistry()
        let id = try test.store(
            "Placeholder Ltd", [("other-user", "90-B3-D5-04-00-00-00-00", "90-B3-D5-04-00-00-FF-FF")])
        try test.forceName(Self.name, of: id)
        var driver = test.driver(width: 200, height: 30)
        driver.press(.character("o"))
        expectEscaped(driver.app.view(), shown: 2)
        driver.press(.enter)
        expectEscaped(driver.app.view(), shown: Self.invisible.count)
    }

    @Test func cellsNeverHoldAnInvisibleCharacter() {
        var grid = CellGrid(width: 200, height: 1)
        grid.put(Self.name, row: 0, column: 0)
        expectEscaped(grid, shown: Self.invisible.count)
    }

    @Test func typedInvisibleCharactersAreNotKeys() {
        for scalar in Self.invisible + ["\u{9B}", "\u{202E}"] {
            #expect(Key.fromCharacter(scalar) == nil, "U+\(String(scalar.value, radix: 16))")
        }
        #expect(Key.fromCharacter("é") == .character("é"))
    }
}
