import CertificateFixtures
import Foundation
import Testing

@testable import RAPPModel

/// Every encoding SEC Appendix M accepts for a request turns into the same DER; what it does not
/// accept is refused with the reason.
@Suite struct AppendixMEncodingTests {
    static let der: [UInt8] = try! CSRFixture.organisation().der()

    func decode(_ bytes: [UInt8]) throws(AppendixMEncoding.Problem) -> [UInt8] {
        try AppendixMEncoding.der(from: bytes, labels: AppendixMEncoding.requestLabels)
    }

    @Test func derIsTakenAsItIs() throws {
        #expect(try decode(Self.der) == Self.der)
    }

    @Test(arguments: [
        ("CERTIFICATE REQUEST", 64, "\n"), ("CERTIFICATE REQUEST", 76, "\n"), ("CERTIFICATE REQUEST", 0, "\n"),
        ("NEW CERTIFICATE REQUEST", 64, "\n"), ("NEW CERTIFICATE REQUEST", 76, "\r\n"),
        ("NEW CERTIFICATE REQUEST", 0, "\r\n"),
        ("CERTIFICATE REQUEST", 64, "\r\n"),
    ])
    func base64WithEitherHeaderAnyAcceptedWidthAndEitherLineEnd(header: String, width: Int, newline: String) throws {
        #expect(try decode(CSRText.base64(Self.der, width: width, header: header, newline: newline)) == Self.der)
    }

    @Test(arguments: [64, 76, 0])
    func base64WithoutHeaders(width: Int) throws {
        #expect(try decode(CSRText.base64(Self.der, width: width, header: nil)) == Self.der)
        #expect(try decode(CSRText.base64(Self.der, width: width, header: nil, newline: "\r\n")) == Self.der)
    }

    @Test func noFinalLineBreakIsFine() throws {
        let text = CSRText.base64(Self.der, width: 0, header: nil).dropLast()
        #expect(try decode(Array(text)) == Self.der)
    }

    @Test func otherLineWidthsAreRefused() {
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(CSRText.base64(Self.der, width: 70)) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(CSRText.base64(Self.der, width: 32, header: nil)) }
    }

    @Test func aHeaderForSomethingElseIsRefused() {
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(CSRText.base64(Self.der, header: "CERTIFICATE")) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(CSRText.base64(Self.der, header: "PRIVATE KEY")) }
    }

    @Test func aMissingOrMismatchedEndLineIsRefused() {
        var text = String(decoding: CSRText.base64(Self.der), as: UTF8.self)
        text = text.replacingOccurrences(of: "-----END CERTIFICATE REQUEST-----\n", with: "")
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array(text.utf8)) }
        let mismatched = String(decoding: CSRText.base64(Self.der, header: "NEW CERTIFICATE REQUEST"), as: UTF8.self)
            .replacingOccurrences(of: "END NEW", with: "END")
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array(mismatched.utf8)) }
    }

    @Test func emptyNonBase64AndBinaryAreRefused() {
        #expect(throws: AppendixMEncoding.Problem.self) { try decode([]) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array("\n\r\n".utf8)) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array("not base64 at all!".utf8)) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode([0xFF, 0xFE, 0x00, 0x41]) }
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array("QUJD\u{1B}[31m".utf8)) }
    }

    @Test func base64CutShortIsRefused() {
        let text = CSRText.base64(Self.der, width: 0, header: nil)
        #expect(throws: AppendixMEncoding.Problem.self) { try decode(Array(text.prefix(text.count / 2 + 1))) }
    }

    @Test func aCertificateTakesTheCertificateHeader() throws {
        let certificate = CSRText.base64(Self.der, header: "CERTIFICATE")
        #expect(try AppendixMEncoding.der(from: certificate, labels: AppendixMEncoding.certificateLabels) == Self.der)
    }
}
