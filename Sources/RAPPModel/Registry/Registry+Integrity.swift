import Foundation
import GRDB

/// What keeps the audit trail honest about the data: the stores it reconciles, the baseline a
/// migrated registry records, and the anchors each change's head is appended to.
extension Registry {
    /// The stores whose rows the audit trail accounts for (`AuditedStore`), in the order
    /// `audit verify` reconciles them. A new store adds itself here.
    static func auditedStores(_ db: Database, rules: SiteRules) -> [any AuditedStore] {
        [
            PolicyStore(db: db), OperatorStore(db: db, rules: rules), OrganisationStore(db: db),
            PreconditionStore(db: db), RequestStore(db: db), CredentialHolderStore(db: db), CredentialStore(db: db),
            RevocationHoldStore(db: db), NotificationStore(db: db),
        ]
    }

    /// The record kinds of the request engine (schema 6), which events recorded no state of
    /// until schema 7: the migration to it records a baseline of these kinds alone.
    static let requestEngineKinds: [String] = [
        PreconditionStore.recordKind, RequestStore.recordKind, CredentialHolderStore.recordKind,
        CredentialStore.recordKind,
    ]

    /// The events one transaction appended, its head, and the anchors to append that head to:
    /// the policy's before the transaction and after (a change of anchor is anchored in both).
    struct AppendedEvents {
        var first: Int64
        var last: Int64
        var hash: String
        var anchors: [AuditAnchor]
    }

    /// Who hears of anchor failures (`onAnchorFailure`), and the failures nobody has heard of yet.
    struct AnchorReports: Sendable {
        var handler: (@Sendable (AnchorFailure) -> Void)?
        var pending: [AnchorFailure] = []
    }

    /// Has `handler` told of every anchor line that could not be written: those of changes made
    /// so far through this registry (opening included), then each as it happens. Front ends report
    /// them (the command line on stderr); the changes themselves stand.
    public func onAnchorFailure(_ handler: @escaping @Sendable (AnchorFailure) -> Void) {
        let pending = anchorReports.withLock { reports in
            reports.handler = handler
            defer { reports.pending = [] }
            return reports.pending
        }
        pending.forEach(handler)
    }

    /// Appends a committed transaction's head to its anchors, reporting any failure.
    func anchor(_ appended: AppendedEvents) {
        let time = Timestamp.format(Date())
        var seen: Set<AuditAnchor> = []
        for anchor in appended.anchors where seen.insert(anchor).inserted {
            do {
                try anchor.append(first: appended.first, last: appended.last, hash: appended.hash, at: time)
            } catch {
                let handler = anchorReports.withLock { reports in
                    if reports.handler == nil { reports.pending.append(error) }
                    return reports.handler
                }
                handler?(error)
            }
        }
    }

    // MARK: The baseline

    /// The record kinds this open must record a baseline of, once migrated; nil for none.
    ///
    /// A registry migrated to schema 5 (with migrations applied, but not `0005_integrity`)
    /// records every kind: no event before recorded any state. One migrated to schema 7 from
    /// schema 5 or 6 records the request engine's kinds alone (`requestEngineKinds`): their
    /// events recorded no state before it, while every other record is accounted for already and
    /// restating it would bless whatever was changed behind ratui's back since. A new registry
    /// needs none, since every record in it is created by an event that records its state.
    enum Baseline: Equatable {
        /// Every record kind: the migration to schema 5.
        case every
        /// The request engine's kinds alone: the migration to schema 7 from 5 or 6.
        case requestEngine
    }

    static func baselineDue(_ pool: DatabasePool, path: String) throws(RegistryError) -> Baseline? {
        do {
            return try pool.read { db in
                guard try db.tableExists("grdb_migrations") else { return nil }
                let applied = try migrator.appliedIdentifiers(db)
                if applied.isEmpty { return nil }
                if !applied.contains("0005_integrity") { return .every }
                if !applied.contains("0007_requests_baseline") { return .requestEngine }
                return nil
            }
        } catch {
            throw .io(path: path, message: "cannot read the schema version: \(describe(error))")
        }
    }

    /// Appends an `audit.baseline` event: the state of every record of the kinds `baseline`
    /// covers, as it stands, so the trail accounts for them from here on. Its details list those
    /// kinds (`Reconciliation` takes a baseline only for kinds no event recorded a state of
    /// before). Once only: a registry that has a baseline of these kinds (another process migrated
    /// it at the same moment) gets no second. Returns what to anchor.
    static func writeBaseline(_ pool: DatabasePool, path: String, of baseline: Baseline) throws(RegistryError)
        -> AppendedEvents?
    {
        do {
            return try pool.writeWithoutTransaction { db in
                var appended: AppendedEvents?
                try db.inTransaction(.immediate) {
                    let trail = AuditTrail(db: db)
                    // A schema 5 baseline written before baselines listed their kinds covers
                    // every kind there was then; a later one lists them.
                    let done =
                        try Bool.fetchOne(
                            db,
                            sql: """
                                SELECT EXISTS (SELECT 1 FROM audit_event INDEXED BY audit_event_action WHERE action = ? AND (? OR
                                    EXISTS (SELECT 1 FROM json_each(details, '$.kinds') WHERE value = ?)))
                                """,
                            arguments: [
                                AuditAction.auditBaseline.rawValue, baseline == .every, RequestStore.recordKind,
                            ]) ?? false
                    if done { return .commit }
                    // The policy stored so far, if any: its rules name the anchor, not the stores' states.
                    let policyStore = PolicyStore(db: db)
                    let policy = try policyStore.currentVersion().map { try policyStore.load($0, registryPath: path) }
                    let rules = try policy?.library.rules ?? FormLibrary.builtIn().rules
                    let stores = auditedStores(db, rules: rules).filter {
                        baseline == .every || requestEngineKinds.contains(type(of: $0).recordKind)
                    }
                    var states: [String: JSONValue] = [:]
                    for store in stores {
                        let kind = type(of: store).recordKind
                        try store.forEachState { id, state in states["\(kind)/\(id)"] = state }
                    }
                    let reason =
                        baseline == .every
                        ? "migrated to schema 5: from here on every change records the state of what it changed"
                        : "migrated to schema 7: from here on every change to a request, credential or organisation's preconditions records their state"
                    let before = try trail.head().sequence
                    let event = try trail.append(
                        operatorName: nil, action: .auditBaseline, record: nil,
                        detailsText: JSONValue.object([
                            "reason": .string(reason), "records": JSONValue(states.count),
                            "previousEvents": JSONValue(before),
                            "kinds": .array(stores.map { .string(type(of: $0).recordKind) }),
                        ]).serialized(),
                        stateText: JSONValue.object(states).serialized(), at: Timestamp.format(Date()))
                    appended = AppendedEvents(
                        first: event.sequence, last: event.sequence, hash: event.hash,
                        anchors: policy?.library.rules.auditAnchor.map { [$0] } ?? [])
                    return .commit
                }
                return appended
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .io(path: path, message: "cannot record the audit baseline: \(describe(error))")
        }
    }
}
