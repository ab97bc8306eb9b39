import Foundation
import SwiftASN1
import X509

/// An X.509 Organisation Certificate as RA staff want to see it: serial, issuer, validity, the
/// subject's EUI-64 and role code, key usage, and whose it is in the registry.
public struct OrganisationCertificate: Sendable, Hashable {
    public var serialNumber: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    public var subject: OrganisationSubject
    public var key: String
    public var keyUsage: [String]?
    /// The ranges in force that hold the subject's EUI-64.
    public var holders: [RegisteredRange] = []
    /// Whether a holder's User Roles may hold the role code (nil: not known).
    public var roleCodeAllowed: Bool?

    /// The largest file read as a certificate.
    public static let maximumSize = 64 * 1024

    /// Reads a certificate in PEM or DER; anything else is `cert.encoding`.
    public init(_ bytes: [UInt8], rules: SiteRules) throws(ValidationIssue) {
        guard bytes.count <= Self.maximumSize else {
            throw ValidationIssue(
                .certEncoding, "The file is larger than \(Self.maximumSize / 1024) KiB; a certificate is about 1 KiB.")
        }
        let certificate: Certificate
        do {
            let der = try AppendixMEncoding.der(from: bytes, labels: AppendixMEncoding.certificateLabels)
            certificate = try Certificate(derEncoded: der)
        } catch let problem as AppendixMEncoding.Problem {
            throw ValidationIssue(.certEncoding, problem.message)
        } catch {
            throw ValidationIssue(
                .certEncoding,
                "This is not an X.509 certificate ratui can read (PEM or DER): its DER does not parse, or its key is of a kind ratui does not know."
            )
        }
        serialNumber = certificate.serialNumber.description
        issuer = certificate.issuer.description
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        subject = OrganisationSubject(certificate.subject, rules: rules)
        key = CSRCheck.describe(certificate.publicKey)
        keyUsage = (try? certificate.extensions.keyUsage).flatMap { $0 }.map(CSRCheck.names(of:))
    }

    /// Finds who holds the subject's EUI-64, and whether their User Roles may hold its role code.
    public mutating func lookUp(in lookup: any CSRRegistryLookup, rules: SiteRules) throws {
        guard let eui64 = subject.eui64 else { return }
        holders = try lookup.holders(of: eui64)
        if let code = subject.roleCode, let role = rules.remotePartyRole(code: code), !holders.isEmpty {
            roleCodeAllowed = holders.contains { role.userRoles.contains($0.role) }
        }
    }

    /// The subject's notes: how it departs from the Organisation Certificate profile.
    public var issues: [ValidationIssue] { subject.issues }

    /// When it is or was valid, as ISO 8601 in UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    public func jsonValue(rules: SiteRules) -> JSONValue {
        .object([
            "serialNumber": .string(serialNumber),
            "issuer": .string(issuer),
            "notBefore": .string(Self.timestamp(notBefore)),
            "notAfter": .string(Self.timestamp(notAfter)),
            "subject": subject.jsonValue(rules: rules),
            "key": .string(key),
            "keyUsage": keyUsage.map { .array($0.map(JSONValue.string)) } ?? .null,
            "holders": .array(holders.map { $0.jsonValue(rules: rules) }),
            "roleCodeAllowed": roleCodeAllowed.map(JSONValue.bool) ?? .null,
            "issues": .array(issues.map(\.jsonValue)),
        ])
    }
}
