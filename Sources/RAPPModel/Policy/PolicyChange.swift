import Foundation

/// One difference between two policies: a file, a place in it (a JSON Pointer, RFC 6901), and
/// the value before and after (nil where there was none).
///
/// JSON files are compared as data, so reformatting a file changes nothing; a change is reported
/// at the deepest place it happens (`rules.json` `/checks/range.spans-oui/severity`), which is
/// what a second ra-manager has to judge, templates included. A file that is not JSON is compared whole.
public struct PolicyChange: Hashable, Sendable {
    public let file: String
    public let pointer: String
    public let old: JSONValue?
    public let new: JSONValue?

    public init(file: String, pointer: String, old: JSONValue?, new: JSONValue?) {
        self.file = file
        self.pointer = pointer
        self.old = old
        self.new = new
    }

    /// The changes that turn the files `old` into the files `new`, by file path, then place.
    public static func between(_ old: [String: Data], _ new: [String: Data]) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for file in Set(old.keys).union(new.keys).sorted() {
            let before = old[file].map { content(file: file, $0) }
            let after = new[file].map { content(file: file, $0) }
            compare(before, after, file: file, pointer: "", into: &changes)
        }
        return changes
    }

    /// A file's content as a value: parsed JSON, or the text of any other file.
    private static func content(file: String, _ data: Data) -> JSONValue {
        if file.hasSuffix(".json"), let value = try? JSONValue.parse(data) { return value }
        return .string(String(decoding: data, as: UTF8.self))
    }

    private static func compare(
        _ old: JSONValue?, _ new: JSONValue?, file: String, pointer: String, into changes: inout [PolicyChange]
    ) {
        if old == new { return }
        switch (old, new) {
        case (.object(let before)?, .object(let after)?):
            for key in Set(before.keys).union(after.keys).sorted() {
                compare(before[key], after[key], file: file, pointer: pointer + "/" + escape(key), into: &changes)
            }
        case (.array(let before)?, .array(let after)?):
            for index in 0..<max(before.count, after.count) {
                compare(
                    before.indices.contains(index) ? before[index] : nil,
                    after.indices.contains(index) ? after[index] : nil,
                    file: file, pointer: pointer + "/\(index)", into: &changes)
            }
        default:
            changes.append(PolicyChange(file: file, pointer: pointer, old: old, new: new))
        }
    }

    /// A key as a JSON Pointer token: `~` as `~0`, `/` as `~1`.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The change as JSON: `{"file", "pointer", "old", "new"}`, without "old" or "new" where
    /// there was no value.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["file": .string(file), "pointer": .string(pointer)]
        if let old { object["old"] = old }
        if let new { object["new"] = new }
        return .object(object)
    }
}
