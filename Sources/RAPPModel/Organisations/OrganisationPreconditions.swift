/// What an organisation must have before credentials are issued for it: its EUI-64 allocation
/// from SECAS, and its passed SMKI and Repository Entry Process Tests, each with who recorded it
/// and when.
public struct OrganisationPreconditions: Hashable, Sendable {
    public struct Allocation: Hashable, Sendable {
        public let version: Int
        public let ranges: [IdentifierRange]
        public let recordedAt: String
        public let recordedBy: String
    }

    public struct EntryTests: Hashable, Sendable {
        /// The date the tests were passed, YYYY-MM-DD.
        public let passedOn: String
        public let reference: String
        public let recordedAt: String
        public let recordedBy: String
    }

    public let organisationID: Int64
    /// Nil while none is recorded: the organisation's A1 ranges are then not checked against one.
    public let allocation: Allocation?
    /// Nil until recorded: ARO nominations for the organisation cannot be approved.
    public let entryTests: EntryTests?
    /// The organisation's current A1 ranges outside its allocation, at the rules file's severity.
    public let outsideAllocation: [ValidationIssue]
}
