import Testing

@testable import RATUI

/// A list of options in a box: one longer than its box (the operators an A7 may name, in a big
/// RA) scrolls so the highlighted option is always in view.
struct ChoiceListTests {
    static func drawn(_ list: ChoiceList) -> [String] {
        var grid = CellGrid(width: 30, height: 7)
        list.draw(into: &grid, in: Rect(row: 0, column: 0, width: 30, height: 7), title: "Pick", theme: .plain)
        return grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    let options = (1...30).map { "option \($0)" }

    @Test func aShortListShowsFromTheTop() {
        let rows = Self.drawn(ChoiceList(options: options, selected: 2))
        #expect(rows[1].contains("  option 1 "))
        #expect(rows[3].contains("> option 3"))
    }

    @Test func aListLongerThanItsBoxScrollsToTheHighlightedOption() {
        var list = ChoiceList(options: options, selected: 0)
        for _ in 0..<20 { list.move(by: 1) }
        let rows = Self.drawn(list)
        // Five rows inside the box: options 17 to 21, the last highlighted.
        #expect(rows[1].contains("  option 17"))
        #expect(rows[5].contains("> option 21"))
        #expect(!rows.joined().contains("option 16"))
        #expect(rows[6].hasPrefix("+"))  // the box's bottom edge is not drawn over
    }

    @Test func typeAheadReachesAnOptionBelowTheBox() {
        var list = ChoiceList(options: options + ["zed"], selected: 0)
        let found = list.highlightNext(startingWith: "Z")
        #expect(found)
        let rows = Self.drawn(list)
        #expect(rows[5].contains("> zed"))
    }
}
