/// Where in a form, or in any JSON document ratui reads, an issue points: keys and row numbers,
/// written `userRoleRanges[2].first`.
///
/// Typed, so a screen finds the field an issue belongs to by comparing paths, never by taking
/// the text apart again. The text form is what the command line and JSON output show.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component]) { self.components = components }

    /// The whole document.
    public static let root = FieldPath([])

    /// The path of one key at the top of the document.
    public static func key(_ key: String) -> FieldPath { FieldPath([.key(key)]) }

    /// This path followed by a key.
    public func appending(key: String) -> FieldPath { FieldPath(components + [.key(key)]) }

    /// This path followed by a row number.
    public func appending(index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    /// True when this path is `other` or lies inside it: `a[1].b` is within `a[1]` and `a`.
    public func isWithin(_ other: FieldPath) -> Bool {
        components.count >= other.components.count
            && Array(components.prefix(other.components.count)) == other.components
    }

    /// The row number just inside `table`: 2 for `userRoleRanges[2].first` in `userRoleRanges`.
    public func index(within table: FieldPath) -> Int? {
        guard isWithin(table), components.count > table.components.count,
            case .index(let index) = components[table.components.count]
        else { return nil }
        return index
    }

    /// The last key of the path: `first` for `userRoleRanges[2].first`.
    public var lastKey: String? {
        guard case .key(let key)? = components.last else { return nil }
        return key
    }

    /// Reads the text form: keys separated by `.`, row numbers in brackets.
    ///
    /// For paths written as text while walking a document (the JSON reader's). A key that itself
    /// holds `.` or `[` is best appended with `appending(key:)`, which keeps it whole.
    public init(parsing text: String) {
        var components: [Component] = []
        var key = ""
        var pendingKey = false
        var characters = text[...]
        while let character = characters.first {
            if character == "." {
                components.append(.key(key))
                key = ""
                pendingKey = true
                characters = characters.dropFirst()
            } else if character == "[", let close = characters.firstIndex(of: "]"),
                case let digits = characters[characters.index(after: characters.startIndex)..<close],
                !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let index = Int(digits)
            {
                if !key.isEmpty || pendingKey { components.append(.key(key)) }
                key = ""
                pendingKey = false
                components.append(.index(index))
                characters = characters[characters.index(after: close)...]
                if characters.first == "." {
                    characters = characters.dropFirst()
                    pendingKey = true
                }
            } else {
                key.append(character)
                pendingKey = true
                characters = characters.dropFirst()
            }
        }
        if pendingKey { components.append(.key(key)) }
        self.components = components
    }

    public init(stringLiteral value: String) { self.init(parsing: value) }

    public var description: String {
        var text = ""
        for (position, component) in components.enumerated() {
            switch component {
            case .key(let key): text += position == 0 ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
