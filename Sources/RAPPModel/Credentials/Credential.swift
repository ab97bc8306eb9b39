/// A credential the RA issued: its holder, kind, scopes, identifying details and every state it
/// has been in, with who recorded it, when, and through which request.
public struct Credential: Hashable, Sendable {
    public struct Holder: Hashable, Sendable {
        public let id: Int64
        public let kind: String
        public let name: String
        public let organisationID: Int64?
        public let operatorID: Int64?
    }

    public struct StateChange: Hashable, Sendable {
        public let state: String
        public let recordedAt: String
        public let operatorName: String
        public let requestID: Int64?
    }

    public let id: Int64
    public let kind: String
    public let holder: Holder
    public let organisationID: Int64?
    public let requestID: Int64
    public let scopes: [String]
    /// Serials, user name, expiry date: as recorded at issue. Never a PIN or password.
    public let details: [String: JSONValue]
    public let createdAt: String
    public let history: [StateChange]

    public var state: String { history.last?.state ?? "" }

    /// The expiry date recorded at issue (YYYY-MM-DD), if any.
    public var expiresOn: String? {
        if case .string(let date)? = details[CredentialStore.expiryKey] { date } else { nil }
    }
}
