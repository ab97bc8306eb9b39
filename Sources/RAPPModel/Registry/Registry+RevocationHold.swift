import Foundation

/// Supplier of Last Resort holds (SEC Section L16): recording the SMKI PMA's directions that
/// delay, then release, the revocation of an organisation's certificates, and reading them.
extension Registry {
    /// Records the SMKI PMA's decision `decision` of `date` holding the revocation of the
    /// organisation's certificates: from now on the steps that revoke them, and every step of a
    /// request that reached one, are refused (`revocation.held`) until the release. Needs
    /// `organisation.solr-hold`. Refused when the input is invalid (`solr.decision`,
    /// `solr.date`), the organisation is unknown (`organisation.unknown`) or already held
    /// (`solr.already-held`). Audited as `organisation.revocation-held`.
    public func holdRevocation(
        of organisation: Int64, decision: String, date: String, by session: OperatorSession, now: Date = Date()
    ) throws -> RevocationHolds {
        try recordDirection(.hold, of: organisation, decision: decision, date: date, by: session, now: now)
    }

    /// Records the SMKI PMA's decision ending the hold in force: held requests go on from where
    /// they stopped. Refused as `holdRevocation` is, with `solr.not-held` when there is no hold,
    /// and `solr.date` for a release dated before its hold. Audited as
    /// `organisation.revocation-released`.
    public func releaseRevocation(
        of organisation: Int64, decision: String, date: String, by session: OperatorSession, now: Date = Date()
    ) throws -> RevocationHolds {
        try recordDirection(.release, of: organisation, decision: decision, date: date, by: session, now: now)
    }

    /// The organisation's L16 directions and the hold in force. Refused for an unknown
    /// organisation (`organisation.unknown`).
    public func revocationHolds(of organisation: Int64) throws -> RevocationHolds {
        try read { db in
            try OrganisationStore(db: db).requireRegistered(organisation)
            return try RevocationHoldStore(db: db).holds(of: organisation)
        }
    }

    private func recordDirection(
        _ kind: RevocationDirection.Kind, of organisation: Int64, decision: String, date: String,
        by session: OperatorSession, now: Date
    ) throws -> RevocationHolds {
        let decision = try RevocationDirection.validDecision(decision)
        let date = try RevocationDirection.validDate(date, now: now)
        let time = Timestamp.format(now)
        return try write { db in
            try OperatorStore(db: db, rules: rules).authorise(.organisationSolrHold, session: session)
            try OrganisationStore(db: db).requireRegistered(organisation)
            let store = RevocationHoldStore(db: db)
            let last = try store.last(of: organisation)
            let hold = last.flatMap { $0.kind == .hold ? $0 : nil }
            switch kind {
            case .hold:
                if let hold {
                    throw RevocationHoldError.alreadyHeld(
                        organisation: organisation, decision: hold.decision, decidedOn: hold.decidedOn)
                }
            case .release:
                guard let hold else { throw RevocationHoldError.notHeld(organisation: organisation) }
                guard date >= hold.decidedOn else {
                    throw ValidationIssue(
                        .solrDate,
                        "The release is dated \(date), before the hold it ends (decision \(VisibleText.quoted(hold.decision)) of \(hold.decidedOn)).",
                        field: "date")
                }
            }
            try store.append(
                kind, of: organisation, decision: decision, decidedOn: date, sequence: (last?.sequence ?? 0) + 1,
                by: session.operatorID, at: time)
            var details: [String: JSONValue] = [
                "organisation": JSONValue(organisation), "decision": .string(decision), "decidedOn": .string(date),
                "basis": .string("SEC Section L16 (Supplier of Last Resort): SMKI PMA direction"),
            ]
            if kind == .release, let hold {
                details["releases"] = .object([
                    "decision": .string(hold.decision), "decidedOn": .string(hold.decidedOn),
                ])
            }
            try AuditTrail(db: db).append(
                operatorName: session.name,
                action: kind == .hold ? .organisationRevocationHeld : .organisationRevocationReleased,
                record: "organisation/\(organisation)", details: .object(details),
                states: [RevocationHoldStore.record(organisation): try store.state(of: organisation) ?? .null],
                at: time)
            return try store.holds(of: organisation)
        }
    }
}
