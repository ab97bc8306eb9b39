import Foundation
import GRDB

/// A credential's state for the audit trail (`credential/N`): its current state, its scopes and
/// details (serials, user name, expiry: never a secret) as values people compare, and a digest of
/// every column of its `credential` row and of every `credential_state` row, superseded ones
/// included.
///
/// Credentials are created by a request's `credential.create` effect: the `request.transitioned`
/// event of that step records the credential's state (and its holder's) with the request's.
/// Every later change of state is an event that records it likewise.
extension CredentialStore: AuditedStore {
    static let recordKind = "credential"

    /// The columns digested, in order: every column of each table.
    static let credentialColumns = "id, kind, holder_id, organisation_id, request_id, scopes, details, created_at"
    static let stateColumns = "credential_id, sequence, state, recorded_at, operator_id, request_id, is_current"

    /// The state of a credential row (in `credentialColumns` order) and its state rows.
    static func state(credential: [DatabaseValue]?, states: [[DatabaseValue]]) -> JSONValue {
        var digest = RowDigest()
        digest.add(table: credential == nil ? "no credential" : "credential", credential ?? [])
        var current: [JSONValue] = []
        for state in states {
            digest.add(table: "credential_state", state)
            if state.count == 7, state[6] == true.databaseValue { current.append(JSONValue(stored: state[2])) }
        }
        let values = credential.flatMap { $0.count == 8 ? $0 : nil }
        return .object([
            "state": current.count == 1 ? current[0] : .array(current),
            "scopes": values.map { Self.json($0[5]) } ?? .null,
            "details": values.map { Self.json($0[6]) } ?? .null,
            "rows": .string(digest.finish()),
        ])
    }

    /// A stored JSON column as its value, so a difference shows the field that changed; the
    /// stored value itself when it is not JSON.
    static func json(_ value: DatabaseValue) -> JSONValue {
        guard case .string(let text) = value.storage, let parsed = try? JSONValue.parse(Data(text.utf8)) else {
            return JSONValue(stored: value)
        }
        return parsed
    }

    func state(of id: Int64) throws -> JSONValue? {
        let credential = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.credentialColumns) FROM credential WHERE id = ?"), arguments: [id])
        let states = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT \(Self.stateColumns) FROM credential_state WHERE credential_id = ? ORDER BY sequence"),
            arguments: [id])
        guard credential != nil || !states.isEmpty else { return nil }
        return Self.state(
            credential: credential.map { Array($0.databaseValues) }, states: states.map { Array($0.databaseValues) })
    }

    /// Every credential's state: credentials by id beside their states by `(credential_id,
    /// sequence)`, the primary key; states of no credential are reported under the id they name.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let credentials = try Row.fetchCursor(db, sql: "SELECT \(Self.credentialColumns) FROM credential ORDER BY id")
        let states = try Row.fetchCursor(
            db, sql: "SELECT \(Self.stateColumns) FROM credential_state ORDER BY credential_id, sequence")
        try RequestStore.merge(credentials, states) { id, credential, states in
            try body(id, Self.state(credential: credential, states: states))
        }
    }
}

/// Credential holders, as the audit trail accounts for them (`credential-holder/N`): the name,
/// a digest of every column of the row, and its personal data (the date of birth a holder is
/// found again by) by salted digest only. A holder is added by the step that creates its first
/// credential, whose event records the holder's state with the credential's.
struct CredentialHolderStore: AuditedStore {
    let db: Database

    static let recordKind = "credential-holder"

    static let columns = "id, kind, organisation_id, operator_id, name, name_key, personal_digest, created_at"

    func state(of values: [DatabaseValue]) throws -> JSONValue {
        var digest = RowDigest()
        digest.add(table: "credential_holder", values)
        guard values.count == 8 else { return .object(["rows": .string(digest.finish())]) }
        return .object([
            "name": JSONValue(stored: values[4]),
            "rows": .string(digest.finish()),
            "personal": values[6].isNull ? .null : try PersonalData.stateValue(of: values[6], db: db),
        ])
    }

    func state(of id: Int64) throws -> JSONValue? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.columns) FROM credential_holder WHERE id = ?"), arguments: [id]
        )
        .map { try state(of: Array($0.databaseValues)) }
    }

    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let holders = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM credential_holder ORDER BY id")
        while let row = try holders.next() {
            let values = Array(row.databaseValues)
            try body(Int64.fromDatabaseValue(values[0]) ?? Int64.min, try state(of: values))
        }
    }
}
