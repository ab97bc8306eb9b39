import Foundation
import GRDB

extension Registry {
    // MARK: Signing in

    /// How many operator accounts exist (disabled ones included).
    public func operatorCount() throws(RegistryError) -> Int {
        try wrap { try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM operator") ?? 0 } }
    }

    /// Creates the first operator, with every role that may manage operators, in an empty registry.
    public func bootstrap(
        name: String, passphrase: String, rules: SiteRules, hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> OperatorSession {
        try OperatorName.validate(name)
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let roles = rules.operatorRoles.map(\.id).filter { rules.permits(.operatorManage, roles: [$0]) }
        guard !roles.isEmpty else { throw AccessError.invalid(ValidationIssue(.operatorRoleInvalid, "No operator role in the rules file grants operator.manage.")) }
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(now)
        return try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM operator") == 0 else { throw AccessError.alreadyBootstrapped }
            let id = try Self.insertOperator(name: name, roles: roles, hash: hash, at: time, db: db)
            try AuditTrail.append(
                db, operatorName: name, action: .operatorBootstrapped, record: "operator/\(id)",
                details: .object(["name": .string(name), "roles": .array(roles.map(JSONValue.string))]), at: time)
            return OperatorSession(operatorID: id, name: name, roles: roles)
        }
    }

    /// Checks a name and passphrase and returns a session, or throws `AccessError.signInFailed`.
    ///
    /// Every failure is counted and audited; `maximumFailures` within the failure window lock the
    /// account for `lockoutMinutes`. A locked or disabled account fails exactly like a wrong
    /// passphrase, and an unknown name takes as long, so nothing tells which it was.
    public func signIn(
        name: String, passphrase: String, rules: SiteRules, hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> OperatorSession {
        let time = Timestamp.format(now)
        let account = try read { db in try Self.operatorRow(named: name, db: db) }
        guard let account else {
            hasher.burnEquivalentTime(passphrase)
            _ = try write { db in
                try AuditTrail.append(
                    db, operatorName: nil, action: .signInFailed, record: nil,
                    details: .object(["reason": .string("no usable account by that name")]), at: time)
            }
            throw AccessError.signInFailed
        }
        let locked = account.lockedUntil.map { $0 > time } ?? false
        let (matches, needsRehash) = account.isDisabled || locked ? (false, false) : hasher.verify(passphrase, against: account.hash)
        if account.isDisabled || locked { hasher.burnEquivalentTime(passphrase) }
        let rehashed = needsRehash ? try hasher.hash(passphrase) : nil
        let session: OperatorSession? = try write { db in
            let record = "operator/\(account.id)"
            if matches {
                try db.execute(sql: "DELETE FROM sign_in_failure WHERE operator_id = ?", arguments: [account.id])
                try db.execute(sql: "UPDATE operator SET locked_until = NULL WHERE id = ? AND locked_until IS NOT NULL", arguments: [account.id])
                if let rehashed {
                    try db.execute(sql: "UPDATE operator SET passphrase_hash = ? WHERE id = ?", arguments: [rehashed, account.id])
                }
                return OperatorSession(operatorID: account.id, name: account.name, roles: try Self.roles(of: account.id, db: db))
            }
            let reason = account.isDisabled ? "account disabled" : locked ? "account locked" : "wrong passphrase"
            try AuditTrail.append(
                db, operatorName: account.name, action: .signInFailed, record: record,
                details: .object(["reason": .string(reason)]), at: time)
            guard !account.isDisabled && !locked else { return nil }
            try db.execute(sql: "INSERT INTO sign_in_failure (operator_id, failed_at) VALUES (?, ?)", arguments: [account.id, time])
            let windowStart = Timestamp.format(now.addingTimeInterval(-Double(rules.signIn.failureWindowMinutes) * 60))
            let failures = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM sign_in_failure WHERE operator_id = ? AND failed_at > ?",
                arguments: [account.id, windowStart]) ?? 0
            if failures >= rules.signIn.maximumFailures {
                let until = Timestamp.format(now.addingTimeInterval(Double(rules.signIn.lockoutMinutes) * 60))
                try db.execute(sql: "UPDATE operator SET locked_until = ? WHERE id = ?", arguments: [until, account.id])
                try db.execute(sql: "DELETE FROM sign_in_failure WHERE operator_id = ?", arguments: [account.id])
                try AuditTrail.append(
                    db, operatorName: account.name, action: .operatorLocked, record: record,
                    details: .object([
                        "failures": JSONValue(failures), "windowMinutes": JSONValue(rules.signIn.failureWindowMinutes),
                        "lockedUntil": .string(until),
                    ]), at: time)
            }
            return nil
        }
        guard let session else { throw AccessError.signInFailed }
        return session
    }

    // MARK: Managing operators (operator.manage)

    /// Every operator account, by name. Needs `operator.manage`.
    public func operators(by session: OperatorSession, rules: SiteRules) throws -> [Operator] {
        try read { db in
            try Self.authorise(.operatorManage, session: session, rules: rules, db: db)
            return try Row.fetchAll(db, sql: "SELECT id FROM operator ORDER BY name").map { row in
                try Self.operatorRecord(id: row[0], db: db)!
            }
        }
    }

    public func addOperator(
        name: String, roles: [String], passphrase: String, by session: OperatorSession, rules: SiteRules,
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        try OperatorName.validate(name)
        try Self.validateRoles(roles, rules: rules)
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(now)
        return try write { db in
            try Self.authorise(.operatorManage, session: session, rules: rules, db: db)
            guard try Self.operatorRow(named: name, db: db) == nil else {
                throw AccessError.invalid(ValidationIssue(.operatorNameInvalid, "An operator named \(VisibleText.quoted(name)) already exists."))
            }
            let id = try Self.insertOperator(name: name, roles: roles, hash: hash, at: time, db: db)
            try AuditTrail.append(
                db, operatorName: session.name, action: .operatorAdded, record: "operator/\(id)",
                details: .object(["name": .string(name), "roles": .array(roles.sorted().map(JSONValue.string))]), at: time)
            return try Self.operatorRecord(id: id, db: db)!
        }
    }

    public func setRoles(of name: String, to roles: [String], by session: OperatorSession, rules: SiteRules, now: Date = Date()) throws -> Operator {
        try Self.validateRoles(roles, rules: rules)
        return try change(name, action: .operatorRolesChanged, by: session, rules: rules, now: now) { target, db in
            guard target.id != session.operatorID else { throw AccessError.selfChange("change the roles") }
            let before = try Self.roles(of: target.id, db: db)
            if rules.permits(.operatorManage, roles: before) && !rules.permits(.operatorManage, roles: roles) {
                try Self.requireAnotherManager(besides: target.id, rules: rules, db: db)
            }
            try db.execute(sql: "DELETE FROM operator_role WHERE operator_id = ?", arguments: [target.id])
            for role in Set(roles) {
                try db.execute(sql: "INSERT INTO operator_role (operator_id, role) VALUES (?, ?)", arguments: [target.id, role])
            }
            return .object(["before": .array(before.map(JSONValue.string)), "after": .array(Set(roles).sorted().map(JSONValue.string))])
        }
    }

    public func disableOperator(_ name: String, by session: OperatorSession, rules: SiteRules, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorDisabled, by: session, rules: rules, now: now) { target, db in
            guard target.id != session.operatorID else { throw AccessError.selfChange("disable the account") }
            if rules.permits(.operatorManage, roles: try Self.roles(of: target.id, db: db)) {
                try Self.requireAnotherManager(besides: target.id, rules: rules, db: db)
            }
            try db.execute(sql: "UPDATE operator SET is_disabled = 1 WHERE id = ?", arguments: [target.id])
            return .object(["before": .object(["disabled": .bool(target.isDisabled)]), "after": .object(["disabled": .bool(true)])])
        }
    }

    public func enableOperator(_ name: String, by session: OperatorSession, rules: SiteRules, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorEnabled, by: session, rules: rules, now: now) { target, db in
            guard target.id != session.operatorID else { throw AccessError.selfChange("re-enable the account") }
            try db.execute(sql: "UPDATE operator SET is_disabled = 0 WHERE id = ?", arguments: [target.id])
            return .object(["before": .object(["disabled": .bool(target.isDisabled)]), "after": .object(["disabled": .bool(false)])])
        }
    }

    /// Lifts a lockout before it runs out.
    public func unlockOperator(_ name: String, by session: OperatorSession, rules: SiteRules, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorUnlocked, by: session, rules: rules, now: now) { target, db in
            try db.execute(sql: "UPDATE operator SET locked_until = NULL WHERE id = ?", arguments: [target.id])
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE operator_id = ?", arguments: [target.id])
            return .object(["before": .object(["lockedUntil": target.lockedUntil.map(JSONValue.string) ?? .null]), "after": .object(["lockedUntil": .null])])
        }
    }

    /// Sets a new passphrase: for another operator, or for oneself. The audit trail records that
    /// it happened, never the passphrase or its hash.
    public func resetPassphrase(
        of name: String, to passphrase: String, by session: OperatorSession, rules: SiteRules,
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let hash = try hasher.hash(passphrase)
        return try change(name, action: .operatorPassphraseReset, by: session, rules: rules, now: now) { target, db in
            try db.execute(sql: "UPDATE operator SET passphrase_hash = ? WHERE id = ?", arguments: [hash, target.id])
            return .object(["self": .bool(target.id == session.operatorID)])
        }
    }

    /// Applies one change to an operator account, authorised and audited in one transaction.
    private func change(
        _ name: String, action: AuditAction, by session: OperatorSession, rules: SiteRules, now: Date,
        _ body: (Operator, Database) throws -> JSONValue
    ) throws -> Operator {
        try write { db in
            try Self.authorise(.operatorManage, session: session, rules: rules, db: db)
            guard let row = try Self.operatorRow(named: name, db: db),
                let target = try Self.operatorRecord(id: row.id, db: db)
            else { throw AccessError.unknownOperator(name) }
            let details = try body(target, db)
            try AuditTrail.append(
                db, operatorName: session.name, action: action, record: "operator/\(target.id)", details: details,
                at: Timestamp.format(now))
            return try Self.operatorRecord(id: target.id, db: db)!
        }
    }

    // MARK: Authorisation

    /// Refuses unless the session's operator is still enabled and one of their current roles
    /// grants the action. Read inside the caller's transaction, so it holds for the change made.
    static func authorise(_ action: OperatorAction, session: OperatorSession, rules: SiteRules, db: Database) throws {
        let disabled = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT is_disabled FROM operator WHERE id = ?"), arguments: [session.operatorID])
        guard disabled == false, rules.permits(action, roles: try roles(of: session.operatorID, db: db)) else {
            throw AccessError.notPermitted(action, operator: session.name)
        }
    }

    private static func requireAnotherManager(besides id: Int64, rules: SiteRules, db: Database) throws {
        let managerRoles = rules.operatorRoles.map(\.id).filter { rules.permits(.operatorManage, roles: [$0]) }
        let placeholders = managerRoles.map { _ in "?" }.joined(separator: ",")
        let others = try Int.fetchOne(
            db, sql: """
                SELECT count(DISTINCT o.id) FROM operator o JOIN operator_role r ON r.operator_id = o.id
                WHERE o.is_disabled = 0 AND o.id != ? AND r.role IN (\(placeholders))
                """, arguments: StatementArguments([id] + managerRoles)) ?? 0
        guard others > 0 else { throw AccessError.lastManager }
    }

    private static func validateRoles(_ roles: [String], rules: SiteRules) throws {
        guard !roles.isEmpty else {
            throw AccessError.invalid(ValidationIssue(.operatorRoleInvalid, "Give an operator at least one role."))
        }
        for role in roles where !rules.operatorRoles.contains(where: { $0.id == role }) {
            let known = rules.operatorRoles.map(\.id).joined(separator: ", ")
            throw AccessError.invalid(ValidationIssue(.operatorRoleInvalid, "\(VisibleText.quoted(role)) is not an operator role; use \(known)."))
        }
    }

    // MARK: Rows

    struct OperatorRow {
        let id: Int64
        let name: String
        let hash: String
        let isDisabled: Bool
        let lockedUntil: String?
    }

    static func operatorRow(named name: String, db: Database) throws -> OperatorRow? {
        try Row.fetchOne(
            db, sql: "SELECT id, name, passphrase_hash, is_disabled, locked_until FROM operator WHERE name = ?", arguments: [name]
        ).map { OperatorRow(id: $0[0], name: $0[1], hash: $0[2], isDisabled: $0[3], lockedUntil: $0[4]) }
    }

    static func operatorRecord(id: Int64, db: Database) throws -> Operator? {
        try Row.fetchOne(db, sql: "SELECT id, name, is_disabled, locked_until, created_at FROM operator WHERE id = ?", arguments: [id]).map {
            Operator(id: $0[0], name: $0[1], roles: try roles(of: id, db: db), isDisabled: $0[2], lockedUntil: $0[3], createdAt: $0[4])
        }
    }

    static func roles(of id: Int64, db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT role FROM operator_role WHERE operator_id = ? ORDER BY role"), arguments: [id])
    }

    private static func insertOperator(name: String, roles: [String], hash: String, at time: String, db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO operator (name, passphrase_hash, created_at) VALUES (?, ?, ?)", arguments: [name, hash, time])
        let id = db.lastInsertedRowID
        for role in Set(roles) {
            try db.execute(sql: "INSERT INTO operator_role (operator_id, role) VALUES (?, ?)", arguments: [id, role])
        }
        return id
    }
}
