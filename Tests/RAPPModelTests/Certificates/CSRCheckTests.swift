import CertificateFixtures
import Foundation
import Testing

@testable import RAPPModel

/// A request is checked as the DCC would: encoding, signature, the Organisation CSR profile
/// (SEC Appendix M) or an Authorised System's (Appendix G), and the registry: whose EUI-64 it
/// is, and whether that holder's User Roles may hold the role code (rules file, site rule).
@Suite struct CSRCheckTests {
    /// Northwind: Import and Gas Supplier on 90-B3-D5-1F-30-01-xx-xx. Southgate: Electricity
    /// Distributor on 90-B3-D5-1F-40-00-xx-xx.
    static let northwindEUI: UInt64 = 0x90B3_D51F_3001_0001
    static let southgateEUI: UInt64 = 0x90B3_D51F_4000_0001

    let registry: Registry
    let northwind: Int64
    let southgate: Int64
    var check: CSRCheck { CSRCheck(rules: registry.rules) }
    var context: CSRCheck.Context { CSRCheck.Context(lookup: registry) }

    init() throws {
        registry = try Fixtures.registry()
        guard
            case .stored(let first, _, _) = try registry.submit(
                Fixtures.form(
                    name: "Northwind Energy Ltd",
                    [
                        ("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                        ("gas-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                    ])),
            case .stored(let second, _, _) = try registry.submit(
                Fixtures.form(
                    name: "Southgate Networks plc",
                    [
                        ("electricity-distributor", "90-B3-D5-1F-40-00-00-00", "90-B3-D5-1F-40-00-FF-FF")
                    ]))
        else { throw CSRTestError.notStored }
        northwind = first
        southgate = second
    }

    func result(_ fixture: CSRFixture, organisation: Int64? = nil) throws -> CSRCheckResult {
        try check.check(fixture.der(), context: CSRCheck.Context(lookup: registry, organisation: organisation))
    }

    func errorCodes(_ fixture: CSRFixture, organisation: Int64? = nil) throws -> [String] {
        Fixtures.codes(try result(fixture, organisation: organisation).report.errors)
    }

    // MARK: - What passes

    @Test func aSupplierRequestForTheSuppliersOwnEUI64Passes() throws {
        let result = try result(.organisation(Self.northwindEUI, ou: "02"))
        #expect(result.report.errors.isEmpty && result.report.warnings.isEmpty)
        #expect(result.passes)
        #expect(result.profile == .organisation)
        #expect(result.subject?.eui64 == EUI64(Self.northwindEUI))
        #expect(result.subject?.roleCode == 0x02)
        #expect(result.key == "ECDSA P-256")
        #expect(result.signatureAlgorithm == "ecdsa-with-SHA256")
        #expect(result.signatureValid == true)
        #expect(result.keyUsage == ["digitalSignature"])
        #expect(Set(result.holders.map(\.role)) == ["import-supplier", "gas-supplier"])
        #expect(result.holders.allSatisfy { $0.organisationID == northwind })
    }

    @Test func keyAgreementAloneIsTheOtherAcceptedUsage() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.digitalSignature = false
        fixture.keyAgreement = true
        #expect(try errorCodes(fixture) == [])
    }

    @Test func aNetworkOperatorRequestPassesForTheDistributor() throws {
        #expect(try errorCodes(.organisation(Self.southgateEUI, ou: "03"), organisation: southgate) == [])
    }

    @Test func theRoleCodeIsReadInEitherCase() throws {
        #expect(registry.rules.remotePartyRoles.contains { $0.hexCode == "7F" })
        // "7f" is 7F, held by Other User; Northwind has none: a role-code error, not a profile one.
        #expect(try errorCodes(.organisation(Self.northwindEUI, ou: "7f")) == ["csr.role-code"])
    }

    // MARK: - Encoding and signature

    @Test func aWrongSignatureIsAnError() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.signedByAnotherKey = true
        let result = try result(fixture)
        #expect(Fixtures.codes(result.report.errors) == ["csr.signature"])
        #expect(result.signatureValid == false)
    }

    @Test func aTruncatedRequestIsAnEncodingError() throws {
        let der = try CSRFixture.organisation().der()
        for length in [1, 2, 10, der.count / 2, der.count - 1] {
            let result = try check.check(Array(der.prefix(length)), context: context)
            #expect(Fixtures.codes(result.report.errors) == ["csr.encoding"], "cut at \(length)")
        }
        let pem = CSRText.base64(der)
        let cut = try check.check(Array(pem.prefix(pem.count - 40)), context: context)
        #expect(Fixtures.codes(cut.report.errors) == ["csr.encoding"])
    }

    @Test func aMebibyteOfGarbageIsAnEncodingError() throws {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(Fixtures.codes(try check.check(garbage, context: context).report.errors) == ["csr.encoding"])
        var sequence = garbage
        sequence[0] = 0x30  // looks like DER for one byte
        #expect(
            Fixtures.codes(
                try check.check(Array(sequence.prefix(CSRCheck.maximumSize)), context: context).report.errors) == [
                    "csr.encoding"
                ])
    }

    @Test func trailingBytesAfterTheRequestAreAnEncodingError() throws {
        let der = try CSRFixture.organisation(Self.northwindEUI).der() + [0x00, 0x00]
        #expect(Fixtures.codes(try check.check(der, context: context).report.errors) == ["csr.encoding"])
    }

    @Test func everyAcceptedEncodingGivesTheSameAnswer() throws {
        let der = try CSRFixture.organisation(Self.northwindEUI).der()
        for bytes in [
            der, CSRText.base64(der),
            CSRText.base64(der, width: 76, header: "NEW CERTIFICATE REQUEST", newline: "\r\n"),
            CSRText.base64(der, width: 0, header: nil),
        ] {
            #expect(try check.check(bytes, context: context).passes)
        }
    }

    // MARK: - The Organisation CSR profile

    @Test func aP384KeyIsNotAnOrganisationKey() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.key = .p384
        let result = try result(fixture)
        #expect(Fixtures.codes(result.report.errors) == ["csr.profile.key", "csr.profile.signature-algorithm"])
        #expect(result.key == "ECDSA P-384")
    }

    @Test func anRSAKeyInAnOrganisationCSRIsRefused() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.key = .rsa2048
        let result = try result(fixture)
        #expect(result.profile == .organisation)
        #expect(Fixtures.codes(result.report.errors) == ["csr.profile.key", "csr.profile.signature-algorithm"])
    }

    @Test(arguments: ["2", "0x02", "002", "", "0G", "\u{1B}[31m"])
    func theOUIsExactlyTwoHexDigits(ou: String) throws {
        let result = try result(.organisation(Self.northwindEUI, ou: ou))
        #expect(Fixtures.codes(result.report.errors) == ["csr.profile.ou"])
        #expect(!result.report.errors[0].message.contains("\u{1B}"))
    }

    @Test func anOUTheRulesDoNotListIsASiteRuleError() throws {
        let result = try result(.organisation(Self.northwindEUI, ou: "05"))
        #expect(Fixtures.codes(result.report.errors) == ["csr.profile.ou"])
        #expect(result.report.errors[0].isSiteRule)
        #expect(result.report.errors[0].message.contains("02 Supplier"))
    }

    @Test func noOUOrTwoOUsAreRefused() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.organisationalUnits = []
        #expect(try errorCodes(fixture) == ["csr.profile.ou"])
        fixture.organisationalUnits = ["02", "02"]
        #expect(try errorCodes(fixture) == ["csr.profile.ou"])
    }

    @Test func aMissingUniqueIdentifierIsAnError() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.uniqueIdentifier = .none
        #expect(try errorCodes(fixture) == ["csr.eui64.missing"])
    }

    @Test func aDoubledUniqueIdentifierIsAnError() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.uniqueIdentifier = .twice
        #expect(try errorCodes(fixture) == ["csr.eui64.repeated"])
    }

    @Test func aUniqueIdentifierWrittenAsHexTextSaysSoAndIsStillLookedUp() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.uniqueIdentifier = .utf8Hex
        let result = try result(fixture)
        #expect(Fixtures.codes(result.report.errors) == ["csr.eui64.encoding"])
        let message = result.report.errors[0].message
        #expect(
            message.contains("UTF8String") && message.contains("90B3D51F30010001") && message.contains("BIT STRING"))
        #expect(result.holders.first?.organisationID == northwind)
    }

    @Test(arguments: [[UInt8](), [0x90, 0xB3, 0xD5], Array(repeating: 0x01, count: 9)])
    func aBitStringOfOtherThanEightOctetsIsAnError(octets: [UInt8]) throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.uniqueIdentifier = .bits(octets)
        let result = try result(fixture)
        #expect(Fixtures.codes(result.report.errors) == ["csr.eui64.encoding"])
        #expect(result.report.errors[0].message.contains("\(octets.count) octets"))
    }

    @Test func anEUI64InAReservedBlockIsAnError() throws {
        #expect(try errorCodes(.organisation(0x90B3_D5FF_FE00_0001)) == ["csr.eui64.reserved"])
        #expect(try errorCodes(.organisation(0x90B3_D5FF_FF00_0001)) == ["csr.eui64.reserved"])
    }

    @Test func keyUsageMustBeRequestedCriticalAndOneOfTheTwo() throws {
        var both = CSRFixture.organisation(Self.northwindEUI)
        both.keyAgreement = true
        #expect(try errorCodes(both) == ["csr.profile.key-usage"])
        var neither = CSRFixture.organisation(Self.northwindEUI)
        neither.digitalSignature = false
        #expect(try errorCodes(neither) == ["csr.profile.key-usage"])
        var notCritical = CSRFixture.organisation(Self.northwindEUI)
        notCritical.keyUsageCritical = false
        #expect(try errorCodes(notCritical) == ["csr.profile.key-usage"])
        var absent = CSRFixture.organisation(Self.northwindEUI)
        absent.requestsKeyUsage = false
        #expect(try errorCodes(absent) == ["csr.profile.key-usage"])
    }

    @Test func aRequestOfAnotherVersionIsRefused() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.version = .init(rawValue: 1)
        #expect(try errorCodes(fixture) == ["csr.profile.version"])
    }

    // MARK: - Against the registry

    @Test func anEUI64NobodyHoldsIsNotRegistered() throws {
        let result = try result(.organisation(0x0011_2233_4455_6677))
        #expect(Fixtures.codes(result.report.errors) == ["csr.not-registered"])
        #expect(result.holders.isEmpty && result.checkedAgainstRegistry)
    }

    @Test func anEUI64OfAnotherOrganisationIsAnErrorWhenTheOrganisationIsKnown() throws {
        let result = try result(.organisation(Self.southgateEUI, ou: "03"), organisation: northwind)
        #expect(Fixtures.codes(result.report.errors) == ["csr.eui64.organisation"])
        #expect(result.report.errors[0].conflict?.organisationID == southgate)
        #expect(result.holders.first?.organisationID == southgate)
    }

    @Test func aRoleCodeTheHoldersUserRolesMayNotHoldIsASiteRuleError() throws {
        let result = try result(.organisation(Self.southgateEUI, ou: "02"))
        #expect(Fixtures.codes(result.report.errors) == ["csr.role-code"])
        #expect(result.report.errors[0].isSiteRule)
        #expect(result.report.errors[0].message.contains("Electricity Distributor"))
    }

    @Test func withoutARegistryTheRulesAloneAreCheckedAndItSaysSo() throws {
        let result = try CSRCheck(rules: Fixtures.library.rules).check(
            CSRFixture.organisation(Self.northwindEUI).der(), context: .init(lookup: nil))
        #expect(result.passes)
        #expect(Fixtures.codes(result.report.warnings) == ["csr.no-registry"])
        #expect(!result.checkedAgainstRegistry)
    }

    @Test func anRSAKeyWithARoleCodeButNoEUI64IsStillAnOrganisationCSR() throws {
        var fixture = CSRFixture.organisation(Self.northwindEUI)
        fixture.key = .rsa2048
        fixture.uniqueIdentifier = .none
        let result = try result(fixture)
        #expect(result.profile == .organisation)
        #expect(
            Fixtures.codes(result.report.errors) == [
                "csr.eui64.missing", "csr.profile.key", "csr.profile.signature-algorithm",
            ])
    }

    // MARK: - Authorised Systems (Appendix G)

    @Test func anAuthorisedSystemsIKIRequestPasses() throws {
        let result = try result(.authorisedSystem())
        #expect(result.profile == .authorisedSystem)
        #expect(result.report.errors.isEmpty)
        #expect(result.organisationName == "Northwind Energy Ltd")
        #expect(result.subject?.commonName == "hes-01.northwind.example")
        #expect(result.key == "RSA 2048")
    }

    @Test func anAuthorisedSystemsRequestNamesOOUAndCN() throws {
        var fixture = CSRFixture.authorisedSystem()
        fixture.commonName = nil
        fixture.organisationName = nil
        #expect(try errorCodes(fixture) == ["csr.profile.subject", "csr.profile.subject"])
    }

    @Test func anAuthorisedSystemsKeyIsRSA2048WithDigitalSignatureOnly() throws {
        var fixture = CSRFixture.authorisedSystem()
        fixture.key = .rsa(3072)
        fixture.keyAgreement = true
        #expect(try errorCodes(fixture) == ["csr.profile.key", "csr.profile.key-usage"])
    }
}

enum CSRTestError: Error { case notStored }
