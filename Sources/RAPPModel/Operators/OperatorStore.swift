import GRDB

/// Operator accounts, their roles and their recent sign-in failures.
///
/// Works on one connection inside a transaction the registry opened, with the site rules of the
/// registry's policy: which roles exist and what each may do.
struct OperatorStore {
    let db: Database
    let rules: SiteRules

    // MARK: Accounts

    /// How many operator accounts exist (disabled ones included).
    func count() throws -> Int {
        // Plain SQL: the sign-in screen asks first thing, and the query interface would read
        // the table's schema to build the same statement.
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM operator")) ?? 0
    }

    /// The account of that name (names compare without case), with its passphrase hash.
    func record(named name: String) throws -> OperatorRecord? {
        try OperatorRecord.filter(OperatorRecord.Columns.name == name).fetchOne(db)
    }

    /// The account with that id, with its passphrase hash.
    func record(id: Int64) throws -> OperatorRecord? {
        try OperatorRecord.fetchOne(db, key: id)
    }

    /// The account as front ends see it: no hash, roles included.
    func account(id: Int64) throws -> Operator? {
        try OperatorRecord.fetchOne(db, key: id).map { record in
            Operator(
                id: id, name: record.name, roles: try roles(of: id), isDisabled: record.isDisabled,
                lockedUntil: record.lockedUntil, createdAt: record.createdAt,
                revokedAt: try revocation(of: id)?.revokedAt, email: record.email)
        }
    }

    /// Every account, by name.
    func accounts() throws -> [Operator] {
        try Int64.fetchAll(db, OperatorRecord.select(OperatorRecord.Columns.id).order(OperatorRecord.Columns.name))
            .map { try account(id: $0)! }
    }

    /// The operator's roles, sorted.
    func roles(of id: Int64) throws -> [String] {
        try String.fetchAll(
            db,
            OperatorRoleRecord.select(OperatorRoleRecord.Columns.role)
                .filter(OperatorRoleRecord.Columns.operatorID == id).order(OperatorRoleRecord.Columns.role))
    }

    /// Adds an account with its roles; returns its id.
    func insert(name: String, roles: [String], hash: String, email: String? = nil, at time: String) throws -> Int64 {
        var record = OperatorRecord(
            id: nil, name: name, passphraseHash: hash, isDisabled: false, lockedUntil: nil, createdAt: time,
            email: email)
        try record.insert(db)
        let id = record.id!
        try setRoles(of: id, to: roles)
        return id
    }

    /// Whether the account must change its passphrase before anything else (schema 8).
    func mustChangePassphrase(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT must_change_passphrase FROM operator WHERE id = ?", arguments: [id]) ?? false
    }

    func setMustChangePassphrase(of id: Int64, _ value: Bool) throws {
        try db.execute(sql: "UPDATE operator SET must_change_passphrase = ? WHERE id = ?", arguments: [value, id])
    }

    func setRoles(of id: Int64, to roles: [String]) throws {
        try OperatorRoleRecord.filter(OperatorRoleRecord.Columns.operatorID == id).deleteAll(db)
        for role in Set(roles) {
            try OperatorRoleRecord(operatorID: id, role: role).insert(db)
        }
    }

    /// Sets or clears the contact address; the caller checked it (`OperatorEmail`).
    func setEmail(of id: Int64, to email: String?) throws {
        try OperatorRecord.filter(key: id).updateAll(db, OperatorRecord.Columns.email.set(to: email))
    }

    /// The contact address of the account with that id, or nil: one seek on the primary key.
    func email(of id: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT email FROM operator WHERE id = ?"), arguments: [id])
    }

    func setDisabled(_ id: Int64, _ isDisabled: Bool) throws {
        try OperatorRecord.filter(key: id).updateAll(db, OperatorRecord.Columns.isDisabled.set(to: isDisabled))
    }

    func setPassphraseHash(of id: Int64, to hash: String) throws {
        try OperatorRecord.filter(key: id).updateAll(db, OperatorRecord.Columns.passphraseHash.set(to: hash))
    }

    /// Locks the account until `time`, or lifts its lock with nil.
    func setLockedUntil(of id: Int64, _ time: String?) throws {
        try OperatorRecord.filter(key: id).updateAll(db, OperatorRecord.Columns.lockedUntil.set(to: time))
    }

    // MARK: Sign-in failures

    func recordFailure(of id: Int64, at time: String) throws {
        try SignInFailureRecord(operatorID: id, failedAt: time).insert(db)
    }

    /// Failures after `windowStart`: one seek on `sign_in_failure_operator`.
    func failureCount(of id: Int64, after windowStart: String) throws -> Int {
        try SignInFailureRecord
            .filter(SignInFailureRecord.Columns.operatorID == id && SignInFailureRecord.Columns.failedAt > windowStart)
            .fetchCount(db)
    }

    func clearFailures(of id: Int64) throws {
        try SignInFailureRecord.filter(SignInFailureRecord.Columns.operatorID == id).deleteAll(db)
    }

    // MARK: Authorisation

    /// Refuses unless the session's operator is still enabled and one of their current roles
    /// grants the action. Read inside the caller's transaction, so it holds for the change made.
    ///
    /// An account whose passphrase was set by someone else (an RA credential's issue) may do
    /// nothing until its holder changes it: `access.must-change-passphrase`.
    func authorise(_ action: OperatorAction, session: OperatorSession) throws {
        let row = try Row.fetchOne(
            db, sql: "SELECT is_disabled, must_change_passphrase FROM operator WHERE id = ?",
            arguments: [session.operatorID])
        try requireNotRevoked(session.operatorID, name: session.name)
        guard let row, row["is_disabled"] == false, rules.permits(action, roles: try roles(of: session.operatorID))
        else {
            throw AccessError.notPermitted(action, operator: session.name)
        }
        if row["must_change_passphrase"] == true { throw AccessError.mustChangePassphrase(session.name) }
    }

    /// Refuses reading or changing the session's own account (its contact address) unless it
    /// may still act: enabled, not revoked, and its passphrase changed if someone else set it.
    /// No role is needed: it is the operator's own data, like their passphrase.
    func authoriseOwnAccount(session: OperatorSession) throws {
        try requireNotRevoked(session.operatorID, name: session.name)
        guard let account = try record(id: session.operatorID), !account.isDisabled else {
            throw AccessError.signInFailed
        }
        if try mustChangePassphrase(session.operatorID) { throw AccessError.mustChangePassphrase(session.name) }
    }

    /// The roles that grant `operator.manage` under the rules.
    var managerRoles: [String] {
        rules.operatorRoles.map(\.id).filter { rules.permits(.operatorManage, roles: [$0]) }
    }

    /// How many enabled operators hold a role that grants `operator.manage`.
    func enabledManagerCount() throws -> Int {
        try enabledCount(granting: .operatorManage)
    }

    /// How many enabled operators hold a role that grants `action`; a revoked account can never
    /// act again, so it is not one of them.
    func enabledCount(granting action: OperatorAction) throws -> Int {
        let roles = rules.operatorRoles.map(\.id).filter { rules.permits(action, roles: [$0]) }
        guard !roles.isEmpty else { return 0 }
        let placeholders = roles.map { _ in "?" }.joined(separator: ",")
        return try Int.fetchOne(
            db,
            sql: """
                SELECT count(DISTINCT o.id) FROM operator o JOIN operator_role r ON r.operator_id = o.id
                WHERE o.is_disabled = 0 AND r.role IN (\(placeholders))
                AND NOT EXISTS (SELECT 1 FROM operator_revocation v WHERE v.operator_id = o.id)
                """, arguments: StatementArguments(roles)) ?? 0
    }

    /// Refuses a change that would leave no enabled operator able to manage operators.
    func requireAnotherManager(besides id: Int64) throws {
        let roles = managerRoles
        let placeholders = roles.map { _ in "?" }.joined(separator: ",")
        let others =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(DISTINCT o.id) FROM operator o JOIN operator_role r ON r.operator_id = o.id
                    WHERE o.is_disabled = 0 AND o.id != ? AND r.role IN (\(placeholders))
                    AND NOT EXISTS (SELECT 1 FROM operator_revocation v WHERE v.operator_id = o.id)
                    """, arguments: StatementArguments([id] + roles)) ?? 0
        guard others > 0 else { throw AccessError.lastManager }
    }

    /// Refuses an empty role list or a role the rules do not define.
    static func validateRoles(_ roles: [String], rules: SiteRules) throws(AccessError) {
        guard !roles.isEmpty else {
            throw .invalid(ValidationIssue(.operatorRoleInvalid, "Give an operator at least one role."))
        }
        for role in roles where !rules.operatorRoles.contains(where: { $0.id == role }) {
            let known = rules.operatorRoles.map(\.id).joined(separator: ", ")
            throw .invalid(
                ValidationIssue(
                    .operatorRoleInvalid, "\(VisibleText.quoted(role)) is not an operator role; use \(known)."))
        }
    }
}
