import Testing
@testable import RATUI

@Suite struct ThemeTests {
    @Test func plainWinsThenMonoOrNoColour() {
        #expect(Theme.choose(plain: false, mono: false, environment: [:]) == .standard)
        #expect(Theme.choose(plain: false, mono: false, environment: ["NO_COLOR": ""]) == .monochrome)
        #expect(Theme.choose(plain: false, mono: true, environment: [:]) == .monochrome)
        #expect(Theme.choose(plain: true, mono: true, environment: ["NO_COLOR": "1"]) == .plain)
        #expect(Theme.plain.box == .ascii)
        #expect(!Theme.monochrome.usesColour)
    }
}
