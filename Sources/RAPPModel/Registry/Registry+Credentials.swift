import Foundation

/// The credentials' entry points: reading them (`request.read`). Requests create them.
extension Registry {
    /// A page of credentials after `after`, in id order, filtered by holder, organisation and state.
    public func credentials(
        holder: Int64? = nil, organisation: Int64? = nil, state: String? = nil, after: Int64 = 0, limit: Int,
        by session: OperatorSession
    ) throws -> [Credential] {
        try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try CredentialStore(db: db).credentials(
                holder: holder, organisation: organisation, state: state, after: after, limit: limit)
        }
    }

    /// A page of active credentials expiring within `days` of `now` (expired ones included), in id
    /// order, by the expiry index. Days outside `CredentialLife.listDays` are `credential.days`.
    public func credentials(
        expiringWithin days: Int, after: Int64 = 0, limit: Int, by session: OperatorSession, now: Date = Date()
    ) throws -> [Credential] {
        let days = try CredentialLife.checked(days: days)
        let date = String(Timestamp.format(now.addingTimeInterval(Double(days) * 86_400)).prefix(10))
        return try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try CredentialStore(db: db).expiring(by: date, after: after, limit: limit)
        }
    }

    /// A page of active credentials with no recorded activity for `days` (the rules file's
    /// `credentials.dormantAfterDays` when nil), with their last activity, in id order. Days
    /// outside `CredentialLife.listDays` are `credential.days`.
    public func dormantCredentials(
        days: Int? = nil, after: Int64 = 0, limit: Int, by session: OperatorSession, now: Date = Date()
    ) throws -> [(credential: Credential, lastActivity: String)] {
        let days = try CredentialLife.checked(days: days ?? rules.credentialLife.dormantAfterDays)
        let cutoff = Timestamp.format(now.addingTimeInterval(-Double(days) * 86_400))
        return try read { db in
            try OperatorStore(db: db, rules: rules).authorise(.requestRead, session: session)
            return try CredentialStore(db: db).dormant(before: cutoff, after: after, limit: limit)
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
