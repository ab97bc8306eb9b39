import GRDB

/// Revoked accounts: a state of their own beside `is_disabled`, kept in `operator_revocation`.
extension OperatorStore {
    /// The account's revocation, or nil: one seek on the primary key.
    func revocation(of id: Int64) throws -> OperatorRevocationRecord? {
        try OperatorRevocationRecord.fetchOne(db, key: id)
    }

    /// Refuses (`access.revoked`) when the account was revoked.
    func requireNotRevoked(_ id: Int64, name: String) throws {
        if let revocation = try revocation(of: id) {
            throw RevocationError.revoked(operator: name, at: revocation.revokedAt)
        }
    }

    /// Revokes the account at once; an account already revoked stays as it was (false).
    @discardableResult
    func revoke(_ id: Int64, by operatorID: Int64, request: Int64?, at time: String) throws -> Bool {
        guard try revocation(of: id) == nil else { return false }
        try OperatorRevocationRecord(operatorID: id, revokedAt: time, revokedBy: operatorID, requestID: request).insert(
            db)
        return true
    }

    /// How many enabled, unrevoked operators hold a role that may manage operators: none means
    /// the registry is in recovery.
    func activeManagerCount() throws -> Int {
        try activeHolders(of: managerRoles, besides: nil)
    }

    /// How many enabled, unrevoked operators other than `besides` hold one of `roles`.
    func activeHolders(of roles: [String], besides: Int64?) throws -> Int {
        guard !roles.isEmpty else { return 0 }
        let placeholders = roles.map { _ in "?" }.joined(separator: ",")
        return try Int.fetchOne(
            db,
            sql: """
                SELECT count(DISTINCT o.id) FROM operator o JOIN operator_role r ON r.operator_id = o.id
                WHERE o.is_disabled = 0 AND o.id != ? AND r.role IN (\(placeholders))
                AND NOT EXISTS (SELECT 1 FROM operator_revocation v WHERE v.operator_id = o.id)
                """, arguments: StatementArguments([besides ?? 0] + roles)) ?? 0
    }
}
