import SwiftASN1
import X509

/// What an Organisation CSR's or certificate's subject says about whom it is for: the Remote
/// Party Role code in its OU and the EUI-64 in its uniqueIdentifier (SEC Appendix M).
///
/// Read from swift-certificates' `DistinguishedName`; every way the subject departs from the
/// profile becomes an issue saying what was found instead, and whatever could still be read is
/// kept, so a uniqueIdentifier written as hex text is still looked up in the registry.
public struct OrganisationSubject: Hashable, Sendable {
    /// The OU as written, when there is exactly one.
    public var organisationalUnit: String?
    /// The Remote Party Role code, when the OU is two hex digits.
    public var roleCode: UInt8?
    public var eui64: EUI64?
    public var commonName: String?
    public var issues: [ValidationIssue] = []

    /// `uniqueIdentifier` (X.520 2.5.4.45), which Appendix M uses for the subject's EUI-64.
    public static let uniqueIdentifier: ASN1ObjectIdentifier = [2, 5, 4, 45]

    static let ouField = FieldPath.key("subject").appending(key: "OU")
    static let uniqueIdentifierField = FieldPath.key("subject").appending(key: "uniqueIdentifier")

    /// A subject read by another profile, which fills in what it has.
    static let empty = OrganisationSubject()

    private init() {}

    /// Reads the subject under `rules` (which Remote Party Role codes exist).
    public init(_ subject: DistinguishedName, rules: SiteRules) {
        let attributes = subject.flatMap { $0 }
        commonName = attributes.first { $0.type == .RDNAttributeType.commonName }.flatMap { String($0.value) }
        readRoleCode(attributes.filter { $0.type == .RDNAttributeType.organizationalUnitName }, rules: rules)
        readEUI64(attributes.filter { $0.type == Self.uniqueIdentifier })
    }

    private mutating func readRoleCode(_ units: [RelativeDistinguishedName.Attribute], rules: SiteRules) {
        func issue(_ message: String, siteRule: Bool = false) {
            issues.append(ValidationIssue(.csrProfileOU, message, field: Self.ouField, isSiteRule: siteRule))
        }
        guard units.count == 1, let unit = units.first else {
            issue(
                units.isEmpty
                    ? "The subject has no OU; an Organisation CSR's OU is its Remote Party Role code, two hex digits such as 02."
                    : "The subject has \(units.count) OUs; an Organisation CSR has exactly one, its Remote Party Role code."
            )
            return
        }
        guard let text = String(unit.value) else {
            issue("The OU is \(Self.describe(unit.value)), not a text string of two hex digits.")
            return
        }
        organisationalUnit = text
        guard let code = RemotePartyRole.parseCode(text) else {
            issue(
                "The OU is \(VisibleText.quoted(text)); a Remote Party Role code is exactly two hex digits, such as 02 (not 2, not 0x02)."
            )
            return
        }
        roleCode = code
        if rules.remotePartyRole(code: code) == nil {
            let known = rules.remotePartyRoles.map { "\($0.hexCode) \($0.name)" }.joined(separator: ", ")
            issue(
                known.isEmpty
                    ? "The OU \(text) cannot be checked: the policy in force lists no Remote Party Role codes (an ra-manager applies this ratui's: `ratui policy export DIR --built-in`, then `ratui policy apply DIR`)."
                    : "The OU \(text) is not a Remote Party Role code the rules list (\(known)).", siteRule: true)
        }
    }

    private mutating func readEUI64(_ identifiers: [RelativeDistinguishedName.Attribute]) {
        func issue(_ code: IssueCode, _ message: String) {
            issues.append(ValidationIssue(code, message, field: Self.uniqueIdentifierField))
        }
        guard let identifier = identifiers.first else {
            issue(
                .csrEUI64Missing,
                "The subject has no uniqueIdentifier (2.5.4.45); an Organisation CSR carries its EUI-64 there, as a BIT STRING of 8 octets."
            )
            return
        }
        if identifiers.count > 1 {
            issue(
                .csrEUI64Repeated,
                "The subject has \(identifiers.count) uniqueIdentifiers; an Organisation CSR has exactly one.")
        }
        let any = ASN1Any(identifier.value)
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(any)) != nil, let node = try? DER.parse(serializer.serializedBytes) else {
            issue(.csrEUI64Encoding, "The uniqueIdentifier cannot be read.")
            return
        }
        if node.identifier == .bitString, let bits = try? ASN1BitString(derEncoded: node) {
            guard bits.bytes.count == 8, bits.paddingBits == 0 else {
                issue(
                    .csrEUI64Encoding,
                    "The uniqueIdentifier is a BIT STRING of \(bits.bytes.count) octets\(bits.paddingBits == 0 ? "" : " and \(bits.paddingBits) unused bits"); an EUI-64 is exactly 8 octets."
                )
                return
            }
            eui64 = EUI64(bits.bytes.reduce(0) { $0 << 8 | UInt64($1) })
        } else if let text = String(identifier.value) {
            let parsed = try? EUI64(parsing: text, allowReserved: true)
            let reading = parsed.map { ", which reads as \($0)" } ?? ""
            issue(
                .csrEUI64Encoding,
                "The uniqueIdentifier is \(Self.name(of: node.identifier)) holding the text \(VisibleText.quoted(text, limit: 40))\(reading); Appendix M needs a BIT STRING of the 8 octets."
            )
            eui64 = parsed
        } else {
            issue(
                .csrEUI64Encoding,
                "The uniqueIdentifier is \(Self.name(of: node.identifier)); Appendix M needs a BIT STRING of the 8 octets."
            )
        }
        if let eui64, eui64.isReserved {
            issue(
                .csrEUI64Reserved,
                "\(eui64) is reserved: octets 4 and 5 may not be FF-FE or FF-FF, so it cannot be a subject's identifier."
            )
        }
    }

    /// An attribute value's ASN.1 type in words.
    static func describe(_ value: RelativeDistinguishedName.Attribute.Value) -> String {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(ASN1Any(value))) != nil, let node = try? DER.parse(serializer.serializedBytes)
        else {
            return "a value that cannot be read"
        }
        return name(of: node.identifier)
    }

    static func name(of identifier: ASN1Identifier) -> String {
        switch identifier {
        case .bitString: "a BIT STRING"
        case .octetString: "an OCTET STRING"
        case .utf8String: "a UTF8String"
        case .printableString: "a PrintableString"
        case .ia5String: "an IA5String"
        case .integer: "an INTEGER"
        case .sequence: "a SEQUENCE"
        case .null: "a NULL"
        default: "an ASN.1 value tagged \(identifier.tagClass) \(identifier.tagNumber)"
        }
    }
}
