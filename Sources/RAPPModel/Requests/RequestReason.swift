/// A reason a request may be rejected for, from the rules file's `requestReasons`: a code that
/// scripts and reports can count, and its words.
public struct RequestReason: Hashable, Sendable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
