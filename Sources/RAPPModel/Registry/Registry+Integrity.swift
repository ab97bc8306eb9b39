import Foundation
import GRDB

/// What keeps the audit trail honest about the data: the stores it reconciles, the baseline a
/// migrated registry records, and the anchors each change's head is appended to.
extension Registry {
    /// The stores whose rows the audit trail accounts for (`AuditedStore`), in the order
    /// `audit verify` reconciles them. A new store adds itself here.
    static func auditedStores(_ db: Database, rules: SiteRules) -> [any AuditedStore] {
        [PolicyStore(db: db), OperatorStore(db: db, rules: rules), OrganisationStore(db: db)]
    }

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

    /// Whether this open migrates an existing registry to schema 5, which then records a baseline:
    /// a registry with migrations applied, but not `0005_integrity`. A new registry needs none,
    /// since every record in it is created by an event that records its state.
    static func isBaselineDue(_ pool: DatabasePool, path: String) throws(RegistryError) -> Bool {
        do {
            return try pool.read { db in
                guard try db.tableExists("grdb_migrations") else { return false }
                let applied = try migrator.appliedIdentifiers(db)
                return !applied.isEmpty && !applied.contains("0005_integrity")
            }
        } catch {
            throw .io(path: path, message: "cannot read the schema version: \(describe(error))")
        }
    }

    /// Appends the `audit.baseline` event: the state of every record of every audited store as it
    /// stands, so the trail accounts for the data from here on. Once only: a registry that has one
    /// (another process migrated it at the same moment) gets no second. Returns what to anchor.
    static func writeBaseline(_ pool: DatabasePool, path: String) throws(RegistryError) -> AppendedEvents? {
        do {
            return try pool.writeWithoutTransaction { db in
                var appended: AppendedEvents?
                try db.inTransaction(.immediate) {
                    let trail = AuditTrail(db: db)
                    let done = try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM audit_event INDEXED BY audit_event_action WHERE action = ?)",
                        arguments: [AuditAction.auditBaseline.rawValue]) ?? false
                    if done { return .commit }
                    // The policy stored so far, if any: its rules name the anchor, not the stores' states.
                    let policyStore = PolicyStore(db: db)
                    let policy = try policyStore.currentVersion().map { try policyStore.load($0, registryPath: path) }
                    let rules = try policy?.library.rules ?? FormLibrary.builtIn().rules
                    var states: [String: JSONValue] = [:]
                    for store in auditedStores(db, rules: rules) {
                        let kind = type(of: store).recordKind
                        try store.forEachState { id, state in states["\(kind)/\(id)"] = state }
                    }
                    let before = try trail.head().sequence
                    let event = try trail.append(
                        operatorName: nil, action: .auditBaseline, record: nil,
                        detailsText: JSONValue.object([
                            "reason": .string("migrated to schema 5: from here on every change records the state of what it changed"),
                            "records": JSONValue(states.count), "previousEvents": JSONValue(before),
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
