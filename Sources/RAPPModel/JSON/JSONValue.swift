import Foundation

/// A parsed JSON document, kept as plain values so that every reader can report problems by path.
///
/// Form files come from people and scripts; decoding them straight into Swift types would stop at
/// the first problem and say little about where it was. Walking a `JSONValue` lets the readers
/// name each unknown key, missing key and wrong type with its path.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text, or throws a `form.syntax` issue that says why it is not JSON.
    public static func parse(_ data: Data) throws(ValidationIssue) -> JSONValue {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw ValidationIssue(.formSyntax, "The file is not valid UTF-8 text.")
        }
        do {
            return try JSONParser.parse(data)
        } catch {
            throw ValidationIssue(
                .formSyntax, "The file is not valid JSON: \(error.message) (at byte \(error.offset + 1)).")
        }
    }

    /// The JSON type's name, for messages such as "expected a string, found a number".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
