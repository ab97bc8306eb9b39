import Testing

@testable import RATUI

@Suite struct ThemeTests {
    static let utf8: [String: String] = ["LANG": "en_GB.UTF-8", "TERM": "xterm-256color"]

    @Test func plainWinsThenMonoOrNoColour() {
        #expect(Theme.choose(plain: false, mono: false, environment: Self.utf8) == .standard)
        #expect(
            Theme.choose(plain: false, mono: false, environment: Self.utf8.merging(["NO_COLOR": ""]) { $1 })
                == .monochrome)
        #expect(Theme.choose(plain: false, mono: true, environment: Self.utf8) == .monochrome)
        #expect(Theme.choose(plain: true, mono: true, environment: ["NO_COLOR": "1"]) == .plain)
        #expect(Theme.plain.box == .ascii)
        #expect(!Theme.monochrome.usesColour)
    }

    @Test func aTerminalWithoutUTF8GetsPlainDrawingByItself() {
        for environment in [
            ["LANG": "C", "TERM": "xterm-256color"],
            ["TERM": "xterm-256color"],
            ["LANG": "en_GB.ISO-8859-1", "TERM": "xterm"],
            ["LANG": "en_GB.UTF-8", "LC_ALL": "C", "TERM": "xterm"],
            ["LANG": "C.UTF-8", "TERM": "vt100"],
            ["LANG": "C.UTF-8", "TERM": "vt220"],
            ["LANG": "C.UTF-8", "TERM": "dumb"],
        ] {
            #expect(Theme.choose(plain: false, mono: false, environment: environment) == .plain, "\(environment)")
        }
        #expect(
            Theme.choose(
                plain: false, mono: false, environment: ["LC_ALL": "", "LC_CTYPE": "C.utf8", "TERM": "screen"])
                == .standard)
    }
}
