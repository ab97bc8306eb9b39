import GRDB

/// Revoking credentials: a `revoked` state row supersedes the current one, with the time, who
/// and the request. Written against credentials generically, so any kind (an ARO's, an Authorised
/// System's, an RA person's, and kinds added later) is revoked the same way.
extension CredentialStore {
    /// The state a revoked credential is in.
    static let revoked = "revoked"

    /// Revokes the credential if it is not revoked already; returns whether it changed.
    @discardableResult
    func revoke(_ id: Int64, by operatorID: Int64, request: Int64?, at time: String) throws -> Bool {
        guard
            let current = try CredentialStateRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM credential_state INDEXED BY credential_state_current WHERE credential_id = ? AND is_current = 1
                    """, arguments: [id]), current.state != Self.revoked
        else { return false }
        try db.execute(
            sql: "UPDATE credential_state SET is_current = 0 WHERE credential_id = ? AND sequence = ?",
            arguments: [id, current.sequence])
        try CredentialStateRecord(
            credentialID: id, sequence: current.sequence + 1, state: Self.revoked, recordedAt: time,
            operatorID: operatorID,
            requestID: request, isCurrent: true
        ).insert(db)
        return true
    }

    /// The credentials in use (active) that were recorded for an operator (their holders name
    /// the account): one seek on `credential_holder_operator`, then each holder's credentials.
    func inUse(ofOperator operatorID: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM credential_holder h INDEXED BY credential_holder_operator
                JOIN credential c INDEXED BY credential_holder_index ON c.holder_id = h.id
                JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id AND s.is_current = 1
                WHERE h.operator_id = ? AND s.state = ? ORDER BY c.id
                """, arguments: [operatorID, Self.active])
    }

    /// The organisation's credentials in use (active), of every kind and holder.
    func inUse(ofOrganisation organisation: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM credential c INDEXED BY credential_organisation
                JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id AND s.is_current = 1
                WHERE c.organisation_id = ? AND s.state = ? ORDER BY c.id
                """, arguments: [organisation, Self.active])
    }

    /// The credentials in use (active) of the holder of credential `id` (an ARO or a system).
    func inUse(ofHolderOf id: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM credential c INDEXED BY credential_holder_index
                JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id AND s.is_current = 1
                WHERE c.holder_id = (SELECT holder_id FROM credential WHERE id = ?) AND s.state = ? ORDER BY c.id
                """, arguments: [id, Self.active])
    }

    /// Whether the credential is in use (active).
    func isInUse(_ id: Int64) throws -> Bool {
        try String.fetchOne(
            db,
            sql: """
                SELECT state FROM credential_state INDEXED BY credential_state_current WHERE credential_id = ? AND is_current = 1
                """, arguments: [id]) == Self.active
    }

    /// The organisation a credential was issued for, or nil.
    func organisation(of id: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT organisation_id FROM credential WHERE id = ?", arguments: [id])
    }
}
