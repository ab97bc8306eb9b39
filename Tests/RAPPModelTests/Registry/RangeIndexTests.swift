import Foundation
import GRDB
import PropertyBased
import Testing

@testable import RAPPModel

@Suite("Ownership and overlap lookups")
struct RangeIndexTests {
    /// The answer by brute force: every stored range, checked one by one.
    struct Oracle {
        var ranges: [(organisation: Int64, role: String, range: IdentifierRange)] = []

        func holders(of identifier: EUI64) -> Set<String> {
            Set(ranges.filter { $0.range.contains(identifier) }.map { "\($0.organisation) \($0.role)" })
        }

        func conflicts(with range: IdentifierRange, excluding excluded: Int64?) -> [String] {
            ranges.filter { $0.organisation != excluded && $0.range.overlaps(range) }
                .sorted { ($0.range.first, $0.organisation, $0.role) < ($1.range.first, $1.organisation, $1.role) }
                .map { "\($0.organisation) \($0.role)" }
        }
    }

    /// A validator that lets different organisations overlap (as a warning), so that random
    /// registries also exercise overlapping ranges. No policy may say so (`PolicyInvariants`),
    /// but a registry written by another tool, or tampered with, may still hold them, and the
    /// index must stay exact.
    static let permissiveValidator: OrganisationFormValidator = {
        let rules = Fixtures.library.rules
        var checks = rules.checks
        checks[.rangeOverlapsOrganisation] = .warning
        let permissive = SiteRules(
            userRoles: rules.userRoles, sharingPairs: rules.sharingPairs, checks: checks, formats: rules.formats,
            operatorRoles: rules.operatorRoles, permissions: rules.permissions, signIn: rules.signIn)
        return OrganisationFormValidator(definition: Fixtures.library.organisationForm, rules: permissive)
    }()

    /// Stores a form under the permissive validator, as the registry's ra-manager.
    static func storePermissively(_ form: OrganisationInformationForm, in registry: Registry) throws -> SubmissionResult
    {
        let manager = try Fixtures.manager(of: registry)
        return try registry.write { db in
            try OrganisationStore(db: db).submit(form, amending: nil, validator: permissiveValidator, by: manager)
        }
    }

    /// Identifiers from a few small clusters spread over the whole space, so random ranges
    /// collide often, and both ends and the sign boundary of SQLite's integers are visited.
    static let clusters: [UInt64] = [
        0, 0x7FFF_FFFF_FD00_0000, 0x8000_0000_0000_0000, 0x90B3_D51F_3001_0000, 0xFFFF_FFFF_FD00_0000,
    ]
    static let roles = ["import-supplier", "export-supplier", "gas-supplier", "other-user"]

    static let rangeGenerator = zip(
        Gen.element(of: clusters).map { $0! }, Gen.uint64(in: 0...200), Gen.uint64(in: 0...60)
    ).map { values in
        let start = values.0 + values.1
        return IdentifierRange(first: EUI64(start), last: EUI64(start + values.2))!
    }

    @Test("who owns what, and what overlaps what, match brute force on random registries")
    func matchesOracle() async throws {
        #expect(Self.permissiveValidator.rules.setting(.rangeOverlapsOrganisation) == .warning)
        let registryGenerator = Self.rangeGenerator.array(of: 1...3).array(of: 1...12)
        await propertyCheck(count: 40, input: registryGenerator, Self.rangeGenerator.array(of: 10...10)) {
            organisations, probes in
            do {
                let registry = try Fixtures.registry()
                var oracle = Oracle()
                for ranges in organisations {
                    let rows = ranges.enumerated().map {
                        (Self.roles[$0.offset], $0.element.first.canonical, $0.element.last.canonical)
                    }
                    var form = Fixtures.form(rows)
                    form.fields["legalName"] = "Org \(oracle.ranges.count)"
                    // Rows of one organisation may overlap each other only as sharing pairs allow;
                    // the oracle records exactly what the registry accepted.
                    if case .stored(let id, _, _) = try Self.storePermissively(form, in: registry) {
                        for (index, range) in ranges.enumerated() {
                            oracle.ranges.append((id, Self.roles[index], range))
                        }
                    }
                }
                for probe in probes {
                    for identifier in [probe.first, probe.last] {
                        let found = try registry.owners(of: identifier)
                        let owners = Set(found.map { "\($0.organisationID) \($0.role)" })
                        #expect(owners == oracle.holders(of: identifier), "whois \(identifier)")
                        // The name joined in is the organisation's current name, as `named` finds it for
                        // the other look-ups; a batch answers the same from its snapshot.
                        let single = IdentifierRange(first: identifier, last: identifier)!
                        #expect(try found == registry.conflicts(with: single, excluding: nil, limit: 1_000))
                        #expect(found.allSatisfy { $0.organisationName.hasPrefix("Org ") })
                        #expect(try found == registry.withOwnerLookup { try $0.owners(of: identifier) })
                    }
                    for excluded in [nil, Int64(1)] {
                        let found = try registry.conflicts(with: probe, excluding: excluded, limit: 1_000)
                            .map { "\($0.organisationID) \($0.role)" }
                        #expect(found == oracle.conflicts(with: probe, excluding: excluded), "conflicts with \(probe)")
                        let limited = try registry.conflicts(with: probe, excluding: excluded, limit: 2)
                        #expect(limited.count == min(2, found.count))
                    }
                }
            } catch {
                Issue.record(error)
            }
        }
    }

    @Test(
        "a holder's organisation name is joined in by its current version's index: two searches, no scan",
        arguments: [RangeIndex.namedHoldersStartingBelowSQL, RangeIndex.namedHoldersEndingAboveSQL])
    func namedQueryPlans(_ sql: String) throws {
        let registry = try Fixtures.registry()
        let plan = try registry.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1, 1, 1]).map { $0["detail"] as String }
        }
        #expect(plan.count == 2, "\(plan)")
        #expect(plan.first?.contains("INDEX user_role_range_current_bucket_") == true, "\(plan)")
        #expect(plan.last?.contains("INDEX organisation_version_current (organisation_id=?)") == true, "\(plan)")
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH ") }, "\(plan)")
    }

    @Test(
        "every lookup is an index search on the ranges in force, never a table scan",
        arguments: [
            RangeIndex.holdersStartingBelowSQL, RangeIndex.holdersEndingAboveSQL, RangeIndex.nextLevelSQL,
            RangeIndex.startingWithinSQL, RangeIndex.currentNameSQL, RangeIndex.neighbourBelowSQL,
            RangeIndex.neighbourAboveSQL,
        ])
    func queryPlans(_ sql: String) throws {
        let registry = try Fixtures.registry()
        let plan = try registry.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + sql,
                arguments: StatementArguments(Array(repeating: 1, count: sql.filter { $0 == "?" }.count))
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.count == 1, "\(plan)")
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH ") && $0.contains("INDEX") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}
