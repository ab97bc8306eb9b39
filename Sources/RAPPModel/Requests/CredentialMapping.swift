/// Which of a workflow's form fields make the credential it creates: the `credential` section of
/// a workflow file.
///
/// The engine knows credentials, not forms: this mapping lets the duplicate check and the
/// `credential.create` effect work for any form an RA defines.
public struct CredentialMapping: Hashable, Sendable {
    /// The credential's kind, as `credential list` shows it (`aro`).
    public let kind: String
    /// A reference to the organisation the holder acts for; nil for the RA's own people.
    public let organisationField: String?
    /// The holder's name (text).
    public let holderNameField: String
    /// The holder's date of birth (a date), which tells two people of one name apart.
    public let holderBirthDateField: String?
    /// The scopes asked for (a multi-choice); without it, a credential has one scope, its kind.
    public let scopesField: String?
    /// The action whose evidence holds the credential's identifying details (serials, user name,
    /// expiry date).
    public let detailsFrom: String?
    /// A reference to the credential a renewal replaces: active until the new one is created,
    /// superseded then.
    public let renewsField: String?
}
