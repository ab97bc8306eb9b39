extension OrganisationPreconditions {
    /// The preconditions as `org allocation`, `org entry-tests` and `org preconditions` print them.
    public var jsonValue: JSONValue {
        .object([
            "organisation": JSONValue(organisationID),
            "allocation": allocation.map { allocation in
                .object([
                    "version": JSONValue(allocation.version),
                    "ranges": .array(
                        allocation.ranges.map {
                            .object(["first": .string($0.first.canonical), "last": .string($0.last.canonical)])
                        }),
                    "recordedAt": .string(allocation.recordedAt), "recordedBy": .string(allocation.recordedBy),
                ])
            } ?? .null,
            "entryTests": entryTests.map { tests in
                .object([
                    "passedOn": .string(tests.passedOn), "reference": .string(tests.reference),
                    "recordedAt": .string(tests.recordedAt), "recordedBy": .string(tests.recordedBy),
                ])
            } ?? .null,
            "outsideAllocation": .array(outsideAllocation.map(\.jsonValue)),
        ])
    }
}
