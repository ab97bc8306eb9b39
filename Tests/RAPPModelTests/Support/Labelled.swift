import Testing

/// A test argument shown by a short label: hostile inputs can be megabytes long, and a test run
/// that prints them whole is unreadable.
struct Labelled<Value: Sendable>: Sendable, CustomTestStringConvertible {
    let label: String
    let value: Value

    init(_ label: String, _ value: Value) {
        self.label = label
        self.value = value
    }

    var testDescription: String { label }
}
