import Testing

@testable import RATUI

@Suite struct TextFieldTests {
    @Test func typingInsertsAtTheCursor() {
        var field = TextField("Acme")
        _ = field.handle(.home)
        _ = field.handle(.character("X"))
        _ = field.handle(.end)
        _ = field.handle(.character("!"))
        #expect(field.text == "XAcme!")
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "XAcm!")
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.text == "Acm!")
        #expect(field.cursor == 0)
    }

    @Test func theCursorMovesByWholeCharacters() {
        var field = TextField("Zoe\u{0308}東京")
        #expect(field.characters.count == 5)
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "Zoe\u{0308}京")
    }

    @Test func theLengthLimitRefusesMoreCharacters() {
        var field = TextField("", maxLength: 3)
        for character in "ABCD" { _ = field.insert(character) }
        #expect(field.text == "ABC")
        #expect(field.handle(.character("E")) == .refusedFull)
    }

    @Test func lineBreaksOnlyWhereAllowed() {
        var single = TextField("a")
        #expect(single.insert("\n") == .ignored)
        var address = TextField("1 High St", allowsLineBreaks: true)
        _ = address.insert("\n")
        for character in "Leeds" { _ = address.insert(character) }
        #expect(address.lines.map { String($0) } == ["1 High St", "Leeds"])
        #expect(address.position == (1, 5))
        _ = address.handle(.home)
        #expect(address.position == (1, 0))
        _ = address.handle(.control("k"))
        #expect(address.text == "1 High St\n")
    }

    @Test func aLongValueScrollsToKeepTheCursorVisible() {
        let field = TextField("東京電力エナジーパートナー")  // 13 wide characters, 26 cells
        let slice = field.visibleSlice(line: field.characters, cursorColumn: field.cursor, width: 10)
        #expect(DisplayWidth.of(slice.text) <= 10)
        #expect(slice.text.hasSuffix("ナー"))
        #expect(slice.cursorOffset! + 1 <= 10)
    }
}
