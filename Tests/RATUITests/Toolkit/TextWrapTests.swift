import PropertyBased
import Testing

@testable import RATUI

@Suite struct TextWrapTests {
    /// Pieces of text that are hard to wrap: wide characters, combining marks, spaces, newlines.
    static let pieces: [String] = [
        "a", "bc", " ", "  ", "\n", "東", "京電力", "e\u{0301}", "\u{0301}", "😀", "ｗ", "-", "long-word-here",
    ]

    @Test("wrapping ends at every width, and keeps every character in order")
    func terminatesAndKeepsEverything() async {
        let text = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...12).map { $0.joined() }
        await propertyCheck(count: 500, input: text, Gen.int(in: 1...12)) { text, width in
            let lines = TextWrap.lines(text, width: width)
            for line in lines {
                // A line is never wider than asked, except one character wider than the whole line.
                #expect(DisplayWidth.of(line) <= width || line.count == 1, "\(line.debugDescription) at width \(width)")
            }
            // Compared scalar by scalar: joining lines may merge a combining mark into a letter.
            func visible(_ text: String) -> [Unicode.Scalar] { text.unicodeScalars.filter { $0 != " " && $0 != "\n" } }
            #expect(visible(lines.joined()) == visible(text))
        }
    }

    @Test func aWideCharacterAtWidthOneGetsALineOfItsOwn() {
        #expect(TextWrap.lines("東京", width: 1) == ["東", "京"])
        #expect(TextWrap.lines("a 東", width: 1) == ["a", "東"])
    }
}
