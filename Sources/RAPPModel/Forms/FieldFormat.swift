import Foundation

/// A named text format from the rules file: a pattern the whole value must match, and an example.
public struct FieldFormat: @unchecked Sendable {
    public let id: String
    public let pattern: String
    public let example: String
    /// How values are matched, chosen once when the rules are loaded.
    private let engine: Engine

    private enum Engine {
        /// The usual shapes (literals, sets, groups, quantifiers), matched natively: see
        /// `PatternMatcher`, proven to agree with ICU by `PatternMatcherTests`.
        case native(PatternMatcher)
        /// Anything else, through ICU; only read after it is compiled.
        case icu(NSRegularExpression)
    }

    init(id: String, pattern: String, example: String) throws {
        self.id = id
        self.pattern = pattern
        self.example = example
        if let matcher = PatternMatcher(pattern) {
            engine = .native(matcher)
        } else {
            // The pattern must be whole on its own, so that one such as `a)|(b` cannot step
            // outside the anchors around it; `\z` is the very end (`$` also allows a final newline).
            _ = try NSRegularExpression(pattern: pattern)
            engine = .icu(try NSRegularExpression(pattern: "^(?:" + pattern + ")\\z"))
        }
    }

    /// Whether the pattern is matched without ICU (every built-in format is).
    var isNative: Bool {
        if case .native = engine { return true }
        return false
    }

    /// Whether the whole of `value` matches the pattern.
    public func matches(_ value: String) -> Bool {
        switch engine {
        case .native(let matcher):
            return matcher.matches(value)
        case .icu(let expression):
            let range = NSRange(value.startIndex..., in: value)
            return expression.rangeOfFirstMatch(in: value, options: [.anchored], range: range).location != NSNotFound
        }
    }
}
