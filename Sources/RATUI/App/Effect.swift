import RAPPModel

/// Work an `update` asks for: reading or writing the registry, or leaving.
///
/// Updates stay pure: they return effects, and the runner (or a test) performs them and feeds
/// the outcome back as a message. Every read is index-based and paged.
public enum Effect: Hashable, Sendable {
    case query(Query)
    /// Validate and store the form in one transaction (a new organisation, or an amendment), as
    /// the signed-in operator.
    case submit(OrganisationInformationForm, amending: Int64?)
    /// Check a name and passphrase; the outcome comes back as `AppMessage.signedIn`.
    case signIn(name: String, passphrase: String)
    /// Create the first ra-manager in a registry with no operators, and sign them in.
    case bootstrap(name: String, passphrase: String)
    /// Repaint every cell (Ctrl-L): the terminal may have been scribbled on.
    case redraw
    case quit
}

/// A registry read and what it asks for.
public enum Query: Hashable, Sendable {
    case counts
    case organisations(OrganisationPageRequest)
    case history(organisation: Int64)
    case whois(EUI64)
    /// The whole form checked against the rules and the registry, with the ranges near its own
    /// (for the range map).
    case check(OrganisationInformationForm, amending: Int64?)
    /// Registered ranges of other organisations overlapping or next to these (for a range map).
    case nearby([IdentifierRange], excluding: Int64?)
    /// A page of the audit trail, as the signed-in operator.
    case audit(AuditPageRequest)
}

/// One page of the audit trail: the first, the last, or the page after or before an event.
public struct AuditPageRequest: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case first
        case last
        case after(Int64)
        case before(Int64)
    }

    public var filter: AuditFilter
    public var direction: Direction
    public var limit: Int

    public init(filter: AuditFilter, direction: Direction, limit: Int) {
        self.filter = filter
        self.direction = direction
        self.limit = limit
    }
}

/// One page of the organisation list: after or before a position, optionally by name prefix.
public struct OrganisationPageRequest: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        /// The first page.
        case first
        /// The page after this row.
        case after(OrganisationSummary)
        /// The page before this row.
        case before(OrganisationSummary)
        /// The last page.
        case last
    }

    public var namePrefix: String
    public var direction: Direction
    public var limit: Int

    public init(namePrefix: String, direction: Direction, limit: Int) {
        self.namePrefix = namePrefix
        self.direction = direction
        self.limit = limit
    }
}
