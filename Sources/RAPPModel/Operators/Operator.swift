/// A person who signs in to ratui: an RA Manager, RA Personnel, PMA Member or auditor.
public struct Operator: Hashable, Sendable {
    public let id: Int64
    public let name: String
    public let roles: [String]
    public let isDisabled: Bool
    /// Set while the account is locked after too many wrong passphrases.
    public let lockedUntil: String?
    public let createdAt: String
    /// When the account was revoked (RAPP 8.3.4): a state of its own, never undone.
    public var revokedAt: String? = nil
    /// Where notifications to this operator as a requester or subject go (schema 15); nil: none
    /// known, they are for delivery by hand.
    public var email: String? = nil

    public var isRevoked: Bool { revokedAt != nil }
}
