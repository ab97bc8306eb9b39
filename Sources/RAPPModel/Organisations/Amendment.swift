/// An amendment of a stored organisation: which one, and the version the amending operator
/// started from.
///
/// Storing refuses (`organisation.stale-version`) when the organisation is no longer at that
/// version, inside the transaction that would store it, so two operators amending the same
/// organisation cannot both succeed and the second cannot silently overwrite the first.
public struct Amendment: Hashable, Sendable {
    public let organisation: Int64
    /// The version the amendment was made from: the current one when it was opened.
    public let version: Int

    public init(organisation: Int64, version: Int) {
        self.organisation = organisation
        self.version = version
    }
}
