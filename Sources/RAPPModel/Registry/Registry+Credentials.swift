/// The credentials' entry points: reading them (`request.read`). Requests create them.
extension Registry {
    /// A page of credentials after `after`, in id order, filtered by holder, organisation and state.
    public func credentials(
        holder: Int64? = nil, organisation: Int64? = nil, state: String? = nil, after: Int64 = 0, limit: Int, by session: OperatorSession
    ) throws -> [Credential] {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try CredentialStore(db: db).credentials(holder: holder, organisation: organisation, state: state, after: after, limit: limit)
        }
    }

    /// The credential with its history, or nil.
    public func credential(_ id: Int64, by session: OperatorSession) throws -> Credential? {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try CredentialStore(db: db).credential(id)
        }
    }
}
