import Crypto
import SwiftASN1
import X509
import _CryptoExtras

/// Checks a PKCS#10 certificate signing request before it goes to the DCC: its encoding, its
/// signature, the profile (SEC Appendix M for Organisation CSRs, Appendix G for an Authorised
/// System's IKI CSR) and, through a `CSRRegistryLookup`, the registry: whose EUI-64 it is, and
/// whether that holder's User Roles may hold the role code (the rules' `remotePartyRoles`).
///
/// Two steps, so a batch can spread the costly one over cores: `examine` needs nothing but the
/// bytes and the rules (parsing, the signature, the profile); `complete` asks the registry.
/// What the DCC also checks and ratui cannot yet (the ARO's scope, CN uniqueness among recorded
/// Authorised Systems) arrives with the request-engine and credential issues, as more members of
/// `CSRCheck.Context`.
public struct CSRCheck: Sendable {
    /// The largest file read as a request: one is about 1 KiB, a batch member never near this.
    public static let maximumSize = 64 * 1024

    /// What the registry part of a check is asked against.
    public struct Context {
        /// Who holds an EUI-64; nil when there is no registry yet (rules only).
        public var lookup: (any CSRRegistryLookup)?
        /// The organisation the request should be for (`--organisation`, or the organisation
        /// screen it was checked from); nil for any.
        public var organisation: Int64?

        public init(lookup: (any CSRRegistryLookup)?, organisation: Int64? = nil) {
            self.lookup = lookup
            self.organisation = organisation
        }
    }

    public let rules: SiteRules

    public init(rules: SiteRules) {
        self.rules = rules
    }

    /// The whole check of one request.
    public func check(_ bytes: [UInt8], context: Context) throws -> CSRCheckResult {
        try complete(examine(bytes), context: context)
    }

    // MARK: - Without the registry

    /// Encoding, signature and profile: pure, safe to run on any thread.
    public func examine(_ bytes: [UInt8]) -> CSRCheckResult {
        var result = CSRCheckResult()
        guard bytes.count <= Self.maximumSize else {
            result.add(
                ValidationIssue(
                    .csrEncoding,
                    "The file is larger than \(Self.maximumSize / 1024) KiB; a certificate signing request is about 1 KiB."
                ))
            return result
        }
        let der: [UInt8]
        do {
            der = try AppendixMEncoding.der(from: bytes, labels: AppendixMEncoding.requestLabels)
        } catch {
            result.add(ValidationIssue(.csrEncoding, error.message))
            return result
        }
        let request: CertificateSigningRequest
        do {
            request = try CertificateSigningRequest(derEncoded: der)
        } catch let error as CertificateError where error.code == .unsupportedPublicKeyAlgorithm {
            result.add(
                ValidationIssue(
                    .csrProfileKey,
                    "The public key's algorithm is not one ratui can read; an Organisation CSR needs an ECDSA P-256 key, an Authorised System's RSA 2048.",
                    field: Self.keyField))
            return result
        } catch is ASN1Error, is CertificateError {
            result.add(
                ValidationIssue(
                    .csrEncoding,
                    "This is not a PKCS#10 certificate signing request: its DER does not parse (cut short, or something else)."
                ))
            return result
        } catch {
            result.add(ValidationIssue(.csrProfileKey, "The public key cannot be read: \(error)", field: Self.keyField))
            return result
        }
        result.key = Self.describe(request.publicKey)
        result.signatureAlgorithm = Self.describe(request.signatureAlgorithm)
        result.signatureValid = request.publicKey.isValidSignature(request.signature, for: request)
        if result.signatureValid == false {
            result.add(
                ValidationIssue(
                    .csrSignature,
                    "The signature does not verify with the request's own public key: the request was changed after signing, or signed with another key.",
                    field: "signature"))
        }
        if request.version != .v1 {
            result.add(
                ValidationIssue(
                    .csrProfileVersion,
                    "The request is version \(request.version.rawValue); a PKCS#10 request for the SMKI is version 0 (v1).",
                    field: "version"))
        }
        let attributes = request.subject.flatMap { $0 }
        let hasUniqueIdentifier = attributes.contains { $0.type == OrganisationSubject.uniqueIdentifier }
        // An Authorised System's request: an RSA key, no EUI-64 and an OU that is no role code.
        // Anything else is held to the Organisation CSR profile, so an RSA key there is an error.
        let isRSA = _RSA.Signing.PublicKey(request.publicKey) != nil
        let hasRoleCode = attributes.contains { attribute in
            attribute.type == .RDNAttributeType.organizationalUnitName
                && String(attribute.value).flatMap(RemotePartyRole.parseCode) != nil
        }
        if isRSA && !hasUniqueIdentifier && !hasRoleCode {
            examineAuthorisedSystem(request, attributes: attributes, into: &result)
        } else {
            examineOrganisation(request, into: &result)
        }
        return result
    }

    private func examineOrganisation(_ request: CertificateSigningRequest, into result: inout CSRCheckResult) {
        result.profile = .organisation
        let subject = OrganisationSubject(request.subject, rules: rules)
        result.subject = subject
        subject.issues.forEach { result.add($0) }
        if P256.Signing.PublicKey(request.publicKey) == nil {
            result.add(
                ValidationIssue(
                    .csrProfileKey,
                    "The public key is \(result.key ?? "unknown"); an Organisation CSR needs an ECDSA key on P-256.",
                    field: Self.keyField))
        }
        if request.signatureAlgorithm != .ecdsaWithSHA256 {
            result.add(
                ValidationIssue(
                    .csrProfileSignatureAlgorithm,
                    "The request is signed with \(result.signatureAlgorithm ?? "unknown"); an Organisation CSR is signed with ecdsa-with-SHA256.",
                    field: "signatureAlgorithm"))
        }
        examineKeyUsage(request, into: &result) { usage in
            switch (usage.digitalSignature, usage.keyAgreement) {
            case (true, true):
                "Key usage asks for both digitalSignature and keyAgreement; an Organisation Certificate has one or the other."
            case (false, false):
                "Key usage asks for neither digitalSignature nor keyAgreement; an Organisation Certificate has one of them."
            default:
                Self.names(of: usage).count > 1
                    ? "Key usage asks for \(Self.names(of: usage).joined(separator: ", ")); an Organisation Certificate has only digitalSignature or only keyAgreement."
                    : nil
            }
        }
    }

    private func examineAuthorisedSystem(
        _ request: CertificateSigningRequest, attributes: [RelativeDistinguishedName.Attribute],
        into result: inout CSRCheckResult
    ) {
        result.profile = .authorisedSystem
        var subject = OrganisationSubject.empty
        let parts: [(ASN1ObjectIdentifier, String)] = [
            (.RDNAttributeType.organizationName, "O"), (.RDNAttributeType.organizationalUnitName, "OU"),
            (.RDNAttributeType.commonName, "CN"),
        ]
        for (type, name) in parts {
            let values = attributes.filter { $0.type == type }
            let field = FieldPath.key("subject").appending(key: name)
            if values.count != 1 {
                result.add(
                    ValidationIssue(
                        .csrProfileSubject,
                        values.isEmpty
                            ? "The subject has no \(name); an Authorised System's IKI CSR names its O, OU and CN."
                            : "The subject has \(values.count) \(name)s; an Authorised System's IKI CSR has one.",
                        field: field))
            }
            guard let value = values.first.flatMap({ String($0.value) }) else { continue }
            switch name {
            case "O": result.organisationName = value
            case "OU": subject.organisationalUnit = value
            default: subject.commonName = value
            }
        }
        result.subject = subject
        if let rsa = _RSA.Signing.PublicKey(request.publicKey), rsa.keySizeInBits != 2048 {
            result.add(
                ValidationIssue(
                    .csrProfileKey,
                    "The public key is RSA \(rsa.keySizeInBits); an Authorised System's IKI CSR needs RSA 2048.",
                    field: Self.keyField))
        }
        if request.signatureAlgorithm != .sha256WithRSAEncryption {
            result.add(
                ValidationIssue(
                    .csrProfileSignatureAlgorithm,
                    "The request is signed with \(result.signatureAlgorithm ?? "unknown"); an Authorised System's IKI CSR is signed with sha256WithRSAEncryption.",
                    field: "signatureAlgorithm"))
        }
        examineKeyUsage(request, into: &result) { usage in
            Self.names(of: usage) == ["digitalSignature"]
                ? nil
                : "Key usage asks for \(Self.names(of: usage).joined(separator: ", ")); an Authorised System's certificate has digitalSignature only."
        }
    }

    /// The requested key usage: present, critical, and what `problem` allows.
    private func examineKeyUsage(
        _ request: CertificateSigningRequest, into result: inout CSRCheckResult, problem: (KeyUsage) -> String?
    ) {
        let field = FieldPath.key("extensions").appending(key: "keyUsage")
        let extensions: Certificate.Extensions
        do {
            extensions = try request.attributes.extensionRequest?.extensions ?? Certificate.Extensions()
        } catch {
            result.add(
                ValidationIssue(.csrProfileExtensions, "The requested extensions cannot be read.", field: "extensions"))
            return
        }
        guard let requested = extensions.first(where: { $0.oid == .X509ExtensionID.keyUsage }) else {
            result.add(
                ValidationIssue(
                    .csrProfileKeyUsage, "The request asks for no key usage; it must ask for it, marked critical.",
                    field: field))
            return
        }
        guard let usage = try? KeyUsage(requested) else {
            result.add(ValidationIssue(.csrProfileKeyUsage, "The requested key usage cannot be read.", field: field))
            return
        }
        result.keyUsage = Self.names(of: usage)
        if !requested.critical {
            result.add(
                ValidationIssue(
                    .csrProfileKeyUsage, "Key usage is not marked critical; the profile requires it to be.",
                    field: field))
        }
        if let message = problem(usage) {
            result.add(ValidationIssue(.csrProfileKeyUsage, message, field: field))
        }
    }

    // MARK: - Against the registry

    /// Who holds the EUI-64, whether it is the organisation expected, and whether the holder's
    /// User Roles may hold the role code.
    public func complete(_ examined: CSRCheckResult, context: Context) throws -> CSRCheckResult {
        var result = examined
        guard result.profile == .organisation, let eui64 = result.subject?.eui64, !eui64.isReserved else {
            return result
        }
        guard let lookup = context.lookup else {
            result.add(
                ValidationIssue(
                    .csrNoRegistry,
                    "There is no registry yet: checked against the rules alone, not against registered organisations.",
                    severity: .warning))
            return result
        }
        result.checkedAgainstRegistry = true
        result.holders = try lookup.holders(of: eui64)
        let field = OrganisationSubject.uniqueIdentifierField
        guard !result.holders.isEmpty else {
            result.add(
                ValidationIssue(
                    .csrNotRegistered,
                    "No registered organisation holds \(eui64): the DCC will refuse a CSR whose EUI-64 is not an Authorised Subscriber's.",
                    field: field))
            return result
        }
        var holders = result.holders
        if let expected = context.organisation {
            holders = holders.filter { $0.organisationID == expected }
            if holders.isEmpty, let other = result.holders.first {
                result.add(
                    ValidationIssue(
                        .csrEUI64Organisation,
                        "\(eui64) is held by organisation \(other.organisationID) \(VisibleText.quoted(other.organisationName)) as \(rules.roleName(other.role)), not by organisation \(expected).",
                        field: field, role: other.role, conflict: other))
                return result
            }
        }
        guard let code = result.subject?.roleCode, let role = rules.remotePartyRole(code: code) else { return result }
        if !holders.contains(where: { role.userRoles.contains($0.role) }) {
            let held = Set(holders.map { rules.roleName($0.role) }).sorted().joined(separator: " and ")
            let allowed = role.userRoles.map { rules.roleName($0) }.joined(separator: " or ")
            result.add(
                ValidationIssue(
                    .csrRoleCode,
                    "Role code \(role.hexCode) (\(role.name)) is for \(allowed.isEmpty ? "no User Role" : allowed); \(eui64) is held as \(held).",
                    field: OrganisationSubject.ouField, role: holders.first?.role, isSiteRule: true))
        }
        return result
    }

    // MARK: - Words

    static let keyField = FieldPath.key("publicKey")

    static func describe(_ key: Certificate.PublicKey) -> String {
        if P256.Signing.PublicKey(key) != nil { return "ECDSA P-256" }
        if P384.Signing.PublicKey(key) != nil { return "ECDSA P-384" }
        if P521.Signing.PublicKey(key) != nil { return "ECDSA P-521" }
        if let rsa = _RSA.Signing.PublicKey(key) { return "RSA \(rsa.keySizeInBits)" }
        if Curve25519.Signing.PublicKey(key) != nil { return "Ed25519" }
        return "an unknown kind of key"
    }

    static func describe(_ algorithm: Certificate.SignatureAlgorithm) -> String {
        switch algorithm {
        case .ecdsaWithSHA256: "ecdsa-with-SHA256"
        case .ecdsaWithSHA384: "ecdsa-with-SHA384"
        case .ecdsaWithSHA512: "ecdsa-with-SHA512"
        case .sha1WithRSAEncryption: "sha1WithRSAEncryption"
        case .sha256WithRSAEncryption: "sha256WithRSAEncryption"
        case .sha384WithRSAEncryption: "sha384WithRSAEncryption"
        case .sha512WithRSAEncryption: "sha512WithRSAEncryption"
        case .ed25519: "Ed25519"
        default: "an algorithm ratui does not know (\(algorithm))"
        }
    }

    static func names(of usage: KeyUsage) -> [String] {
        [
            (usage.digitalSignature, "digitalSignature"), (usage.nonRepudiation, "nonRepudiation"),
            (usage.keyEncipherment, "keyEncipherment"), (usage.dataEncipherment, "dataEncipherment"),
            (usage.keyAgreement, "keyAgreement"), (usage.keyCertSign, "keyCertSign"), (usage.cRLSign, "cRLSign"),
            (usage.encipherOnly, "encipherOnly"), (usage.decipherOnly, "decipherOnly"),
        ].filter(\.0).map(\.1)
    }
}

/// What a CSR check asks the registry: who holds an identifier.
public protocol CSRRegistryLookup {
    /// Every range in force that holds the identifier, with its organisation.
    func holders(of identifier: EUI64) throws -> [RegisteredRange]
}

extension Registry: CSRRegistryLookup {
    public func holders(of identifier: EUI64) throws -> [RegisteredRange] {
        try owners(of: identifier)
    }
}
