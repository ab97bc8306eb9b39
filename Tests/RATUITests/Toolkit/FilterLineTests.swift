import Testing
@testable import RATUI

@Suite struct FilterLineTests {
    @Test func slashOpensTypingNarrowsEnterKeepsEscClears() {
        var line = FilterLine(maxLength: 10)
        #expect(line.handle(.edit(.character("a"))) == nil, "closed: keys are the list's")
        #expect(line.handle(.action(.filter)) == .unchanged)
        #expect(line.isActive)
        #expect(line.handle(.edit(.character("a"))) == .changed)
        #expect(line.handle(.edit(.left)) == .unchanged)
        #expect(line.handle(.action(.open)) == .unchanged)
        #expect(!line.isActive && line.text == "a", "Enter keeps the filter")
        #expect(line.handle(.action(.open)) == nil, "Enter on the list is the list's")
        #expect(line.handle(.action(.clearFilter)) == .changed)
        #expect(line.text.isEmpty)
        #expect(line.handle(.action(.clearFilter)) == .unchanged, "clearing nothing reads nothing again")
        #expect(line.handle(.action(.moveDown)) == nil)
    }
}
