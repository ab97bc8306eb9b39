import Foundation
import GRDB

/// Credentials, their holders and their states.
///
/// Like every store, it works on one connection inside a transaction the registry opened. A
/// credential is created active by a request's `credential.create` effect; later issues add
/// revocation and expiry as further states.
struct CredentialStore {
    let db: Database

    /// The state a credential in use is in.
    static let active = "active"
    /// The state of a credential a renewal replaced.
    static let superseded = "superseded"
    /// The key of a credential's details that holds its expiry date (YYYY-MM-DD), as the issue
    /// evidence forms name it; `credential_expiry` indexes it.
    public static let expiryKey = "expiryDate"

    // MARK: Holders

    /// The holders of `kind` at the organisation with the same name (folded) and, when given,
    /// the same date of birth (from their personal data).
    func holders(kind: String, organisation: Int64, name: String, birthDate: JSONValue?) throws -> [Int64] {
        let candidates = try CredentialHolderRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM credential_holder INDEXED BY credential_holder_match
                WHERE organisation_id = ? AND name_key = ? AND kind = ? ORDER BY id
                """, arguments: [organisation, CredentialHolderRecord.key(name), kind])
        let requests = RequestStore(db: db)
        return try candidates.compactMap { holder in
            guard let birthDate else { return holder.id }
            let stored = try requests.personal(holder.personalDigest)?.content?[Self.birthDateKey]
            return stored == birthDate ? holder.id : nil
        }
    }

    /// The key a holder's date of birth is stored under in its personal data.
    static let birthDateKey = "dateOfBirth"

    func addHolder(
        kind: String, organisation: Int64?, operator operatorID: Int64? = nil, name: String, birthDate: JSONValue?,
        at time: String
    ) throws -> Int64 {
        let digest = try birthDate.flatMap { try RequestStore(db: db).storePersonal([Self.birthDateKey: $0], at: time) }
        var record = CredentialHolderRecord(
            id: nil, kind: kind, organisationID: organisation, operatorID: operatorID, name: name,
            nameKey: CredentialHolderRecord.key(name), personalDigest: digest, createdAt: time)
        try record.insert(db)
        return record.id!
    }

    // MARK: Credentials

    /// The active credentials of `kind` held by any of `holders`, with their scopes.
    func active(kind: String, heldBy holders: [Int64]) throws -> [(id: Int64, scopes: [String])] {
        guard !holders.isEmpty else { return [] }
        let placeholders = holders.map { _ in "?" }.joined(separator: ",")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.scopes FROM credential c INDEXED BY credential_holder_index
                JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id AND s.is_current = 1
                WHERE c.holder_id IN (\(placeholders)) AND c.kind = ? AND s.state = ? ORDER BY c.id
                """, arguments: StatementArguments(holders + [kind, Self.active])
        ).map { row in
            (row["id"], Self.strings(row["scopes"]))
        }
    }

    /// Creates an active credential; returns its id.
    func create(
        kind: String, holder: Int64, organisation: Int64?, request: Int64, scopes: [String],
        details: [String: JSONValue],
        by operatorID: Int64, at time: String
    ) throws -> Int64 {
        var record = CredentialRecord(
            id: nil, kind: kind, holderID: holder, organisationID: organisation, requestID: request,
            scopes: JSONValue.array(scopes.map(JSONValue.string)).serialized(),
            details: JSONValue.object(details).serialized(),
            createdAt: time)
        try record.insert(db)
        let id = record.id!
        try CredentialStateRecord(
            credentialID: id, sequence: 1, state: Self.active, recordedAt: time, operatorID: operatorID,
            requestID: request, isCurrent: true
        ).insert(db)
        return id
    }

    /// Moves a credential to `state`: its current state row is superseded by a new one.
    func setState(of id: Int64, to state: String, request: Int64?, by operatorID: Int64, at time: String) throws {
        let sequence =
            try Int.fetchOne(
                db, sql: "SELECT max(sequence) FROM credential_state WHERE credential_id = ?", arguments: [id]) ?? 0
        try db.execute(
            sql: "UPDATE credential_state SET is_current = 0 WHERE credential_id = ? AND is_current = 1",
            arguments: [id])
        try CredentialStateRecord(
            credentialID: id, sequence: sequence + 1, state: state, recordedAt: time, operatorID: operatorID,
            requestID: request, isCurrent: true
        ).insert(db)
    }

    /// A page of active credentials expiring on or before `date` (YYYY-MM-DD; expired ones
    /// included), by id after `after`: a range of the `credential_expiry` index.
    func expiring(by date: String, after: Int64, limit: Int) throws -> [Credential] {
        guard limit > 0 else { return [] }
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM credential c INDEXED BY credential_expiry
                JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id AND s.is_current = 1
                WHERE json_type(c.details, '$.expiryDate') = 'text' AND json_extract(c.details, '$.expiryDate') <= ?
                  AND c.id > ? AND s.state = ?
                ORDER BY c.id LIMIT ?
                """, arguments: [date, after, Self.active, limit])
        return try ids.compactMap { try credential($0) }
    }

    /// A page of active credentials, by id after `after`, whose last recorded activity (their
    /// creation, any change of state, the latest step of any request about them) is before
    /// `cutoff`, each with that activity's time. Active credentials are read by the state index,
    /// their activity by seeks on their states and on `request_credential`.
    func dormant(before cutoff: String, after: Int64, limit: Int) throws -> [(
        credential: Credential, lastActivity: String
    )] {
        guard limit > 0 else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, last FROM (
                    SELECT s.credential_id AS id, max(
                        coalesce((SELECT created_at FROM credential WHERE id = s.credential_id), ''),
                        coalesce((SELECT max(recorded_at) FROM credential_state WHERE credential_id = s.credential_id), ''),
                        coalesce((SELECT max(t.recorded_at) FROM request_credential r
                                  JOIN request_transition t INDEXED BY request_transition_current ON t.request_id = r.request_id AND t.is_current = 1
                                  WHERE r.credential_id = s.credential_id), '')) AS last
                    FROM credential_state s INDEXED BY credential_state_by_state
                    WHERE s.is_current = 1 AND s.state = ? AND s.credential_id > ?
                    ORDER BY s.credential_id)
                WHERE last < ? LIMIT ?
                """, arguments: [Self.active, after, cutoff, limit])
        return try rows.compactMap { row in try credential(row["id"]).map { ($0, row["last"]) } }
    }

    func credential(_ id: Int64) throws -> Credential? {
        guard let record = try CredentialRecord.fetchOne(db, key: id),
            let holder = try CredentialHolderRecord.fetchOne(db, key: record.holderID)
        else { return nil }
        let history = try Row.fetchAll(
            db,
            sql: """
                SELECT s.state, s.recorded_at, o.name, s.request_id FROM credential_state s JOIN operator o ON o.id = s.operator_id
                WHERE s.credential_id = ? ORDER BY s.sequence
                """, arguments: [id]
        ).map { Credential.StateChange(state: $0[0], recordedAt: $0[1], operatorName: $0[2], requestID: $0[3]) }
        return Credential(
            id: id, kind: record.kind,
            holder: .init(
                id: record.holderID, kind: holder.kind, name: holder.name, organisationID: holder.organisationID,
                operatorID: holder.operatorID),
            organisationID: record.organisationID, requestID: record.requestID, scopes: Self.strings(record.scopes),
            details: RequestStore.object(record.details) ?? [:], createdAt: record.createdAt, history: history)
    }

    /// A page of credentials after `after`, by id, filtered: one seek on the index of the most
    /// selective filter given (holder, then organisation, then state).
    func credentials(holder: Int64?, organisation: Int64?, state: String?, after: Int64, limit: Int) throws
        -> [Credential]
    {
        guard limit > 0 else { return [] }
        var conditions = ["c.id > ?"]
        var arguments: [any DatabaseValueConvertible] = [after]
        let index: String
        if let holder {
            index = "credential_holder_index"
            conditions.append("c.holder_id = ?")
            arguments.append(holder)
        } else if organisation != nil {
            index = "credential_organisation"
        } else {
            index = ""
        }
        if let organisation {
            conditions.append("c.organisation_id = ?")
            arguments.append(organisation)
        }
        if let state {
            conditions.append("s.state = ?")
            arguments.append(state)
        }
        arguments.append(limit)
        let from =
            holder == nil && organisation == nil && state != nil
            ? "credential_state s INDEXED BY credential_state_by_state JOIN credential c ON c.id = s.credential_id"
            : "credential c \(index.isEmpty ? "" : "INDEXED BY \(index)") JOIN credential_state s INDEXED BY credential_state_current ON s.credential_id = c.id"
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM \(from) WHERE s.is_current = 1 AND \(conditions.joined(separator: " AND ")) ORDER BY c.id LIMIT ?
                """, arguments: StatementArguments(arguments))
        return try ids.compactMap { try credential($0) }
    }

    static func strings(_ text: String) -> [String] {
        guard case .array(let items)? = try? JSONValue.parse(Data(text.utf8)) else { return [] }
        return items.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }
}
