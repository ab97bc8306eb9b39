import Foundation
import GRDB

/// The operators' entry points: signing in, and managing accounts (`operator.manage`), each change
/// authorised and audited in the transaction that makes it (`OperatorStore`, `AuditTrail`).
extension Registry {
    // MARK: Signing in

    /// How many operator accounts exist (disabled ones included).
    public func operatorCount() throws(RegistryError) -> Int {
        try wrap { try read { db in try OperatorStore(db: db, rules: rules).count() } }
    }

    /// Creates the first operator, with every role that may manage operators, in an empty registry,
    /// with their contact address when one is given.
    public func bootstrap(
        name: String, passphrase: String, email: String? = nil, hasher: PassphraseHasher = PassphraseHasher(),
        now: Date = Date()
    ) throws -> OperatorSession {
        try OperatorName.validate(name)
        if let email { try OperatorEmail.validate(email) }
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let roles = rules.operatorRoles.map(\.id).filter { rules.permits(.operatorManage, roles: [$0]) }
        guard !roles.isEmpty else {
            throw AccessError.invalid(
                ValidationIssue(.operatorRoleInvalid, "No operator role in the rules file grants operator.manage."))
        }
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(now)
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            guard try operators.count() == 0 else { throw AccessError.alreadyBootstrapped }
            let id = try operators.insert(name: name, roles: roles, hash: hash, email: email, at: time)
            try AuditTrail(db: db).append(
                operatorName: name, action: .operatorBootstrapped, record: "operator/\(id)",
                details: .object([
                    "name": .string(name), "roles": .array(roles.map(JSONValue.string)),
                    "email": email.map(JSONValue.string) ?? .null,
                ]),
                state: try operators.state(of: id), at: time)
            return OperatorSession(operatorID: id, name: name, roles: roles)
        }
    }

    /// Checks a name and passphrase and returns a session, or throws `AccessError.signInFailed`.
    ///
    /// Every failure is counted and audited; `maximumFailures` within the failure window lock the
    /// account for `lockoutMinutes`. A locked or disabled account fails exactly like a wrong
    /// passphrase, and an unknown name takes as long, so nothing tells which it was.
    ///
    /// The slow key derivation runs first, outside any transaction (`prepareSignIn`); the decision
    /// is made in one IMMEDIATE transaction on the account as it is then (`completeSignIn`), so
    /// attempts made at once, from any number of processes, are decided one after another: one
    /// lock, and no success on an account locked meanwhile.
    public func signIn(
        name: String, passphrase: String, hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> OperatorSession {
        let attempt = try prepareSignIn(name: name, passphrase: passphrase, hasher: hasher, now: now)
        return try completeSignIn(attempt, passphrase: passphrase, hasher: hasher, now: now)
    }

    /// Reads the account and checks the passphrase against its stored hash, holding no lock; nil
    /// for an unknown name, after spending as long.
    ///
    /// The passphrase is checked even on a locked or disabled account, so that costs the same time
    /// too; the verdict counts only if the transaction finds the account usable. It is re-hashed
    /// with current parameters only for an account that can sign in, so that extra time says
    /// nothing about a passphrase tried against a locked one.
    func prepareSignIn(name: String, passphrase: String, hasher: PassphraseHasher, now: Date) throws -> SignInAttempt? {
        let account = try read { db in try OperatorStore(db: db, rules: rules).record(named: name) }
        guard let account, let id = account.id else {
            hasher.burnEquivalentTime(passphrase)
            return nil
        }
        let (matches, needsRehash) = hasher.verify(passphrase, against: account.passphraseHash)
        let usable = !account.isDisabled && !account.isLocked(at: Timestamp.format(now))
        let rehashed = matches && needsRehash && usable ? try hasher.hash(passphrase) : nil
        return SignInAttempt(operatorID: id, checkedHash: account.passphraseHash, matches: matches, rehashed: rehashed)
    }

    /// Decides a prepared attempt in one IMMEDIATE transaction, on the account and failure count
    /// as they are now: refuses a disabled or locked account (a lock set by attempts that finished
    /// first included), records a wrong passphrase and locks the account when the failures reach
    /// the maximum, or clears the failures and makes the session.
    ///
    /// The earlier verdict stands only if the stored hash is still the one checked; otherwise (a
    /// reset, another sign-in's re-hash, both rare) the passphrase is checked again against the
    /// hash read here, holding the write lock that long, and any re-hash waits for the next sign-in.
    func completeSignIn(_ attempt: SignInAttempt?, passphrase: String, hasher: PassphraseHasher, now: Date) throws
        -> OperatorSession
    {
        let time = Timestamp.format(now)
        var revoked: RevocationError?
        let session: OperatorSession? = try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            let trail = AuditTrail(db: db)
            guard let attempt, let account = try operators.record(id: attempt.operatorID) else {
                try trail.append(
                    operatorName: nil, action: .signInFailed, record: nil,
                    details: .object(["reason": .string("no usable account by that name")]), at: time)
                return nil
            }
            let id = attempt.operatorID
            let record = "operator/\(id)"
            let locked = account.isLocked(at: time)
            guard !account.isDisabled && !locked else {
                try trail.append(
                    operatorName: account.name, action: .signInFailed, record: record,
                    details: .object(["reason": .string(account.isDisabled ? "account disabled" : "account locked")]),
                    at: time)
                return nil
            }
            let unchanged = account.passphraseHash == attempt.checkedHash
            let matches =
                unchanged ? attempt.matches : hasher.verify(passphrase, against: account.passphraseHash).matches
            if matches, let revocation = try operators.revocation(of: id) {
                // Said only to someone who knows the passphrase: the account exists and is revoked.
                try trail.append(
                    operatorName: account.name, action: .signInFailed, record: record,
                    details: .object(["reason": .string("account revoked")]), at: time)
                revoked = .revoked(operator: account.name, at: revocation.revokedAt)
                return nil
            }
            if matches {
                // Failures are a rate limit's working set, outside reconciliation. A lock that has
                // run out is left as stored: it ended by time, nothing changed, and the trail's
                // `operator.locked` event still describes the row.
                try operators.clearFailures(of: id)
                if unchanged, let rehashed = attempt.rehashed {
                    // The stored record changes, so the trail records its new digest.
                    try operators.setPassphraseHash(of: id, to: rehashed)
                    try trail.append(
                        operatorName: account.name, action: .operatorPassphraseRehashed, record: record,
                        details: .object([
                            "from": .object([
                                "iterations": PassphraseHasher.iterations(of: account.passphraseHash).map {
                                    JSONValue($0)
                                } ?? .null
                            ]),
                            "to": .object(["iterations": JSONValue(hasher.iterations)]),
                        ]),
                        state: try operators.state(of: id), at: time)
                }
                return OperatorSession(operatorID: id, name: account.name, roles: try operators.roles(of: id))
            }
            try trail.append(
                operatorName: account.name, action: .signInFailed, record: record,
                details: .object(["reason": .string("wrong passphrase")]), at: time)
            try operators.recordFailure(of: id, at: time)
            let windowStart = Timestamp.format(now.addingTimeInterval(-Double(rules.signIn.failureWindowMinutes) * 60))
            let failures = try operators.failureCount(of: id, after: windowStart)
            if failures >= rules.signIn.maximumFailures {
                let until = Timestamp.format(now.addingTimeInterval(Double(rules.signIn.lockoutMinutes) * 60))
                try operators.setLockedUntil(of: id, until)
                try operators.clearFailures(of: id)
                try trail.append(
                    operatorName: account.name, action: .operatorLocked, record: record,
                    details: .object([
                        "failures": JSONValue(failures), "windowMinutes": JSONValue(rules.signIn.failureWindowMinutes),
                        "lockedUntil": .string(until),
                    ]),
                    state: try operators.state(of: id), at: time)
            }
            return nil
        }
        if let revoked { throw revoked }
        guard let session else { throw AccessError.signInFailed }
        return session
    }

    /// Whether the signed-in operator's own account is locked, and until when (a timestamp), or
    /// nil when it is not locked now.
    ///
    /// For the idle lock, where the operator is already known: it can say plainly that the account
    /// locked itself after wrong passphrases. It takes a session, never a name, so the sign-in
    /// screen cannot ask it and keeps one message for every failure.
    public func lockedUntil(of session: OperatorSession, now: Date = Date()) throws(RegistryError) -> String? {
        try wrap {
            try read { db in
                guard let account = try OperatorStore(db: db, rules: rules).record(id: session.operatorID) else {
                    return nil
                }
                return account.isLocked(at: Timestamp.format(now)) ? account.lockedUntil : nil
            }
        }
    }

    /// Whether the signed-in operator must change their passphrase before doing anything else
    /// (someone else set it), so a front end can ask for the change first rather than offer
    /// actions `OperatorStore.authorise` refuses. It takes a session, like `lockedUntil(of:)`.
    public func mustChangePassphrase(of session: OperatorSession) throws(RegistryError) -> Bool {
        try wrap { try read { db in try OperatorStore(db: db, rules: rules).mustChangePassphrase(session.operatorID) } }
    }

    // MARK: Managing operators (operator.manage)

    /// Every operator account, by name. Needs `operator.manage`.
    public func operators(by session: OperatorSession) throws -> [Operator] {
        try read { db in
            let operators = OperatorStore(db: db, rules: rules)
            try operators.authorise(.operatorManage, session: session)
            return try operators.accounts()
        }
    }

    /// One operator account: anyone's needs `operator.manage`, one's own needs an account that
    /// may still act.
    public func operatorAccount(named name: String, by session: OperatorSession) throws -> Operator {
        try read { db in
            let operators = OperatorStore(db: db, rules: rules)
            if try operators.record(named: name)?.id == session.operatorID {
                try operators.authoriseOwnAccount(session: session)
            } else {
                try operators.authorise(.operatorManage, session: session)
            }
            guard let id = try operators.record(named: name)?.id, let account = try operators.account(id: id)
            else { throw AccessError.unknownOperator(name) }
            return account
        }
    }

    public func addOperator(
        name: String, roles: [String], passphrase: String, email: String? = nil, by session: OperatorSession,
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        try OperatorName.validate(name)
        if let email { try OperatorEmail.validate(email) }
        try OperatorStore.validateRoles(roles, rules: rules)
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(now)
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            try operators.authorise(.operatorManage, session: session)
            // The second person is never bypassed: once two operators can manage accounts, one
            // approves what the other asks for (`ra-credential`). Before that there is nobody to.
            guard try operators.enabledManagerCount() < 2 else { throw AccessError.needsRequest }
            guard try operators.record(named: name) == nil else {
                throw AccessError.invalid(
                    ValidationIssue(
                        .operatorNameInvalid, "An operator named \(VisibleText.quoted(name)) already exists."))
            }
            let id = try operators.insert(name: name, roles: roles, hash: hash, email: email, at: time)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .operatorAdded, record: "operator/\(id)",
                details: .object([
                    "name": .string(name), "roles": .array(roles.sorted().map(JSONValue.string)),
                    "soleManager": .bool(true), "email": email.map(JSONValue.string) ?? .null,
                ]),
                state: try operators.state(of: id), at: time)
            return try operators.account(id: id)!
        }
    }

    public func setRoles(of name: String, to roles: [String], by session: OperatorSession, now: Date = Date()) throws
        -> Operator
    {
        try OperatorStore.validateRoles(roles, rules: rules)
        return try change(name, action: .operatorRolesChanged, by: session, now: now) { target, operators in
            guard target.id != session.operatorID else { throw AccessError.selfChange("change the roles") }
            let before = try operators.roles(of: target.id)
            if operators.rules.permits(.operatorManage, roles: before)
                && !operators.rules.permits(.operatorManage, roles: roles)
            {
                try operators.requireAnotherManager(besides: target.id)
            }
            try operators.setRoles(of: target.id, to: roles)
            return .object([
                "before": .array(before.map(JSONValue.string)),
                "after": .array(Set(roles).sorted().map(JSONValue.string)),
            ])
        }
    }

    public func disableOperator(_ name: String, by session: OperatorSession, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorDisabled, by: session, now: now) { target, operators in
            guard target.id != session.operatorID else { throw AccessError.selfChange("disable the account") }
            if operators.rules.permits(.operatorManage, roles: try operators.roles(of: target.id)) {
                try operators.requireAnotherManager(besides: target.id)
            }
            try operators.setDisabled(target.id, true)
            return .object([
                "before": .object(["disabled": .bool(target.isDisabled)]), "after": .object(["disabled": .bool(true)]),
            ])
        }
    }

    public func enableOperator(_ name: String, by session: OperatorSession, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorEnabled, by: session, now: now) { target, operators in
            guard target.id != session.operatorID else { throw AccessError.selfChange("re-enable the account") }
            try operators.requireNotRevoked(target.id, name: target.name)
            try operators.setDisabled(target.id, false)
            return .object([
                "before": .object(["disabled": .bool(target.isDisabled)]), "after": .object(["disabled": .bool(false)]),
            ])
        }
    }

    /// Sets or clears (nil) an operator's contact address, where notifications to them as a
    /// requester or subject go. Anyone's needs `operator.manage`; their own needs no permission,
    /// only an account that may act (enabled, not revoked, its passphrase its own), as changing
    /// one's own passphrase does. Audited with the address before and after; setting the address
    /// it already has is still checked but writes nothing.
    public func setEmail(of name: String, to email: String?, by session: OperatorSession, now: Date = Date()) throws
        -> Operator
    {
        if let email { try OperatorEmail.validate(email) }
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            // Asked first, so a name not one's own says nothing before `operator.manage` is checked.
            let isOwn = try operators.record(named: name)?.id == session.operatorID
            if isOwn {
                try operators.authoriseOwnAccount(session: session)
            } else {
                try operators.authorise(.operatorManage, session: session)
            }
            guard let id = try operators.record(named: name)?.id, let target = try operators.account(id: id)
            else { throw AccessError.unknownOperator(name) }
            // Nothing changes, so nothing is recorded: the trail lists changes, not attempts.
            guard target.email != email else { return target }
            try operators.setEmail(of: target.id, to: email)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .operatorEmailChanged, record: "operator/\(target.id)",
                details: .object([
                    "self": .bool(isOwn), "before": target.email.map(JSONValue.string) ?? .null,
                    "after": email.map(JSONValue.string) ?? .null,
                ]),
                state: try operators.state(of: target.id), at: Timestamp.format(now))
            return try operators.account(id: target.id)!
        }
    }

    /// Lifts a lockout before it runs out.
    public func unlockOperator(_ name: String, by session: OperatorSession, now: Date = Date()) throws -> Operator {
        try change(name, action: .operatorUnlocked, by: session, now: now) { target, operators in
            try operators.setLockedUntil(of: target.id, nil)
            try operators.clearFailures(of: target.id)
            return .object([
                "before": .object(["lockedUntil": target.lockedUntil.map(JSONValue.string) ?? .null]),
                "after": .object(["lockedUntil": .null]),
            ])
        }
    }

    /// Sets a new passphrase: for another operator, or for oneself. The audit trail records that
    /// it happened, never the passphrase or its hash.
    public func resetPassphrase(
        of name: String, to passphrase: String, by session: OperatorSession,
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        try Passphrase.validate(passphrase, policy: rules.signIn)
        let hash = try hasher.hash(passphrase)
        return try change(name, action: .operatorPassphraseReset, by: session, now: now) { target, operators in
            try operators.setPassphraseHash(of: target.id, to: hash)
            // A passphrase someone else typed is known to them: its holder changes it first.
            let isSelf = target.id == session.operatorID
            try operators.setMustChangePassphrase(of: target.id, !isSelf)
            return .object(["self": .bool(isSelf), "mustChangePassphrase": .bool(!isSelf)])
        }
    }

    /// Changes the signed-in operator's own passphrase, which needs no permission but the
    /// current passphrase, and clears the duty to change it that an account opened by an RA
    /// credential request, or whose passphrase someone else reset, starts with.
    ///
    /// The current passphrase is checked as a sign-in is (`prepareSignIn`, `completeSignIn`):
    /// a wrong one is counted and audited and can lock the account, and a locked or disabled
    /// account is refused, so a session left open gives no more guesses than the sign-in screen.
    public func changeOwnPassphrase(
        current: String, to passphrase: String, by session: OperatorSession,
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        let attempt = try prepareSignIn(name: session.name, passphrase: current, hasher: hasher, now: now)
        let confirmed = try completeSignIn(attempt, passphrase: current, hasher: hasher, now: now)
        guard let attempt, confirmed.operatorID == session.operatorID else { throw AccessError.signInFailed }
        try Passphrase.validate(passphrase, policy: rules.signIn)
        guard current != passphrase else {
            throw AccessError.invalid(
                ValidationIssue(.passphraseInvalid, "The new passphrase is the one set before; choose another."))
        }
        let hash = try hasher.hash(passphrase)
        // The hash the current passphrase was checked against (or its re-hash at that sign-in):
        // a reset made since refuses the change rather than overwriting it.
        let checked = Set([attempt.checkedHash] + (attempt.rehashed.map { [$0] } ?? []))
        let time = Timestamp.format(now)
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            guard let account = try operators.record(id: session.operatorID), !account.isDisabled,
                checked.contains(account.passphraseHash)
            else { throw AccessError.signInFailed }
            let required = try operators.mustChangePassphrase(session.operatorID)
            try operators.setPassphraseHash(of: session.operatorID, to: hash)
            try operators.setMustChangePassphrase(of: session.operatorID, false)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: .operatorPassphraseChanged,
                record: "operator/\(session.operatorID)",
                details: .object(["required": .bool(required)]),
                state: try operators.state(of: session.operatorID), at: time)
            return try operators.account(id: session.operatorID)!
        }
    }

    /// Applies one change to an operator account, authorised and audited in one transaction.
    private func change(
        _ name: String, action: AuditAction, by session: OperatorSession, now: Date,
        _ body: (Operator, OperatorStore) throws -> JSONValue
    ) throws -> Operator {
        try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            try operators.authorise(.operatorManage, session: session)
            guard let id = try operators.record(named: name)?.id, let target = try operators.account(id: id)
            else { throw AccessError.unknownOperator(name) }
            let details = try body(target, operators)
            try AuditTrail(db: db).append(
                operatorName: session.name, action: action, record: "operator/\(target.id)", details: details,
                state: try operators.state(of: target.id), at: Timestamp.format(now))
            return try operators.account(id: target.id)!
        }
    }
}
