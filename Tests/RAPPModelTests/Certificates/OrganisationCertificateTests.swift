import CertificateFixtures
import Foundation
import SwiftASN1
import Testing
import X509

@testable import RAPPModel

/// For any Organisation Certificate in front of them, RA staff see what it says and whose it is.
@Suite struct OrganisationCertificateTests {
    func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    @Test func aCertificateShowsItsSubjectAndWhoseItIs() throws {
        let registry = try Fixtures.registry()
        _ = try registry.submit(
            Fixtures.form(
                name: "Northwind Energy Ltd",
                [("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]))
        let fixture = CSRFixture.organisation(0x90B3_D51F_3001_0042, ou: "02")
        let pem = try fixture.certificate(serial: 0x1234).serializeAsPEM().pemString
        for bytes in [Array(pem.utf8), try der(fixture.certificate())] {
            var certificate = try OrganisationCertificate(bytes, rules: registry.rules)
            try certificate.lookUp(in: registry, rules: registry.rules)
            #expect(certificate.subject.eui64 == EUI64(0x90B3_D51F_3001_0042))
            #expect(certificate.subject.roleCode == 0x02)
            #expect(certificate.keyUsage == ["digitalSignature"])
            #expect(certificate.key == "ECDSA P-256")
            #expect(certificate.issuer.contains("Test Organisation CA"))
            #expect(
                certificate.serialNumber.lowercased().contains("12:34")
                    || certificate.serialNumber.lowercased().contains("1234"))
            #expect(certificate.holders.map(\.organisationName) == ["Northwind Energy Ltd"])
            #expect(certificate.roleCodeAllowed == true)
            #expect(OrganisationCertificate.timestamp(certificate.notBefore) == "2026-01-01T00:00:00Z")
        }
    }

    @Test func aCertificateNobodyHoldsHasNoHolders() throws {
        let registry = try Fixtures.registry()
        var certificate = try OrganisationCertificate(
            der(CSRFixture.organisation(0x0011_2233_4455_6677).certificate()), rules: registry.rules)
        try certificate.lookUp(in: registry, rules: registry.rules)
        #expect(certificate.holders.isEmpty && certificate.roleCodeAllowed == nil)
    }

    @Test func aRequestOrGarbageIsNotACertificate() throws {
        let request = try CSRFixture.organisation().der()
        #expect { try OrganisationCertificate(request, rules: Fixtures.library.rules) } throws: {
            ($0 as? ValidationIssue)?.code == .certEncoding
        }
        #expect { try OrganisationCertificate(CSRText.base64(request), rules: Fixtures.library.rules) } throws: {
            ($0 as? ValidationIssue)?.code == .certEncoding
        }
        #expect {
            try OrganisationCertificate(Array(repeating: 0x30, count: 100), rules: Fixtures.library.rules)
        } throws: { ($0 as? ValidationIssue)?.code == .certEncoding }
    }
}
