import GRDB
import Testing

@testable import RAPPModel

/// An organisation's state as its audit event stores it: an import writes the text directly,
/// and it must be the bytes the JSON tree serialises to, or the event's hash and reconciliation
/// would disagree with every other writer.
@Suite("Organisation state text")
struct OrganisationStateTests {
    @Test("the state written directly is the tree's serialisation, for any version and record")
    func directTextIsTheTreeSerialisation() {
        let versions: [DatabaseValue] = [
            .null, 1.databaseValue, Int64.max.databaseValue, Int64.min.databaseValue, "2".databaseValue,
        ]
        for (index, version) in versions.enumerated() {
            var digest = OrganisationStore.StateDigest(
                organisation: index == 0 ? nil : [7.databaseValue, "x".databaseValue])
            digest.version([
                1.databaseValue, 7.databaseValue, version, "A1".databaseValue, "Zoë \"Ltd\"\n".databaseValue,
                "{}".databaseValue, "2026-11-26".databaseValue, true.databaseValue,
            ])
            digest.range([1.databaseValue, 7.databaseValue, "import-supplier".databaseValue])
            for record in ["organisation/7", "organisation/\(Int64.max)", "quote\"back\\slash\u{1}"] {
                #expect(
                    digest.stateText(record: record) == JSONValue.object([record: digest.state]).serialized(),
                    "version \(version), record \(record.debugDescription)")
            }
        }
    }

    @Test("a stored integer at either end of Int64 is kept as text, not a crash")
    func storedIntegersAtBothEnds() {
        // A registry file can hold any integer in a version column; `abs(Int64.min)` would trap.
        #expect(JSONValue(stored: Int64.min.databaseValue) == .string("integer -9223372036854775808"))
        #expect(JSONValue(stored: Int64.max.databaseValue) == .string("integer 9223372036854775807"))
        #expect(JSONValue(stored: 999_999_999_999_999.databaseValue) == JSONValue(999_999_999_999_999))
        #expect(JSONValue(stored: (-999_999_999_999_999).databaseValue) == JSONValue(-999_999_999_999_999))
        #expect(JSONValue(stored: 1_000_000_000_000_000.databaseValue) == .string("integer 1000000000000000"))
    }
}
