/// A stable, machine-readable name for a kind of validation issue (`eui64.length`).
///
/// Codes are part of the command line's JSON contract and the UI's vocabulary: never rename one.
public struct IssueCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

extension IssueCode {
    // EUI-64 text
    public static let eui64Length: IssueCode = "eui64.length"
    public static let eui64Character: IssueCode = "eui64.character"
    public static let eui64Separators: IssueCode = "eui64.separators"
    public static let eui64Reserved: IssueCode = "eui64.reserved"
    public static let eui64GroupBit: IssueCode = "eui64.group-bit"
    public static let eui64LocalBit: IssueCode = "eui64.local-bit"

    // User Role ranges (RAPP 5.1(b), SEC H1.5)
    public static let roleUnknown: IssueCode = "role.unknown"
    public static let rangeReversed: IssueCode = "range.reversed"
    public static let rangeContainsReserved: IssueCode = "range.contains-reserved"
    public static let rangeNotContinuous: IssueCode = "range.not-continuous"
    public static let rangeOverlapsRole: IssueCode = "range.overlaps-role"
    public static let rangeOverlapsOrganisation: IssueCode = "range.overlaps-organisation"
    public static let rangeSpansOUI: IssueCode = "range.spans-oui"
    public static let rangeMissing: IssueCode = "range.missing"

    // Organisation fields (RAPP 5.1(a))
    public static let fieldRequired: IssueCode = "field.required"
    public static let fieldTooLong: IssueCode = "field.too-long"
    /// A control or invisible character (`VisibleText.mustEscape`), such as ESC or U+200B.
    public static let fieldControlCharacter: IssueCode = "field.control-character"
    public static let fieldFormat: IssueCode = "field.format"
    /// A choice that is not one of the field's options.
    public static let fieldChoice: IssueCode = "field.choice"
    /// A reference to a record the registry does not hold.
    public static let fieldReference: IssueCode = "field.reference"
    /// Too few or too many rows in a group, or choices in a multi-choice.
    public static let fieldCount: IssueCode = "field.count"

    // Organisations' preconditions
    /// An A1 range outside the EUI-64 allocation recorded from SECAS (severity in the rules file).
    public static let rangeOutsideAllocation: IssueCode = "range.outside-allocation"

    // Registry
    public static let organisationUnknown: IssueCode = "organisation.unknown"
    /// An amendment made from a version that is no longer current: someone stored another since.
    public static let organisationStaleVersion: IssueCode = "organisation.stale-version"
    /// An amendment identical to the version it amends: the terminal UI does not store it.
    public static let organisationUnchanged: IssueCode = "organisation.unchanged"
    /// An import line's `amend` or `expectVersion` without the other, or not a positive whole number.
    public static let organisationAmendment: IssueCode = "organisation.amendment"

    // Requests: the automatic checks of a workflow, and what a transition records
    /// The organisation is not registered with a current A1 version.
    public static let organisationNotCurrent: IssueCode = "organisation.not-current"
    /// The organisation has not passed the SMKI and Repository Entry Process Tests.
    public static let organisationEntryTests: IssueCode = "organisation.entry-tests"
    /// The person already holds an active credential of that kind and scope.
    public static let credentialDuplicate: IssueCode = "credential.duplicate"
    /// A scope asked for that the rules file keeps for User Roles the organisation does not hold.
    public static let credentialScope: IssueCode = "credential.scope"
    /// A renewal naming a credential that is not the same holder's active one of that kind.
    public static let credentialRenewal: IssueCode = "credential.renewal"
    /// A caller whose details do not match those recorded for their credential.
    public static let credentialCaller: IssueCode = "credential.caller"
    /// An operator name asked for that an account already has.
    public static let operatorNameTaken: IssueCode = "operator.name-taken"
    /// A reason code missing, or not one the rules file lists.
    public static let requestReason: IssueCode = "request.reason"
    /// A note that cannot be stored (too long, control characters).
    public static let requestNote: IssueCode = "request.note"

    // Operators
    public static let operatorNameInvalid: IssueCode = "operator.name"
    public static let passphraseInvalid: IssueCode = "operator.passphrase"
    public static let operatorRoleInvalid: IssueCode = "operator.role"
    /// An operator contact address that is not one plain e-mail address.
    public static let operatorEmailInvalid: IssueCode = "operator.email"

    // The form file itself
    public static let formSyntax: IssueCode = "form.syntax"
    public static let formTooLarge: IssueCode = "form.too-large"
    public static let formUnknownKey: IssueCode = "form.unknown-key"
    public static let formMissingKey: IssueCode = "form.missing-key"
    public static let formType: IssueCode = "form.type"
    public static let formKind: IssueCode = "form.kind"

    // The forms folder
    public static let formsUnknownFile: IssueCode = "forms.unknown-file"

    // Certificate signing requests and certificates (SEC Appendix M, Appendix G)
    /// Not in an encoding Appendix M accepts, or not a PKCS#10 request at all (garbage, cut short).
    public static let csrEncoding: IssueCode = "csr.encoding"
    /// The request's signature does not verify with its own public key.
    public static let csrSignature: IssueCode = "csr.signature"
    public static let csrProfileVersion: IssueCode = "csr.profile.version"
    /// The OU is not two hex digits, or not a Remote Party Role code the rules list.
    public static let csrProfileOU: IssueCode = "csr.profile.ou"
    /// O, OU or CN missing or repeated in an Authorised System's request.
    public static let csrProfileSubject: IssueCode = "csr.profile.subject"
    public static let csrProfileKey: IssueCode = "csr.profile.key"
    public static let csrProfileSignatureAlgorithm: IssueCode = "csr.profile.signature-algorithm"
    public static let csrProfileKeyUsage: IssueCode = "csr.profile.key-usage"
    /// The requested extensions cannot be read.
    public static let csrProfileExtensions: IssueCode = "csr.profile.extensions"
    public static let csrEUI64Missing: IssueCode = "csr.eui64.missing"
    public static let csrEUI64Repeated: IssueCode = "csr.eui64.repeated"
    /// The uniqueIdentifier is not a BIT STRING of 8 octets (a text string of hex, say).
    public static let csrEUI64Encoding: IssueCode = "csr.eui64.encoding"
    public static let csrEUI64Reserved: IssueCode = "csr.eui64.reserved"
    /// The EUI-64 is held by another organisation than the one the request is checked for.
    public static let csrEUI64Organisation: IssueCode = "csr.eui64.organisation"
    /// The role code is not one the holder's User Roles may hold (site rule).
    public static let csrRoleCode: IssueCode = "csr.role-code"
    /// No registered organisation holds the EUI-64.
    public static let csrNotRegistered: IssueCode = "csr.not-registered"
    /// Checked against the rules alone: there is no registry yet.
    public static let csrNoRegistry: IssueCode = "csr.no-registry"
    /// A file of a batch that cannot be read.
    public static let csrFile: IssueCode = "csr.file"
    /// A batch holds more requests than Appendix M allows in one.
    public static let csrBatchSize: IssueCode = "csr.batch.size"
    /// A certificate that is not PEM or DER X.509.
    public static let certEncoding: IssueCode = "cert.encoding"

    // The policy
    /// A policy does what no policy may (`PolicyInvariants`).
    public static let policyInvariant: IssueCode = "policy.invariant"

    // Notification templates and where notifications go
    /// A template's `{{` without its `}}`, or an empty placeholder.
    public static let templateSyntax: IssueCode = "template.syntax"
    /// A template names a placeholder ratui does not fill.
    public static let templatePlaceholder: IssueCode = "template.placeholder"
    /// A template names a personal evidence field: personal evidence never goes into a message.
    public static let templatePersonal: IssueCode = "template.personal"
    /// A workflow's notification names an unknown template or recipient, or one it cannot find.
    public static let notificationRecipient: IssueCode = "notification.recipient"
    /// A workflow's notification names a template the policy does not hold.
    public static let notificationTemplate: IssueCode = "notification.template"
    /// An address in the rules file's notifications section is not one plain e-mail address.
    public static let notificationAddress: IssueCode = "notification.address"
}
