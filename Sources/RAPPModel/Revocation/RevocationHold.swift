/// An SMKI PMA direction under SEC Section L16 (Supplier of Last Resort): a hold that delays the
/// revocation of an organisation's certificates, or the later decision that releases it.
///
/// The power is the PMA's as a body, so a direction records the PMA's decision reference and the
/// date of that decision, not one member's say-so; the operator who recorded it is kept beside it.
public struct RevocationDirection: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case hold
        case release
    }

    public let organisationID: Int64
    /// 1 for the organisation's first direction; holds are odd, their releases even.
    public let sequence: Int
    public let kind: Kind
    /// The PMA's decision reference, as recorded (printable, at most `maximumDecisionLength`).
    public let decision: String
    /// The date of the PMA's decision, YYYY-MM-DD.
    public let decidedOn: String
    public let recordedAt: String
    public let recordedBy: String

    /// The longest decision reference accepted (the table's CHECK says the same).
    public static let maximumDecisionLength = 200
}

/// An organisation's L16 directions, oldest first, and the hold in force (its last direction,
/// when that is a hold).
public struct RevocationHolds: Hashable, Sendable {
    public let organisationID: Int64
    public let directions: [RevocationDirection]

    public init(organisationID: Int64, directions: [RevocationDirection]) {
        self.organisationID = organisationID
        self.directions = directions
    }

    /// The hold in force, or nil.
    public var inForce: RevocationDirection? {
        directions.last.flatMap { $0.kind == .hold ? $0 : nil }
    }

    /// What every front end shows of the hold in force, short enough for a banner on one
    /// 80-column row with a usual reference, the reference escaped; nil without one.
    public var banner: String? {
        inForce.map {
            "Revocation held (SEC L16): SMKI PMA decision \(VisibleText.quoted($0.decision, limit: RevocationDirection.maximumDecisionLength)) of \($0.decidedOn)"
        }
    }
}
