import Testing

@testable import RATUI

@Suite struct CellGridTests {
    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("Zoe\u{0308}") == 3)
        #expect(DisplayWidth.of("Å") == 1)
        var grid = CellGrid(width: 10, height: 1)
        let used = grid.put("東京e\u{0301}x", row: 0, column: 0)
        #expect(used == 6)
        #expect(grid[0, 0].text == "東")
        #expect(grid[0, 1].isContinuation)
        #expect(grid[0, 4].text == "e\u{0301}")
        #expect(grid[0, 5].text == "x")
    }

    @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
        var grid = CellGrid(width: 3, height: 1)
        #expect(grid.put("a東京", row: 0, column: 0) == 3)
        #expect(grid.line(0) == "a東")
    }

    @Test func controlCharactersAreDrawnVisibleNeverRaw() {
        var grid = CellGrid(width: 30, height: 1)
        grid.put("\u{1B}[2JEvil\u{07}", row: 0, column: 0)
        #expect(grid.text == "\\e[2JEvil\\u{7}")
        #expect(!grid.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func writingClipsAtTheEdges() {
        var grid = CellGrid(width: 5, height: 2)
        grid.put("abcdefgh", row: 1, column: 2)
        grid.put("zzz", row: 7, column: 0)
        #expect(grid.text == "\n  abc")
    }
}
