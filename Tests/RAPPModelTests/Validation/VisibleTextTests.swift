import Foundation
import Testing

@testable import RAPPModel

/// The one classification of characters that never reach a terminal raw, and the escapes that
/// show them instead: used by every check of new text and by every front end's output.
@Suite("Visible text")
struct VisibleTextTests {
    /// Invisible characters seen stored in registries: format characters (Unicode category Cf)
    /// and characters that look like a space or like nothing at all.
    static let invisible: [Unicode.Scalar] = [
        0x034F, 0x2028, 0x2029, 0x3164, 0x2800, 0x200B, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0xE0041, 0x00AD, 0x2060,
        0xFFF9,
    ].map { Unicode.Scalar($0)! }

    /// A sample of category Cf beyond those: Arabic number sign, Mongolian vowel separator,
    /// word joiner's neighbours, interlinear annotation, musical format characters, tag cancel.
    static let formatSample: [Unicode.Scalar] = [
        0x0600, 0x180E, 0x2061, 0x2064, 0x206F, 0xFFFB, 0x110BD, 0x1D173, 0xE0001, 0xE007F,
    ]
    .map { Unicode.Scalar($0)! }

    static let controls: [Unicode.Scalar] = [0x00, 0x07, 0x1B, 0x7F, 0x85, 0x9B, 0x202E, 0x2066].map {
        Unicode.Scalar($0)!
    }

    @Test("invisible and format characters are escaped as \\u{XXXX}", arguments: invisible + formatSample)
    func invisibleEscaped(_ scalar: Unicode.Scalar) {
        #expect(scalar.properties.generalCategory == .format || Self.invisible.contains(scalar))
        #expect(VisibleText.mustEscape(scalar))
        let hex = String(scalar.value, radix: 16, uppercase: true)
        #expect(VisibleText.escaped("a\(Character(scalar))b") == "a\\u{\(hex)}b")
    }

    @Test("control characters are escaped as before: \\e, \\n, \\u{9B}", arguments: controls)
    func controlsEscaped(_ scalar: Unicode.Scalar) {
        #expect(VisibleText.mustEscape(scalar) && VisibleText.isControl(scalar))
        #expect(!VisibleText.escaped(String(Character(scalar))).unicodeScalars.contains(where: VisibleText.mustEscape))
        #expect(VisibleText.escaped("\u{1B}]0;x\u{07}\n") == "\\e]0;x\\u{7}\\n")
    }

    @Test(
        "ordinary text of any script is left as it is",
        arguments: [
            "Northwind Energy Ltd", "東京電力エナジーパートナー株式会社", "Zoe\u{0308} A\u{030A}ngstro\u{0308}m", "Ελληνική Ενέργεια",
            "شركة الطاقة",
            "Énergie – “quoted” £5 €", "tab-free\\u{200B} literal backslash",
        ])
    func ordinaryText(_ text: String) {
        #expect(VisibleText.escaped(text) == text)
        #expect(!text.unicodeScalars.contains(where: VisibleText.mustEscape))
    }

    @Test("a description names the character, its code point and, when invisible, its Unicode name")
    func describe() {
        #expect(VisibleText.describe("\u{200B}") == "the invisible character \\u{200B} (U+200B ZERO WIDTH SPACE)")
        #expect(
            VisibleText.describe("\u{E0041}")
                == "the invisible character \\u{E0041} (U+E0041 TAG LATIN CAPITAL LETTER A)")
        #expect(VisibleText.describe("\u{3164}") == "the invisible character \\u{3164} (U+3164 HANGUL FILLER)")
        #expect(VisibleText.describe("\u{1B}") == "the control character \\e (U+001B)")
        #expect(VisibleText.describe("G") == "'G' (U+0047)")
    }

    @Test(
        "JSON escapes control and invisible characters as \\uXXXX (surrogate pairs beyond the BMP) and parses back to the same text"
    )
    func json() throws {
        let text =
            "Evil\u{1B}]0;owned\u{07}\u{9B}\u{202E}" + Self.invisible.map { String($0) }.joined() + " 東京 Zoe\u{0308}"
        let serialized = JSONValue.string(text).serialized()
        #expect(
            serialized.unicodeScalars.allSatisfy {
                $0.isASCII ? $0.value >= 0x20 && $0.value < 0x7F : !VisibleText.mustEscape($0)
            })
        #expect(serialized.contains(#"\u001b]0;owned\u0007\u009b\u202e\u034f\u2028\u2029\u3164\u2800\u200b"#))
        #expect(serialized.contains(#"\ufeff\udb40\udc41\u00ad\u2060\ufff9"#))
        #expect(serialized.contains("東京 Zoe\u{0308}"), "ordinary text stays as it is")
        #expect(try JSONValue.parse(Data(serialized.utf8)) == .string(text))
    }
}
