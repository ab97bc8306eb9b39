import Foundation
import GRDB

/// Revocation's entry points outside the request engine: whether a session's account was revoked
/// (for front ends holding one open), and recovery when a revocation left no enabled ra-manager.
extension Registry {
    /// Refuses (`access.revoked`, 77) when the session's account was revoked since sign-in: the
    /// terminal UI asks it before each piece of registry work, so an open session ends at its next
    /// action, whatever that action needs.
    public func requireNotRevoked(_ session: OperatorSession) throws {
        try read { db in
            try OperatorStore(db: db, rules: rules).requireNotRevoked(session.operatorID, name: session.name)
        }
    }

    /// Whether the registry is in recovery: it has operators, but none enabled and unrevoked
    /// holds a role that may manage operators (a verified revocation of the last ra-manager).
    public func isInRecovery() throws -> Bool {
        try read { db in
            let operators = OperatorStore(db: db, rules: rules)
            return try operators.count() > 0 && operators.activeManagerCount() == 0
        }
    }

    /// In recovery, creates one new operator with every role that may manage operators, on the
    /// sign-ins of other operators: at least `revocation.recovery.signIns` different people, each
    /// enabled and unrevoked now, one of them holding a role of `revocation.recovery.oneOf` (a
    /// PMA member). Audited as `operator.recovered`, naming them. Refused outside recovery
    /// (`recovery.not-needed`), and once it has run, since the registry then has a manager.
    public func recover(
        name: String, passphrase: String, signedIn sessions: [OperatorSession],
        hasher: PassphraseHasher = PassphraseHasher(), now: Date = Date()
    ) throws -> Operator {
        try OperatorName.validate(name)
        try Passphrase.validate(passphrase, policy: rules.signIn)
        guard let revocation = rules.revocation else {
            throw RevocationError.recoverySignIns("the rules file has no revocation section saying whose.")
        }
        let roles = rules.operatorRoles.map(\.id).filter { rules.permits(.operatorManage, roles: [$0]) }
        let hash = try hasher.hash(passphrase)
        let time = Timestamp.format(now)
        return try write { db in
            let operators = OperatorStore(db: db, rules: rules)
            guard try operators.count() > 0, try operators.activeManagerCount() == 0 else {
                throw RevocationError.notInRecovery
            }
            var people: [Int64: String] = [:]
            var qualifying = false
            for session in sessions {
                try operators.requireNotRevoked(session.operatorID, name: session.name)
                guard let account = try operators.record(id: session.operatorID), !account.isDisabled else {
                    throw RevocationError.recoverySignIns("\(VisibleText.quoted(session.name))'s account is disabled.")
                }
                people[session.operatorID] = account.name
                if !Set(try operators.roles(of: session.operatorID)).isDisjoint(with: revocation.recoveryOneOf) {
                    qualifying = true
                }
            }
            guard people.count >= revocation.recoverySignIns else {
                throw RevocationError.recoverySignIns(
                    "\(revocation.recoverySignIns) different operators must sign in; \(people.count) did.")
            }
            guard qualifying else {
                let named = revocation.recoveryOneOf.map(rules.operatorRoleName).joined(separator: " or ")
                throw RevocationError.recoverySignIns("one of them must be a \(named).")
            }
            guard try operators.record(named: name) == nil else {
                throw AccessError.invalid(
                    ValidationIssue(
                        .operatorNameInvalid, "An operator named \(VisibleText.quoted(name)) already exists."))
            }
            let id = try operators.insert(name: name, roles: roles, hash: hash, at: time)
            let names = sessions.map(\.name)
            try AuditTrail(db: db).append(
                operatorName: names.joined(separator: " + "), action: .operatorRecovered, record: "operator/\(id)",
                details: .object([
                    "name": .string(name), "roles": .array(roles.sorted().map(JSONValue.string)),
                    "signedInBy": .array(names.map(JSONValue.string)),
                ]),
                state: try operators.state(of: id), at: time)
            return try operators.account(id: id)!
        }
    }
}

extension Registry {
    /// The operators whose credentials a revocation request on form A7 may name: enabled or
    /// disabled, not yet revoked, holding one of `revocation.subjectRoles`, by name. For whoever
    /// may file one (`revocation.request`), who may not manage operators: a PMA member picks the
    /// subject from it, as the form's `subject` reference needs the account's id.
    public func revocationSubjects(by session: OperatorSession) throws -> [Operator] {
        try read { db in
            let operators = OperatorStore(db: db, rules: rules)
            try operators.authorise(.revocationRequest, session: session)
            let roles = rules.revocation?.subjectRoles ?? []
            guard !roles.isEmpty else { return [] }
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT o.id FROM operator o JOIN operator_role r ON r.operator_id = o.id
                    WHERE r.role IN (\(roles.map { _ in "?" }.joined(separator: ",")))
                    AND NOT EXISTS (SELECT 1 FROM operator_revocation v WHERE v.operator_id = o.id)
                    ORDER BY o.name
                    """, arguments: StatementArguments(roles))
            return try ids.compactMap { try operators.account(id: $0) }
        }
    }
}
