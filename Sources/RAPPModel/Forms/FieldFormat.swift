/// A named text format from the rules file: a pattern the whole value must match, and an example.
public struct FieldFormat: @unchecked Sendable {
    public let id: String
    public let pattern: String
    public let example: String
    // Regex is not Sendable; it is compiled once at load and only read afterwards.
    let regex: Regex<AnyRegexOutput>

    public func matches(_ value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }
}
