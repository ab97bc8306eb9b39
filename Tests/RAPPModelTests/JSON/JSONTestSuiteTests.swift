import Foundation
import Testing

@testable import RAPPModel

/// The public parsing cases of JSONTestSuite (github.com/nst/JSONTestSuite, MIT), copied into
/// `Fixtures/JSONTestSuite` with their LICENSE and SOURCE, run through `JSONValue.parse` (the UTF-8
/// check and `JSONParser`, as every reader of a file uses them).
///
/// `y_` cases must be accepted, `n_` refused, `i_` answered either way without crashing or hanging.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let folder = Fixtures.packageRoot.appending(path: "Tests/RAPPModelTests/Fixtures/JSONTestSuite/test_parsing")

    static func cases(_ prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    /// Valid JSON that ratui refuses on purpose: an object with a key twice. RFC 8259 only says
    /// names "SHOULD be unique"; a form with a field twice is ambiguous (which one was meant?), so
    /// `JSONParser` refuses it with the key's name rather than keeping one silently.
    static let refusedOnPurpose: Set<String> = [
        "y_object_duplicated_key.json",
        "y_object_duplicated_key_and_value.json",
    ]

    static func parse(_ name: String) throws -> Result<JSONValue, ValidationIssue> {
        let data = try Data(contentsOf: folder.appending(path: name))
        do { return .success(try JSONValue.parse(data)) } catch { return .failure(error) }
    }

    @Test("the copied suite is all there")
    func suiteIsComplete() {
        #expect(Self.cases("y_").count == 95)
        #expect(Self.cases("n_").count == 188)
        #expect(Self.cases("i_").count == 35)
        #expect(Self.refusedOnPurpose.isSubset(of: Set(Self.cases("y_"))))
    }

    @Test("every y_ case is accepted", arguments: cases("y_").filter { !refusedOnPurpose.contains($0) })
    func accepted(_ name: String) throws {
        if case .failure(let issue) = try Self.parse(name) {
            Issue.record("\(name) refused: \(issue.message)")
        }
    }

    @Test("duplicate keys are refused on purpose, naming the key", arguments: refusedOnPurpose.sorted())
    func duplicateKeys(_ name: String) throws {
        guard case .failure(let issue) = try Self.parse(name) else {
            Issue.record("\(name) accepted")
            return
        }
        #expect(issue.code == .formSyntax)
        #expect(issue.message.contains("appears twice"), "\(issue.message)")
    }

    @Test("every n_ case is refused as form.syntax", arguments: cases("n_"))
    func refused(_ name: String) throws {
        switch try Self.parse(name) {
        case .success(let value): Issue.record("\(name) accepted as \(value)")
        case .failure(let issue): #expect(issue.code == .formSyntax, "\(name)")
        }
    }

    @Test("every i_ case is answered, accepted or refused as form.syntax", arguments: cases("i_"))
    func answered(_ name: String) throws {
        if case .failure(let issue) = try Self.parse(name) {
            #expect(issue.code == .formSyntax, "\(name)")
        }
    }
}
