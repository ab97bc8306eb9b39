import GRDB
import Testing

@testable import RAPPModel

/// The registry reads the terminal UI added (Registry+Search.swift): paged name search, counts
/// by prefix, and a range's neighbours, each answered by an index, never a scan.
@Suite struct RegistrySearchTests {
    @Test func namesPageForwardAndBackByKey() throws {
        let test = try TestRegistry()
        for (index, name) in ["beta", "Alpha", "alpha two", "Gamma", "ALPHA three"].enumerated() {
            try test.store(name, [("other-user", "90-B3-D5-0\(index)-00-00-00-00", "90-B3-D5-0\(index)-00-00-00-FF")])
        }
        let registry = test.registry
        let first = try registry.organisations(namePrefix: "alpha", at: .first, limit: 2)
        #expect(first.map(\.name) == ["Alpha", "ALPHA three"])  // A-Z folded: "alpha three" < "alpha two"
        let all = try registry.organisations(namePrefix: "alpha", at: .first, limit: 10)
        #expect(all.count == 3)
        #expect(try registry.organisationCount(namePrefix: "ALP") == 3)
        let second = try registry.organisations(
            namePrefix: "alpha", at: .after(id: all[1].id, name: all[1].name), limit: 10)
        #expect(second.map(\.id) == [all[2].id])
        let back = try registry.organisations(
            namePrefix: "alpha", at: .before(id: all[2].id, name: all[2].name), limit: 10)
        #expect(back.map(\.id) == all.prefix(2).map(\.id))
        let last = try registry.organisations(namePrefix: "", at: .last, limit: 2)
        #expect(last.map(\.name) == ["Gamma", "ALPHA three"])
        #expect(try registry.organisationCount(namePrefix: "") == 5)
        #expect(try registry.organisationCount(namePrefix: "delta") == 0)
    }

    @Test func neighboursAreTheNearestRangesOnEachSide() throws {
        let test = try TestRegistry()
        let below = try test.store("Below Ltd", [("other-user", "90-B3-D5-01-00-00-00-00", "90-B3-D5-01-00-00-FF-FF")])
        _ = try test.store("Far Below Ltd", [("other-user", "90-B3-D5-00-00-00-00-00", "90-B3-D5-00-00-00-FF-FF")])
        let above = try test.store("Above Ltd", [("other-user", "90-B3-D5-03-00-00-00-00", "90-B3-D5-03-00-00-FF-FF")])
        let range = IdentifierRange(
            first: try EUI64(parsing: "90-B3-D5-02-00-00-00-00"), last: try EUI64(parsing: "90-B3-D5-02-FF-00-00-00"))!
        let neighbours = try test.registry.neighbours(of: range, excluding: nil)
        #expect(neighbours.map(\.organisationID) == [below, above])
        #expect(neighbours.map(\.organisationName) == ["Below Ltd", "Above Ltd"])
        #expect(try test.registry.neighbours(of: range, excluding: above).map(\.organisationID) == [below])
    }

    @Test func theNameSearchSeeksTheNameIndex() throws {
        let test = try TestRegistry()
        let details = try test.registry.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT v.organisation_id FROM organisation_version v
                    WHERE v.is_current = 1 AND v.name >= ? COLLATE NOCASE AND v.name < ? COLLATE NOCASE
                    ORDER BY v.name COLLATE NOCASE, v.organisation_id LIMIT 10
                    """, arguments: ["acme", "acme\u{10FFFF}"]
            ).map { $0["detail"] as String }
        }
        // Without the INDEXED BY the search code uses, SQLite still picks the index by itself.
        #expect(
            details.contains { $0.contains("SEARCH v USING") && $0.contains("organisation_version_current_name") },
            "\(details)")
        #expect(!details.contains { $0.contains("TEMP B-TREE") }, "\(details)")
        // Each query shape runs: INDEXED BY makes SQLite refuse any it could not serve by the index.
        _ = try test.registry.organisations(namePrefix: "a", at: .first, limit: 10)
        _ = try test.registry.organisations(namePrefix: "a", at: .last, limit: 10)
        _ = try test.registry.organisations(namePrefix: "", at: .after(id: 1, name: ""), limit: 10)
        _ = try test.registry.organisations(namePrefix: "a", at: .before(id: 1, name: "a"), limit: 10)
        _ = try test.registry.organisationCount(namePrefix: "a")
    }
}
