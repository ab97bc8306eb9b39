import Foundation

/// A named text format from the rules file: a pattern the whole value must match, and an example.
public struct FieldFormat: @unchecked Sendable {
    public let id: String
    public let pattern: String
    public let example: String
    // Compiled once at load and only read afterwards. NSRegularExpression (ICU) is used rather
    // than Swift's Regex because it matches these short patterns many times faster, which bulk
    // imports feel.
    let expression: NSRegularExpression

    init(id: String, pattern: String, example: String) throws {
        self.id = id
        self.pattern = pattern
        self.example = example
        self.expression = try NSRegularExpression(pattern: "^(?:" + pattern + ")$")
    }

    public func matches(_ value: String) -> Bool {
        let range = NSRange(value.startIndex..., in: value)
        return expression.rangeOfFirstMatch(in: value, options: [.anchored], range: range).location != NSNotFound
    }
}
