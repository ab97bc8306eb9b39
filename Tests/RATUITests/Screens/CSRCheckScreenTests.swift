import CertificateFixtures
import Foundation
import RAPPModel
import SwiftASN1
import Testing

@testable import RATUI

/// From an organisation, "check a CSR" shows what `ratui csr check` would say, with the same
/// codes; the whois panel takes a certificate file's path as well as an identifier.
@Suite struct CSRCheckScreenTests {
    let test: TestRegistry
    let northwind: Int64
    let southgate: Int64

    init() throws {
        test = try TestRegistry()
        northwind = try test.store(
            "Northwind Energy Ltd", [("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")])
        southgate = try test.store(
            "Southgate Networks plc",
            [("electricity-distributor", "90-B3-D5-1F-40-00-00-00", "90-B3-D5-1F-40-00-FF-FF")])
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: test.folder, withIntermediateDirectories: true)
        let url = test.folder.appending(path: name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func fromAnOrganisationARequestForItsOwnEUI64WouldPass() throws {
        let path = try file(
            "good.csr", CSRText.base64(try CSRFixture.organisation(0x90B3_D51F_3001_0001, ou: "02").der()))
        var driver = test.driver(start: OrganisationScreen(id: northwind))
        driver.press(.character("c"))
        #expect(driver.app.top(CSRCheckScreen.self)?.organisation == northwind)
        driver.type(path)
        driver.press(.enter)
        let screen = try #require(driver.app.top(CSRCheckScreen.self))
        #expect(screen.result?.passes == true)
        let text = driver.app.view().text
        #expect(text.contains("would pass (0 errors, 0 warnings)"))
        #expect(text.contains("EUI-64:     90-B3-D5-1F-30-01-00-01"))
        #expect(text.contains("held by:    organisation \(northwind) Northwind Energy Ltd as Import Supplier"))
    }

    @Test func anotherOrganisationsEUI64AndAWrongRoleCodeAreShownWithTheirCodes() throws {
        let path = try file("other.csr", try CSRFixture.organisation(0x90B3_D51F_4000_0001, ou: "02").der())
        var driver = test.driver(start: OrganisationScreen(id: northwind))
        driver.press(.character("c"))
        driver.type(path)
        driver.press(.enter)
        #expect(driver.app.view().text.contains("error csr.eui64.organisation"))
        var fromSouthgate = test.driver(start: OrganisationScreen(id: southgate))
        fromSouthgate.press(.character("c"))
        fromSouthgate.type(path)
        fromSouthgate.press(.enter)
        let text = fromSouthgate.app.view().text
        #expect(text.contains("would be refused"))
        #expect(text.contains("error csr.role-code"))
        #expect(fromSouthgate.app.top(CSRCheckScreen.self)?.result?.report.errors.first?.isSiteRule == true)
        #expect(text.contains("(site"))
    }

    @Test func aPathThatCannotBeReadSaysWhy() throws {
        var driver = test.driver(start: OrganisationScreen(id: northwind))
        driver.press(.character("c"))
        driver.type("/dev/zero")
        driver.press(.enter)
        #expect(driver.app.top(CSRCheckScreen.self)?.problem?.code == "input.not-a-file")
        #expect(driver.app.view().text.contains("input.not-a-file"))
        // Typed keys go into the field, q included; Esc goes back.
        driver.press(.escape)
        #expect(driver.app.top(CSRCheckScreen.self) == nil)
        #expect(driver.app.top(OrganisationScreen.self) != nil)
    }

    @Test func whoisTakesACertificatePathAndShowsWhoseItIs() throws {
        let pem = try CSRFixture.organisation(0x90B3_D51F_3001_0042, ou: "02").certificate().serializeAsPEM().pemString
        let path = try file("org.pem", Array(pem.utf8))
        var driver = test.driver(width: 100)
        driver.press(.character("w"))
        driver.type(path)
        driver.press(.enter)
        guard case .whois(let panel) = driver.app.overlay else {
            Issue.record("no whois panel")
            return
        }
        #expect(panel.certificate?.subject.eui64 == EUI64(0x90B3_D51F_3001_0042))
        #expect(panel.owners.map(\.organisationID) == [northwind])
        let text = driver.app.view().text
        #expect(text.contains("role code 02 (Supplier)"))
        #expect(text.contains("90-B3-D5-1F-30-01-00-42 is held by:"))
    }

    @Test func whoisSaysWhenAPathIsNotACertificate() throws {
        let path = try file("req.pem", CSRText.base64(try CSRFixture.organisation().der()))
        var driver = test.driver(width: 100)
        driver.press(.character("w"))
        driver.type(path)
        driver.press(.enter)
        guard case .whois(let panel) = driver.app.overlay else {
            Issue.record("no whois panel")
            return
        }
        #expect(panel.problem?.code == .certEncoding)
    }
}
