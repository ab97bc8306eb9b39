import Foundation
import PropertyBased
import Testing

@testable import RAPPModel

/// The native matcher of field formats answers exactly as ICU (`NSRegularExpression`) does.
@Suite("Field format patterns")
struct PatternMatcherTests {
    /// ICU's answer for the whole value, anchored at both ends as `FieldFormat`'s fallback is.
    static func icuMatches(_ pattern: String, _ value: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: "^(?:" + pattern + ")\\z")
        let range = NSRange(value.startIndex..., in: value)
        return expression.rangeOfFirstMatch(in: value, options: [.anchored], range: range).location != NSNotFound
    }

    /// Values made of these meet every case the subset distinguishes: the literals random
    /// patterns use, every White_Space and line-terminator scalar, controls, escapes, invisible
    /// and combining characters, a scalar outside the BMP (two UTF-16 units for ICU).
    static let alphabet: [String] = [
        "a", "a", "b", "b", "c", "-", "-", " ", " ", "@", ".", ":", "0", "9", "Z", "(", ")", "[", "]", "\\", "^", "|",
        "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
        "\u{200B}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{0}", "\u{1B}", "\u{7F}", "é",
        "e\u{301}", "\u{1F600}", "\u{10FFFF}", "\u{FFFD}", "ａ",
    ]

    /// Literals random patterns use, as pattern text.
    static let literals = [
        "a", "b", "c", "-", " ", "@", "0", "Z", "\\.", "\\-", "\\(", "\\\\", "\\^", "\\|", "é", "\u{1F600}",
    ]

    /// A random pattern of the native subset, from `random`.
    static func pattern(depth: Int, _ random: inout some RandomNumberGenerator) -> String {
        var result = ""
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            var atom: String
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                atom = literals.randomElement(using: &random)!
            case 4:
                atom = [".", "\\s", "\\S", "\\t", "\\n"].randomElement(using: &random)!
            case 5..<8:
                atom = set(&random)
            default:
                if depth > 0 {
                    let branches = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                        Bool.random(using: &random) && depth > 1 ? "" : pattern(depth: depth - 1, &random)
                    }
                    atom = (Bool.random(using: &random) ? "(" : "(?:") + branches.joined(separator: "|") + ")"
                } else {
                    atom = literals.randomElement(using: &random)!
                }
            }
            switch Int.random(in: 0..<10, using: &random) {
            case 0: atom += "?"
            case 1: atom += "*"
            case 2: atom += "+"
            case 3: atom += "{\(Int.random(in: 0...3, using: &random))}"
            case 4: atom += "{\(Int.random(in: 0...2, using: &random)),}"
            case 5:
                let low = Int.random(in: 0...2, using: &random)
                atom += "{\(low),\(low + Int.random(in: 0...3, using: &random))}"
            default: break
            }
            result += atom
        }
        return result
    }

    static func set(_ random: inout some RandomNumberGenerator) -> String {
        let members = [
            "a", "b", "z", "0", "9", " ", "@", ".", ":", "(", ")", "\\s", "\\]", "\\\\", "\\-", "é", "\u{1F600}", "a-c",
            "0-9", "A-Z", " -@", "\u{2000}-\u{3000}",
        ]
        var text = Bool.random(using: &random) ? "[^" : "["
        if Int.random(in: 0..<4, using: &random) == 0 { text += "-" }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let member = members.randomElement(using: &random)!
            // `[:` opens an ICU property such as `[:alpha:]`, outside the subset.
            text += member == ":" && text.hasSuffix("[") || member == ":" && text.hasSuffix("[^") ? "a" : member
        }
        if Int.random(in: 0..<4, using: &random) == 0 { text += "-" }
        return text + "]"
    }

    @Test("random patterns of the subset compile natively and match exactly as ICU on random values")
    func agreesWithICU() async {
        var matched = 0
        var compared = 0
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed)
            let pattern = Self.pattern(depth: 2, &random)
            guard let matcher = PatternMatcher(pattern) else {
                Issue.record("\(pattern.debugDescription) is in the subset but was not compiled natively")
                return
            }
            for _ in 0..<60 {
                let value = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                    Self.alphabet.randomElement(using: &random)!
                }.joined()
                let expected: Bool
                do {
                    expected = try Self.icuMatches(pattern, value)
                } catch {
                    Issue.record("ICU refuses \(pattern.debugDescription), which the native matcher accepted: \(error)")
                    return
                }
                #expect(
                    matcher.matches(value) == expected,
                    "pattern \(pattern.debugDescription), value \(value.debugDescription)")
                compared += 1
                if expected { matched += 1 }
            }
        }
        // Not a test of "never matches": a good share of the values match.
        #expect(matched * 20 > compared)
    }

    @Test("the deterministic automaton answers as the simulated one on random patterns and values")
    func deterministicAgreesWithSimulation() async {
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed)
            let pattern = Self.pattern(depth: 2, &random)
            guard let matcher = PatternMatcher(pattern) else {
                Issue.record("\(pattern.debugDescription) is in the subset but was not compiled natively")
                return
            }
            guard let automaton = PatternMatcher.Deterministic(matcher) else { return }
            for _ in 0..<60 {
                let value = (0..<Int.random(in: 0...8, using: &random)).map { _ in
                    Self.alphabet.randomElement(using: &random)!
                }.joined()
                #expect(
                    automaton.matches(value) == matcher.matchesBySimulation(value),
                    "pattern \(pattern.debugDescription), value \(value.debugDescription)")
            }
        }
    }

    @Test("a pattern whose deterministic automaton would be too large is still matched, by simulation")
    func tooLargeToDeterminise() throws {
        // The 13th scalar from the end is an `a`: 2^13 deterministic states.
        let pattern = "(a|b)*a(a|b){12}"
        let matcher = try #require(PatternMatcher(pattern))
        #expect(PatternMatcher.Deterministic(matcher) == nil)
        var random = SplitMix(seed: 13)
        for _ in 0..<200 {
            let value = (0..<Int.random(in: 0...20, using: &random)).map { _ in Bool.random(using: &random) ? "a" : "b"
            }
            .joined()
            #expect(matcher.matches(value) == (try Self.icuMatches(pattern, value)), "\(value)")
        }
    }

    static let builtInFormats: [FieldFormat] = try! Array(FormLibrary.builtIn().rules.formats.values).sorted {
        $0.id < $1.id
    }

    @Test("every built-in format is matched natively, by a deterministic automaton")
    func builtInIsNative() throws {
        #expect(!Self.builtInFormats.isEmpty)
        for format in Self.builtInFormats {
            #expect(format.isNative, "\(format.id)")
            let matcher = try #require(PatternMatcher(format.pattern))
            #expect(PatternMatcher.Deterministic(matcher) != nil, "\(format.id)")
        }
    }

    @Test("the built-in formats agree with ICU on their examples, near misses and hostile values")
    func builtInAgainstHostileValues() throws {
        var values = [
            "", " ", "name@example.org", "a@b.c", "a@@b.c", "a@b", "a b@c.d", "a@b.c\n", "a@b.c\u{2028}", "a\u{A0}@b.c",
            "a\u{85}@b.c", "\u{1F600}@\u{1F600}.\u{1F600}", "+44 20 7946 0000", "+44 (20) 7946-0000",
            "++44 20 7946 0000",
            "123456", "123456789012345678901", "12345678", "SC123456", "sc123456", "SC1234567", "１２３４５６７８",
            "4F:2A:91:0C", "4F2A910C", "4F 2A 91 0C", "4F::2A", "4F:2A:", "4", String(repeating: "AB", count: 40),
            String(repeating: "AB", count: 41), String(repeating: "AB:", count: 39) + "AB",
            "12345678\n", "12345678\r\n", "\n12345678", "1234\u{0}5678", "\u{1B}[31m12345678", "1234567\u{301}8",
            String(repeating: "a", count: 10_000) + "@b.c", String(repeating: "@", count: 10_000),
            String(repeating: "9", count: 10_000),
        ]
        var random = SplitMix(seed: 18)
        for _ in 0..<2_000 {
            values.append(
                (0..<Int.random(in: 1...24, using: &random)).map { _ in
                    (Self.alphabet + ["4", "F", ":", "+", "S", "C", "1", "2"]).randomElement(using: &random)!
                }.joined())
        }
        for format in Self.builtInFormats {
            for value in values {
                #expect(
                    format.matches(value) == (try Self.icuMatches(format.pattern, value)),
                    "\(format.id): \(value.prefix(40).debugDescription)")
            }
        }
    }

    @Test(
        "syntax outside the subset is left to ICU, which still matches it",
        arguments: [
            (#"\d{3}"#, "123", true), (#"(?i)abc"#, "ABC", true), ("a*?b", "aab", true), ("^a$", "a", true),
            (#"[[a-z]&&[^e]]+"#, "abd", true), (#"\p{L}+"#, "éa", true), (#"(a)\1"#, "aa", true),
            (#"\w+"#, "ab_1", true),
            ("a++", "aa", true), ("[a-z--[e]]", "e", false), (#"a\b"#, "a", true),
        ] as [(String, String, Bool)])
    func fallback(_ example: (String, String, Bool)) throws {
        let (pattern, value, expected) = example
        #expect(PatternMatcher(pattern) == nil)
        let format = try FieldFormat(id: "x", pattern: pattern, example: "")
        #expect(!format.isNative)
        #expect(format.matches(value) == expected)
    }

    @Test("a pattern cannot escape its anchors, and a final newline is not the end")
    func anchoring() throws {
        #expect(throws: (any Error).self) { try FieldFormat(id: "x", pattern: "a)|(b", example: "") }
        for pattern in [#"\d+"#, "[0-9]+"] {
            let format = try FieldFormat(id: "x", pattern: pattern, example: "")
            #expect(format.matches("123"))
            #expect(!format.matches("123\n"))
            #expect(!format.matches("123\r\n"))
            #expect(!format.matches("x123"))
        }
    }

    @Test(
        "huge repetitions and malformed syntax are refused or left to ICU, never crash",
        arguments: [
            "a{1001}", "(a{1000}){1000}", "a{2,1}", "[z-a]", "[]", "[^]", "(", ")", "a|(", "[a", "*a", "a**", "\\",
            "[a-\\s]", "a{,3}", "[:alpha:]", "[:a]b:]", String(repeating: "(", count: 100),
        ])
    func refusals(_ pattern: String) {
        #expect(PatternMatcher(pattern) == nil)
    }
}

/// A small seeded generator, so each property case's pattern and values follow from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
