/// The audit trail's entry points: every one needs an operator whose roles grant `audit.read`.
extension Registry {
    /// Re-computes the audit trail's hash chain and, if it is whole, reconciles every audited
    /// store's rows with the states the events record (`Reconciliation`); with `anchors`, also
    /// checks the heads anchored in that file against the chain. One snapshot: one pass over the
    /// events, one over the rows.
    public func verifyAudit(
        expectingHead expected: String? = nil, anchors: AnchorLog? = nil, by session: OperatorSession
    ) throws -> AuditVerification {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.auditRead, session: session)
            let verification = try AuditTrail(db: db).verify(
                expectingHead: expected, reconciling: Self.auditedStores(db, rules: rules), anchors: anchors)
            let leftovers = try OrganisationStore(db: db).searchDeferralLeftovers()
            guard verification.reconciled, !leftovers.isEmpty else { return verification }
            return AuditVerification(
                count: verification.count, head: verification.head, firstBreak: verification.firstBreak,
                expectedHeadFound: verification.expectedHeadFound, reconciled: true,
                differences: verification.differences + leftovers,
                differenceCount: verification.differenceCount + leftovers.count, anchors: verification.anchors)
        }
    }

    /// The last event's sequence number and hash (`0` and the genesis hash for an empty trail).
    public func auditHead(by session: OperatorSession) throws -> (sequence: Int64, hash: String) {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.auditRead, session: session)
            return try AuditTrail(db: db).head()
        }
    }

    /// Hands each audit event matching the filter to `body`, in order, reading one at a time.
    public func auditEvents(
        matching filter: AuditFilter, limit: Int? = nil, by session: OperatorSession,
        _ body: (AuditEvent) throws -> Void
    ) throws {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.auditRead, session: session)
            try AuditTrail(db: db).events(matching: filter, limit: limit, body)
        }
    }

    /// How many audit events match the filter.
    public func auditEventCount(matching filter: AuditFilter, by session: OperatorSession) throws -> Int {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.auditRead, session: session)
            return try AuditTrail(db: db).count(matching: filter)
        }
    }
}
