import GRDB

/// An operator's state for the audit trail: every column of the account as stored (the contact
/// address among them), its roles, and a SHA-256 digest of the stored passphrase record in place
/// of the record.
///
/// The digest tells a changed or copied passphrase record (one operator's hash put on another's
/// account) from the one the trail recorded, and reveals nothing to guess with: the record's salt
/// is not in it. Sign-in failures (`sign_in_failure`) are not part of the state: they are a rate
/// limit's working set, cleared by a successful sign-in, and every failure is an event already.
extension OperatorStore: AuditedStore {
    static let recordKind = "operator"

    static let accountColumns =
        "id, name, passphrase_hash, is_disabled, locked_until, created_at, must_change_passphrase, email"

    /// The state of an account row (in `accountColumns` order) with its roles, as stored.
    static func state(account values: [DatabaseValue]?, roles: [DatabaseValue], revocation: Row? = nil) -> JSONValue {
        guard let values, values.count == 8 else {
            return .object(["account": .null, "roles": .array(roles.map(JSONValue.init(stored:)))])
        }
        let passphrase: JSONValue
        switch values[2].storage {
        case .string(let record): passphrase = .string(RowDigest.sha256(record))
        default: passphrase = .string("not text: " + JSONValue(stored: values[2]).serialized())
        }
        var state: [String: JSONValue] = [
            "name": JSONValue(stored: values[1]), "passphrase": passphrase, "disabled": JSONValue(stored: values[3]),
            "lockedUntil": JSONValue(stored: values[4]), "createdAt": JSONValue(stored: values[5]),
            "roles": .array(roles.map(JSONValue.init(stored:))),
        ]
        // Recorded only while set (schema 8), so states recorded before it existed still match.
        if values[6] != 0.databaseValue { state["mustChangePassphrase"] = JSONValue(stored: values[6]) }
        // The contact address (schema 15), recorded as stored while set: a changed address would
        // redirect a revocation's notice, so `audit verify` must see it.
        if !values[7].isNull { state["email"] = JSONValue(stored: values[7]) }
        // Only a revoked account has the facet, so the states recorded before revocation existed
        // still match the accounts they describe.
        if let revocation {
            state["revoked"] = .object(
                Dictionary(
                    uniqueKeysWithValues: revocation.columnNames.map { name in
                        (name, JSONValue(stored: revocation[name] as DatabaseValue))
                    }))
        }
        return .object(state)
    }

    /// The account's `operator_revocation` row, every column, or nil.
    func revocationRow(of id: Int64) throws -> Row? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT revoked_at, revoked_by, request_id FROM operator_revocation WHERE operator_id = ?"),
            arguments: [id])
    }

    func state(of id: Int64) throws -> JSONValue? {
        let account = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.accountColumns) FROM operator WHERE id = ?"), arguments: [id])
        let roles = try DatabaseValue.fetchAll(
            db.cachedStatement(sql: "SELECT role FROM operator_role WHERE operator_id = ? ORDER BY role"),
            arguments: [id])
        guard account != nil || !roles.isEmpty else { return nil }
        return Self.state(
            account: account.map { Array($0.databaseValues) }, roles: roles, revocation: try revocationRow(of: id))
    }

    /// Every operator's state: accounts by id beside their roles by `(operator_id, role)`, the
    /// primary key; roles of no account are reported under the id they name.
    func forEachState(_ body: (Int64, JSONValue) throws -> Void) throws {
        let accounts = try Row.fetchCursor(db, sql: "SELECT \(Self.accountColumns) FROM operator ORDER BY id")
        let roles = try Row.fetchCursor(
            db, sql: "SELECT operator_id, role FROM operator_role ORDER BY operator_id, role")
        var nextAccount = try accounts.next().map { Array($0.databaseValues) }
        var nextRole = try roles.next().map { Array($0.databaseValues) }
        func id(_ values: [DatabaseValue]?) -> Int64? {
            values.map { Int64.fromDatabaseValue($0[0]) ?? Int64.min }
        }
        while nextAccount != nil || nextRole != nil {
            let current = [id(nextAccount), id(nextRole)].compactMap { $0 }.min()!
            var account: [DatabaseValue]?
            if id(nextAccount) == current {
                account = nextAccount
                nextAccount = try accounts.next().map { Array($0.databaseValues) }
            }
            var held: [DatabaseValue] = []
            while let role = nextRole, id(role) == current {
                held.append(role[1])
                nextRole = try roles.next().map { Array($0.databaseValues) }
            }
            try body(current, Self.state(account: account, roles: held, revocation: try revocationRow(of: current)))
        }
    }
}
