extension IssueCode {
    /// The PMA decision reference of an L16 direction is missing, too long or not printable.
    public static let solrDecision: IssueCode = "solr.decision"
    /// The date of an L16 direction is not a real YYYY-MM-DD date, is in the future, or is a
    /// release dated before its hold.
    public static let solrDate: IssueCode = "solr.date"
}

/// Why an L16 (Supplier of Last Resort) direction was refused, or why a revocation step waits
/// for one: the organisation's revocation is held.
public enum RevocationHoldError: CodedError, Hashable {
    /// A hold is recorded while one is in force for the organisation.
    case alreadyHeld(organisation: Int64, decision: String, decidedOn: String)
    /// A release is recorded for an organisation with no hold in force.
    case notHeld(organisation: Int64)
    /// A step of a revocation request covering a held organisation: it waits, as it is, until the
    /// PMA's release decision.
    case held(request: Int64, organisation: Int64, decision: String, decidedOn: String)

    public var description: String {
        switch self {
        case .alreadyHeld(let organisation, let decision, let date):
            "Organisation \(organisation)'s revocation is already held by SMKI PMA decision \(VisibleText.quoted(decision, limit: RevocationDirection.maximumDecisionLength)) of \(date): record its release before another hold."
        case .notHeld(let organisation):
            "Organisation \(organisation)'s revocation is not held: there is no SMKI PMA hold to release."
        case .held(let request, let organisation, let decision, let date):
            "Request \(request) is held: SMKI PMA decision \(VisibleText.quoted(decision, limit: RevocationDirection.maximumDecisionLength)) of \(date) delays revocation of organisation \(organisation)'s certificates (SEC L16, Supplier of Last Resort). It goes on from this step once the PMA's release decision is recorded (org solr-release)."
        }
    }

    /// The code of `held`, for front ends that mark a request held.
    public static let heldCode = "revocation.held"

    public var code: String {
        switch self {
        case .alreadyHeld: "solr.already-held"
        case .notHeld: "solr.not-held"
        case .held: Self.heldCode
        }
    }

    public var exitStatus: ExitStatus { .invalidData }
}
