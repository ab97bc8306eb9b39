/// How a workflow checks a caller against the details recorded when their credential was asked
/// for: the `caller` section of a workflow file (a Repository login unlock, SEC Appendix P).
///
/// `fields` maps a field of this request's form to a field of the form of the request that
/// created the credential (`callerName` to the ARO Nomination Form's `nomineeName`); the check
/// `credential.caller-matches` compares each pair (names without case, accents or extra spaces,
/// telephone numbers by their digits, anything else exactly).
public struct CallerMapping: Hashable, Sendable {
    /// A reference to the credential whose holder is calling.
    public let credentialField: String
    /// The kind of credential it must be (`aro`).
    public let credentialKind: String
    /// This form's field → the original request's field, in this form's field order.
    public let fields: [(String, String)]

    public static func == (lhs: CallerMapping, rhs: CallerMapping) -> Bool {
        lhs.credentialField == rhs.credentialField && lhs.credentialKind == rhs.credentialKind
            && lhs.fields.map(\.0) == rhs.fields.map(\.0) && lhs.fields.map(\.1) == rhs.fields.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(credentialField)
        hasher.combine(credentialKind)
        fields.forEach {
            hasher.combine($0.0)
            hasher.combine($0.1)
        }
    }
}
