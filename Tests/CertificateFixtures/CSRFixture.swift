import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Certificate signing requests and certificates for tests, made with swift-certificates itself:
/// keys are generated in the test, nothing is checked in.
///
/// Start from `organisation(...)` (a request that passes the Appendix M profile) and change one
/// thing, so each test says exactly what it breaks.
public struct CSRFixture {
    /// How the subject's uniqueIdentifier is written.
    public enum UniqueIdentifier {
        /// A BIT STRING of the 8 octets, as Appendix M has it.
        case bitString
        /// A UTF8String of hex text, as openssl writes `x500UniqueIdentifier` from `-subj`.
        case utf8Hex
        /// A BIT STRING of other octets.
        case bits([UInt8])
        /// Absent.
        case none
        /// Twice.
        case twice
    }

    public enum Key {
        case p256, p384, rsa2048
        case rsa(Int)
    }

    public var eui64: UInt64 = 0x90B3_D51F_3001_0001
    /// The OU values, one RDN each (none, one or more).
    public var organisationalUnits: [String] = ["02"]
    public var organisationName: String?
    public var commonName: String? = "Northwind head end"
    public var uniqueIdentifier: UniqueIdentifier = .bitString
    public var key: Key = .p256
    public var signatureAlgorithm: Certificate.SignatureAlgorithm?
    public var digitalSignature = true
    public var keyAgreement = false
    public var keyUsageCritical = true
    public var requestsKeyUsage = true
    public var version = CertificateSigningRequest.Version.v1
    /// Sign with another key than the one the request carries.
    public var signedByAnotherKey = false

    public init() {}

    /// A request that passes the Organisation CSR profile, for `eui64` and role code `ou`.
    public static func organisation(_ eui64: UInt64 = 0x90B3_D51F_3001_0001, ou: String = "02") -> CSRFixture {
        var fixture = CSRFixture()
        fixture.eui64 = eui64
        fixture.organisationalUnits = [ou]
        return fixture
    }

    /// An Authorised System's IKI CSR (Appendix G): O, OU, CN, RSA 2048, SHA256withRSA.
    public static func authorisedSystem() -> CSRFixture {
        var fixture = CSRFixture()
        fixture.organisationalUnits = ["Head End"]
        fixture.organisationName = "Northwind Energy Ltd"
        fixture.commonName = "hes-01.northwind.example"
        fixture.uniqueIdentifier = .none
        fixture.key = .rsa2048
        return fixture
    }

    public func privateKey() throws -> Certificate.PrivateKey {
        switch key {
        case .p256: Certificate.PrivateKey(P256.Signing.PrivateKey())
        case .p384: Certificate.PrivateKey(P384.Signing.PrivateKey())
        case .rsa2048: try Self.rsaKey(bits: 2048)
        case .rsa(let bits): try Self.rsaKey(bits: bits)
        }
    }

    /// RSA keys are slow to make: one per size per process.
    nonisolated(unsafe) private static var rsaKeys: [Int: Certificate.PrivateKey] = [:]
    private static let rsaLock = NSLock()

    private static func rsaKey(bits: Int) throws -> Certificate.PrivateKey {
        rsaLock.lock()
        defer { rsaLock.unlock() }
        if let key = rsaKeys[bits] { return key }
        let key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits)))
        rsaKeys[bits] = key
        return key
    }

    public var subject: DistinguishedName {
        get throws {
            var attributes: [RelativeDistinguishedName.Attribute] = []
            if let commonName { attributes.append(.init(type: .RDNAttributeType.commonName, utf8String: commonName)) }
            if let organisationName {
                attributes.append(.init(type: .RDNAttributeType.organizationName, utf8String: organisationName))
            }
            for unit in organisationalUnits {
                attributes.append(.init(type: .RDNAttributeType.organizationalUnitName, utf8String: unit))
            }
            let octets = (0..<8).map { UInt8(truncatingIfNeeded: eui64 >> (56 - 8 * UInt64($0))) }
            let identifier: ASN1ObjectIdentifier = [2, 5, 4, 45]
            switch uniqueIdentifier {
            case .bitString:
                attributes.append(
                    .init(type: identifier, value: try ASN1Any(erasing: ASN1BitString(bytes: octets[...]))))
            case .twice:
                attributes.append(
                    .init(type: identifier, value: try ASN1Any(erasing: ASN1BitString(bytes: octets[...]))))
                attributes.append(
                    .init(type: identifier, value: try ASN1Any(erasing: ASN1BitString(bytes: octets[...]))))
            case .bits(let bytes):
                attributes.append(
                    .init(type: identifier, value: try ASN1Any(erasing: ASN1BitString(bytes: bytes[...]))))
            case .utf8Hex:
                attributes.append(
                    .init(type: identifier, utf8String: octets.map { String(format: "%02X", $0) }.joined()))
            case .none:
                break
            }
            return DistinguishedName(attributes.map { RelativeDistinguishedName($0) })
        }
    }

    public var attributes: CertificateSigningRequest.Attributes {
        get throws {
            guard requestsKeyUsage else { return CertificateSigningRequest.Attributes() }
            let usage = KeyUsage(digitalSignature: digitalSignature, keyAgreement: keyAgreement)
            let extensions = try Certificate.Extensions([Certificate.Extension(usage, critical: keyUsageCritical)])
            return CertificateSigningRequest.Attributes([try .init(ExtensionRequest(extensions: extensions))])
        }
    }

    var algorithm: Certificate.SignatureAlgorithm {
        if let signatureAlgorithm { return signatureAlgorithm }
        switch key {
        case .p256: return .ecdsaWithSHA256
        case .p384: return .ecdsaWithSHA384
        case .rsa2048, .rsa: return .sha256WithRSAEncryption
        }
    }

    /// The request, signed.
    public func request() throws -> CertificateSigningRequest {
        let key = try privateKey()
        let signed = try CertificateSigningRequest(
            version: version, subject: subject, privateKey: key, attributes: attributes, signatureAlgorithm: algorithm)
        guard signedByAnotherKey else { return signed }
        let other = try CertificateSigningRequest(
            version: version, subject: subject, privateKey: privateKey(), attributes: attributes,
            signatureAlgorithm: algorithm)
        return try CertificateSigningRequest(
            version: version, subject: subject, publicKey: signed.publicKey, attributes: attributes,
            signatureAlgorithm: algorithm, signature: other.signature)
    }

    /// The request's DER bytes.
    public func der() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(try request())
        return serializer.serializedBytes
    }

    /// An Organisation Certificate for this subject, self-signed: enough for `cert show`.
    public func certificate(serial: Int = 0x1234) throws -> Certificate {
        let key = try privateKey()
        let issuer = try DistinguishedName { CommonName("Test Organisation CA") }
        let usage = KeyUsage(digitalSignature: digitalSignature, keyAgreement: keyAgreement)
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(serial), publicKey: key.publicKey,
            notValidBefore: Date(timeIntervalSince1970: 1_767_225_600),
            notValidAfter: Date(timeIntervalSince1970: 1_893_456_000),
            issuer: issuer, subject: try subject, signatureAlgorithm: algorithm,
            extensions: try Certificate.Extensions([Certificate.Extension(usage, critical: true)]),
            issuerPrivateKey: key)
    }
}

/// Base64 text of DER, the ways Appendix M accepts it and a few it does not.
public enum CSRText {
    /// Base64 broken every `width` characters (0: one line), with `header` lines or none.
    public static func base64(
        _ der: [UInt8], width: Int = 64, header: String? = "CERTIFICATE REQUEST", newline: String = "\n"
    ) -> [UInt8] {
        let text = Data(der).base64EncodedString()
        var lines: [String] = []
        if width == 0 {
            lines = [text]
        } else {
            var rest = Substring(text)
            while !rest.isEmpty {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
        }
        if let header {
            lines.insert("-----BEGIN \(header)-----", at: 0)
            lines.append("-----END \(header)-----")
        }
        return Array((lines.joined(separator: newline) + newline).utf8)
    }
}
