import GRDB

/// The organisations' entry points: thin wrappers that open a transaction, check the operator's
/// permission and call `OrganisationStore` and `RangeIndex`.
extension Registry: RangeOwnershipLookup {
    /// Where a page of organisations starts or ends: a row already shown, or an end of the list.
    public enum PagePosition: Hashable, Sendable {
        case first
        case after(id: Int64, name: String)
        case before(id: Int64, name: String)
        case last
    }

    /// Validates and stores an A1 form: a new organisation, or a new version of the organisation
    /// `amending` names, made from the version it names.
    ///
    /// The operator's permission, validation against the registry, the insert and its audit event
    /// happen in one IMMEDIATE transaction, so two processes submitting conflicting forms at once
    /// cannot both succeed, and no change is ever stored without its audit event. An amendment
    /// made from a version that is no longer current is refused (`organisation.stale-version`),
    /// so of two operators amending at once, the second is told instead of overwriting the first.
    /// Throws `AccessError.notPermitted` when the operator's roles do not grant it.
    public func submit(
        _ form: OrganisationInformationForm, amending amendment: Amendment? = nil, by session: OperatorSession
    ) throws -> SubmissionResult {
        try write { db in
            try OperatorStore(db: db, rules: rules)
                .authorise(amendment == nil ? .organisationSubmit : .organisationAmend, session: session)
            return try OrganisationStore(db: db).submit(form, amending: amendment, validator: validator, by: session)
        }
    }

    /// The organisation's current version, or nil when there is no such organisation.
    public func organisation(_ id: Int64) throws(RegistryError) -> OrganisationVersion? {
        try wrap { try read { db in try OrganisationStore(db: db).current(id) } }
    }

    /// Every version of the organisation, oldest first.
    public func history(of id: Int64) throws(RegistryError) -> [OrganisationVersion] {
        try wrap { try read { db in try OrganisationStore(db: db).history(of: id) } }
    }

    /// Who stored each version of the organisation, and when, by version number.
    public func versionAuthors(of id: Int64) throws(RegistryError) -> [Int: VersionAuthor] {
        try wrap { try read { db in try OrganisationStore(db: db).versionAuthors(of: id) } }
    }

    /// How many organisations and ranges in force the registry holds.
    public func counts() throws(RegistryError) -> (organisations: Int, ranges: Int) {
        try wrap { try read { db in try OrganisationStore(db: db).counts() } }
    }

    /// One page of organisations whose current name starts with `namePrefix` (A-Z folded), in
    /// name then id order; with an empty prefix, every organisation in id order. One index seek
    /// a page (`OrganisationStore.summaries`).
    public func organisations(namePrefix: String, at position: PagePosition, limit: Int) throws(RegistryError)
        -> [OrganisationSummary]
    {
        try wrap {
            try read { db in try OrganisationStore(db: db).summaries(namePrefix: namePrefix, at: position, limit: limit)
            }
        }
    }

    /// One page of the organisations `query` finds (text anywhere in the name, company number
    /// or SEC Party identifier, or the id), in its order (`OrganisationStore.summaries(matching:)`).
    public func organisations(matching query: OrganisationQuery, at position: PagePosition, limit: Int)
        throws(RegistryError) -> [OrganisationSummary]
    {
        try wrap {
            try read { db in try OrganisationStore(db: db).summaries(matching: query, at: position, limit: limit) }
        }
    }

    /// How many organisations `query` finds.
    public func organisationCount(matching query: OrganisationQuery) throws(RegistryError) -> Int {
        try wrap { try read { db in try OrganisationStore(db: db).count(matching: query) } }
    }

    /// How many organisations' current names start with `namePrefix` (all of them when empty).
    public func organisationCount(namePrefix: String) throws(RegistryError) -> Int {
        try wrap { try read { db in try OrganisationStore(db: db).count(namePrefix: namePrefix) } }
    }

    public func conflicts(with range: IdentifierRange, excluding excluded: Int64?, limit: Int) throws
        -> [RegisteredRange]
    {
        try wrap { try read { db in try RangeIndex(db: db).conflicts(with: range, excluding: excluded, limit: limit) } }
    }

    /// The organisation's EUI-64 allocation as recorded from SECAS; empty when none is.
    public func allocation(of organisation: Int64) throws -> [IdentifierRange] {
        try wrap { try read { db in try RangeIndex(db: db).allocation(of: organisation) } }
    }

    /// Every range in force that holds the identifier, with its organisation: who owns it.
    public func owners(of identifier: EUI64) throws(RegistryError) -> [RegisteredRange] {
        try wrap { try read { db in try RangeIndex(db: db).holders(of: identifier) } }
    }

    /// The ranges in force nearest to `range` on either side that do not overlap it, with their
    /// organisations: what a range map shows as neighbours.
    public func neighbours(of range: IdentifierRange, excluding excluded: Int64?) throws(RegistryError)
        -> [RegisteredRange]
    {
        try wrap { try read { db in try RangeIndex(db: db).neighbours(of: range, excluding: excluded) } }
    }
}
