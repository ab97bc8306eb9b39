import GRDB

extension Registry {
    /// Re-computes the audit trail's hash chain. Needs an operator whose roles grant `audit.read`.
    public func verifyAudit(expectingHead expected: String? = nil, by session: OperatorSession, rules: SiteRules) throws -> AuditVerification {
        try read { db in
            try Self.authorise(.auditRead, session: session, rules: rules, db: db)
            return try AuditTrail.verify(db, expectingHead: expected)
        }
    }

    /// The last event's sequence number and hash (`0` and the genesis hash for an empty trail).
    public func auditHead(by session: OperatorSession, rules: SiteRules) throws -> (sequence: Int64, hash: String) {
        try read { db in
            try Self.authorise(.auditRead, session: session, rules: rules, db: db)
            let row = try Row.fetchOne(db, sql: AuditTrail.headSQL)
            return (row?[0] ?? 0, row?[1] ?? AuditEvent.genesisHash)
        }
    }

    /// Hands each audit event matching the filter to `body`, in order, reading one at a time.
    public func auditEvents(
        matching filter: AuditFilter, limit: Int? = nil, by session: OperatorSession, rules: SiteRules,
        _ body: (AuditEvent) throws -> Void
    ) throws {
        try read { db in
            try Self.authorise(.auditRead, session: session, rules: rules, db: db)
            try AuditTrail.events(db, matching: filter, limit: limit, body)
        }
    }

    /// How many audit events match the filter. Needs `audit.read`.
    public func auditEventCount(matching filter: AuditFilter, by session: OperatorSession, rules: SiteRules) throws -> Int {
        try read { db in
            try Self.authorise(.auditRead, session: session, rules: rules, db: db)
            return try AuditTrail.count(db, matching: filter)
        }
    }
}
