import Foundation

/// Organisations' preconditions: recording the EUI-64 allocation from SECAS and the passed entry
/// tests (`organisation.preconditions`), each audited in its transaction, and reading them.
extension Registry {
    /// The organisation's preconditions as recorded, with any current A1 range outside its
    /// allocation. Throws `RequestError.unknownOrganisation` for an organisation not registered.
    public func preconditions(of organisation: Int64) throws -> OrganisationPreconditions {
        try read { db in
            try OrganisationStore(db: db).requireRegistered(organisation)
            return try PreconditionStore(db: db).preconditions(of: organisation, validator: validator)
        }
    }

    /// Records the organisation's allocation (one or more ranges), replacing the one recorded
    /// before. It is recorded whatever the organisation's A1 ranges are: it is SECAS's fact, not
    /// the RA's; ranges outside it come back in `outsideAllocation`, and amendments are checked
    /// against it (`range.outside-allocation`).
    public func recordAllocation(
        _ ranges: [IdentifierRange], of organisation: Int64, by session: OperatorSession, now: Date = Date()
    ) throws -> OrganisationPreconditions {
        guard !ranges.isEmpty else {
            throw ValidationIssue(.fieldRequired, "Give at least one range of the allocation.", field: "allocation")
        }
        guard ranges.count <= PreconditionStore.maximumAllocationRanges else {
            throw ValidationIssue(
                .fieldCount, "An allocation holds at most \(PreconditionStore.maximumAllocationRanges) ranges.",
                field: "allocation")
        }
        let time = Timestamp.format(now)
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.organisationPreconditions, session: session)
            try OrganisationStore(db: db).requireRegistered(organisation)
            let store = PreconditionStore(db: db)
            let before = try store.preconditions(of: organisation, validator: validator).allocation
            let version = try store.recordAllocation(ranges, of: organisation, by: session.operatorID, at: time)
            let after = try store.preconditions(of: organisation, validator: validator)
            func json(_ ranges: [IdentifierRange]?) -> JSONValue {
                ranges.map {
                    .array(
                        $0.map { .object(["first": .string($0.first.canonical), "last": .string($0.last.canonical)]) })
                } ?? .null
            }
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .organisationAllocationRecorded,
                record: "organisation/\(organisation)",
                details: .object([
                    "version": JSONValue(version), "before": json(before?.ranges),
                    "after": json(after.allocation?.ranges),
                    "outsideAllocation": .array(after.outsideAllocation.map { .string($0.message) }),
                ]),
                states: [PreconditionStore.record(organisation): try store.state(of: organisation) ?? .null], at: time)
            return after
        }
    }

    /// Records that the organisation passed the SMKI and Repository Entry Process Tests on
    /// `passedOn` (YYYY-MM-DD), with the result's reference; a later record supersedes it.
    public func recordEntryTests(
        of organisation: Int64, passedOn: String, reference: String, by session: OperatorSession, now: Date = Date()
    ) throws -> OrganisationPreconditions {
        let reference = reference.trimmingWhiteSpace()
        let field = FieldDefinition(
            id: "reference", label: "The entry tests' reference", type: .text, isRequired: true,
            maxLength: PreconditionStore.maximumReferenceLength)
        if let issue = FormValidator.textIssues(reference, field: field, path: "reference", rules: rules).first {
            throw issue
        }
        let date = FieldDefinition(
            id: "passed", label: "The date the entry tests were passed", type: .date, isRequired: true, maxLength: 10)
        if let issue = FormValidator.textIssues(
            passedOn.trimmingWhiteSpace(), field: date, path: "passed", rules: rules
        ).first {
            throw issue
        }
        let time = Timestamp.format(now)
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.organisationPreconditions, session: session)
            try OrganisationStore(db: db).requireRegistered(organisation)
            let store = PreconditionStore(db: db)
            let before = try store.currentEntryTests(of: organisation)
            try store.recordEntryTests(
                of: organisation, passedOn: passedOn.trimmingWhiteSpace(), reference: reference, by: session.operatorID,
                at: time)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .organisationEntryTestsRecorded,
                record: "organisation/\(organisation)",
                details: .object([
                    "before": before.map {
                        .object(["passedOn": .string($0.passedOn), "reference": .string($0.reference)])
                    } ?? .null,
                    "after": .object([
                        "passedOn": .string(passedOn.trimmingWhiteSpace()), "reference": .string(reference),
                    ]),
                ]),
                states: [PreconditionStore.record(organisation): try store.state(of: organisation) ?? .null], at: time)
            return try store.preconditions(of: organisation, validator: validator)
        }
    }
}
