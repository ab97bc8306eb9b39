/// One version of a registry's policy: its files, parsed, and who put it in force when.
public struct StoredPolicy: Sendable {
    public let version: Int64
    /// `PolicyFiles.hash` of the files, as stored; checked against the files when read.
    public let hash: String
    public let appliedAt: String
    /// The operator who applied it; nil for the policy stored at creation or migration.
    public let appliedBy: String?
    /// Where its files came from: "built-in", or a folder's path.
    public let origin: String
    public let library: FormLibrary
}
