import Testing

@testable import RATUI

@Suite struct FilterLineTests {
    typealias Event = ScreenEvent<Never>

    @Test func slashOpensTypingNarrowsEnterKeepsEscClears() {
        var line = FilterLine(maxLength: 10)
        #expect(line.handle(Event.edit(.character("a"))) == nil, "closed: keys are the list's")
        #expect(line.handle(Event.action(.filter)) == .unchanged)
        #expect(line.isActive)
        #expect(line.handle(Event.edit(.character("a"))) == .changed)
        #expect(line.handle(Event.edit(.left)) == .unchanged)
        #expect(line.handle(Event.action(.open)) == .unchanged)
        #expect(!line.isActive && line.text == "a", "Enter keeps the filter")
        #expect(line.handle(Event.action(.open)) == nil, "Enter on the list is the list's")
        #expect(line.handle(Event.action(.clearFilter)) == .changed)
        #expect(line.text.isEmpty)
        #expect(line.handle(Event.action(.clearFilter)) == .unchanged, "clearing nothing reads nothing again")
        #expect(line.handle(Event.action(.moveDown)) == nil)
    }
}
