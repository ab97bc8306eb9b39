/// Reads typed values out of a `JSONValue`, collecting every problem with its path.
///
/// Readers keep going after a problem, so one pass reports all of them: a person fixing a form
/// file sees the whole list at once.
public struct JSONReader {
    public private(set) var issues: [ValidationIssue] = []

    public init() {}

    /// Reports a problem at a path written as text while walking the document.
    public mutating func report(_ code: IssueCode, _ message: String, at path: String) {
        report(code, message, at: FieldPath(parsing: path))
    }

    public mutating func report(_ code: IssueCode, _ message: String, at path: FieldPath) {
        issues.append(ValidationIssue(code, message, field: path))
    }

    /// The value as an object whose keys are all in `allowed` (any keys when nil); unknown keys
    /// are reported.
    ///
    /// Paths are taken as autoclosures here and below: they are written out only for a problem,
    /// and an import reads every field of tens of thousands of forms without one.
    public mutating func object(_ value: JSONValue?, at path: @autoclosure () -> String, allowed: Set<String>?)
        -> [String: JSONValue]?
    {
        guard let value else { return nil }
        guard case .object(let object) = value else {
            report(.formType, "\(label(path())) must be an object, not \(value.typeName).", at: path())
            return nil
        }
        // Sorting is only needed to report unknown keys in a stable order, so only when there are some.
        guard let allowed, object.keys.contains(where: { !allowed.contains($0) }) else { return object }
        let path = path()
        for key in object.keys.sorted() where !allowed.contains(key) {
            // The key is the document's, not ours: appended whole, whatever it holds.
            let keyPath = FieldPath(parsing: path).appending(key: key)
            report(
                .formUnknownKey,
                "\(VisibleText.quoted(key)) is not a known key here\(path.isEmpty ? "" : " (in \(path))").", at: keyPath
            )
        }
        return object
    }

    public mutating func array(_ value: JSONValue?, at path: @autoclosure () -> String) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let array) = value else {
            report(.formType, "\(label(path())) must be an array, not \(value.typeName).", at: path())
            return nil
        }
        return array
    }

    public mutating func string(_ value: JSONValue?, at path: @autoclosure () -> String) -> String? {
        guard let value else { return nil }
        guard case .string(let string) = value else {
            report(.formType, "\(label(path())) must be a string, not \(value.typeName).", at: path())
            return nil
        }
        return string
    }

    public mutating func bool(_ value: JSONValue?, at path: @autoclosure () -> String) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let bool) = value else {
            report(.formType, "\(label(path())) must be true or false, not \(value.typeName).", at: path())
            return nil
        }
        return bool
    }

    /// A whole number within `range`.
    public mutating func integer(_ value: JSONValue?, at path: @autoclosure () -> String, in range: ClosedRange<Int>)
        -> Int?
    {
        guard let value else { return nil }
        guard case .number(let number) = value, number.rounded() == number,
            number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else {
            report(
                .formType, "\(label(path())) must be a whole number from \(range.lowerBound) to \(range.upperBound).",
                at: path())
            return nil
        }
        return Int(number)
    }

    /// Reports a missing key and returns nil, or returns the value.
    public mutating func required(_ object: [String: JSONValue], _ key: String, at path: @autoclosure () -> String)
        -> JSONValue?
    {
        guard let value = object[key] else {
            let path = join(path(), key)
            report(.formMissingKey, "\(label(path)) is missing.", at: path)
            return nil
        }
        return value
    }

    public func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    private func label(_ path: String) -> String {
        path.isEmpty ? "The document" : "'\(VisibleText.escaped(path))'"
    }
}
