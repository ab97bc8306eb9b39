/// Who stored a version of an organisation, and when, as its audit event records it.
public struct VersionAuthor: Hashable, Sendable {
    /// Nil only for an event that named nobody (never for a stored version).
    public let operatorName: String?
    public let at: String

    public init(operatorName: String?, at: String) {
        self.operatorName = operatorName
        self.at = at
    }
}
