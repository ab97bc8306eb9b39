import Foundation
import Testing

@testable import RAPPModel

/// An organisation's preconditions: its EUI-64 allocation from SECAS and its passed entry tests.
@Suite("Organisations' preconditions")
struct PreconditionTests {
    static let inside = IdentifierRange(first: EUI64(0x90B3_D51F_3000_0000), last: EUI64(0x90B3_D51F_30FF_FFFF))!

    @Test("an allocation is recorded, audited, replaced by the next; ranges outside it are reported")
    func allocation() throws {
        let fixture = try RequestFixture(entryTests: false)
        let elsewhere = IdentifierRange(first: EUI64(0x0011_2200_0000_0000), last: EUI64(0x0011_22FF_FFFF_FFFF))!
        let recorded = try fixture.registry.recordAllocation([elsewhere], of: fixture.organisation, by: fixture.manager)
        #expect(recorded.allocation?.version == 1)
        #expect(recorded.allocation?.recordedBy == "manager")
        #expect(recorded.outsideAllocation.map(\.code) == [.rangeOutsideAllocation])
        let replaced = try fixture.registry.recordAllocation(
            [Self.inside, elsewhere], of: fixture.organisation, by: fixture.bob)
        #expect(replaced.allocation?.version == 2)
        #expect(replaced.allocation?.ranges == [elsewhere, Self.inside])
        #expect(replaced.outsideAllocation.isEmpty)
        let events = try RequestEngineTests.events(fixture.registry, record: "organisation/\(fixture.organisation)")
        #expect(events.filter { $0.action == "organisation.allocation-recorded" }.count == 2)
        #expect(try fixture.registry.preconditions(of: fixture.organisation).allocation?.version == 2)
    }

    @Test("amendments are checked against the allocation (an error by default); with none recorded they are not")
    func amendments() throws {
        let fixture = try RequestFixture()
        let outside = Fixtures.form([("import-supplier", "90-B3-D5-1F-31-00-00-00", "90-B3-D5-1F-31-00-FF-FF")])
        guard
            case .stored = try fixture.registry.submit(
                outside, amending: fixture.registry.amendingCurrent(fixture.organisation), by: fixture.manager)
        else {
            Issue.record("without an allocation the range is not checked")
            return
        }
        _ = try fixture.registry.recordAllocation([Self.inside], of: fixture.organisation, by: fixture.manager)
        let again = Fixtures.form([("import-supplier", "90-B3-D5-1F-32-00-00-00", "90-B3-D5-1F-32-00-FF-FF")])
        guard
            case .rejected(let report) = try fixture.registry.submit(
                again, amending: fixture.registry.amendingCurrent(fixture.organisation), by: fixture.manager)
        else {
            Issue.record("a range outside the allocation was stored")
            return
        }
        #expect(report.errors.map(\.code) == [.rangeOutsideAllocation])
        #expect(report.errors.first?.isSiteRule == true)
        let within = Fixtures.form([("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-02-FF-FF")])
        guard
            case .stored = try fixture.registry.submit(
                within, amending: fixture.registry.amendingCurrent(fixture.organisation), by: fixture.manager)
        else {
            Issue.record("a range inside the allocation was refused")
            return
        }
    }

    @Test(
        "the rules file sets the severity: warning stores with a warning, off says nothing",
        arguments: ["warning", "off"])
    func severity(_ severity: String) throws {
        let policy = try Fixtures.policy(editing: [
            "rules.json": {
                $0.replacingOccurrences(
                    of: "\"range.outside-allocation\": {\n      \"severity\": \"error\"",
                    with: "\"range.outside-allocation\": {\n      \"severity\": \"\(severity)\"")
            }
        ])
        #expect(policy.rules.setting(.rangeOutsideAllocation).rawValue == severity)
        let fixture = try RequestFixture(policy: policy)
        _ = try fixture.registry.recordAllocation([Self.inside], of: fixture.organisation, by: fixture.manager)
        let outside = Fixtures.form([("import-supplier", "90-B3-D5-1F-32-00-00-00", "90-B3-D5-1F-32-00-FF-FF")])
        guard
            case .stored(_, _, let warnings) = try fixture.registry.submit(
                outside, amending: fixture.registry.amendingCurrent(fixture.organisation), by: fixture.manager)
        else {
            Issue.record("refused under \(severity)")
            return
        }
        #expect(warnings.map(\.code) == (severity == "warning" ? [.rangeOutsideAllocation] : []))
    }

    @Test("coverage: blocks that touch or overlap cover a range across them; a gap does not")
    func coverage() {
        func range(_ first: UInt64, _ last: UInt64) -> IdentifierRange {
            IdentifierRange(first: EUI64(first), last: EUI64(last))!
        }
        #expect(OrganisationFormValidator.isCovered(range(5, 15), by: [range(10, 20), range(0, 9)]))
        #expect(OrganisationFormValidator.isCovered(range(5, 15), by: [range(0, 12), range(8, 20)]))
        #expect(!OrganisationFormValidator.isCovered(range(5, 15), by: [range(0, 9), range(11, 20)]))
        #expect(OrganisationFormValidator.isCovered(range(.max - 1, .max), by: [range(.max - 5, .max)]))
        #expect(!OrganisationFormValidator.isCovered(range(0, 0), by: []))
        // Against brute force on a small space.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let blocks = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                let a = UInt64.random(in: 0...40, using: &generator)
                let b = UInt64.random(in: 0...40, using: &generator)
                return range(min(a, b), max(a, b))
            }
            let a = UInt64.random(in: 0...40, using: &generator)
            let b = UInt64.random(in: 0...40, using: &generator)
            let wanted = range(min(a, b), max(a, b))
            let brute = (wanted.first.value...wanted.last.value).allSatisfy { x in
                blocks.contains { $0.contains(EUI64(x)) }
            }
            #expect(OrganisationFormValidator.isCovered(wanted, by: blocks) == brute, "\(wanted) in \(blocks)")
        }
    }

    @Test("entry tests are recorded with a real date and a plain reference; a correction supersedes")
    func entryTests() throws {
        let fixture = try RequestFixture(entryTests: false)
        #expect(try fixture.registry.preconditions(of: fixture.organisation).entryTests == nil)
        for (date, reference, code) in [
            ("2026-02-30", "ET-1", IssueCode.fieldFormat), ("2026-01-01", "ET\u{1B}[2J", .fieldControlCharacter),
            ("2026-01-01", "", .fieldRequired), ("2026-01-01", String(repeating: "x", count: 101), .fieldTooLong),
        ] {
            #expect(throws: ValidationIssue.self) {
                try fixture.registry.recordEntryTests(
                    of: fixture.organisation, passedOn: date, reference: reference, by: fixture.manager)
            }
            _ = code
        }
        _ = try fixture.registry.recordEntryTests(
            of: fixture.organisation, passedOn: "2026-01-01", reference: "ET-1", by: fixture.manager)
        let corrected = try fixture.registry.recordEntryTests(
            of: fixture.organisation, passedOn: "2026-01-02", reference: " ET-2 ", by: fixture.bob)
        #expect(corrected.entryTests?.passedOn == "2026-01-02")
        #expect(corrected.entryTests?.reference == "ET-2")
        #expect(corrected.entryTests?.recordedBy == "bob")
    }

    @Test("only organisation.preconditions may record them, and only for a registered organisation")
    func permissionsAndUnknowns() throws {
        let fixture = try RequestFixture(entryTests: false)
        for role in ["pma-member", "auditor"] {
            let session = try fixture.operatorWith(role)
            #expect(throws: AccessError.self) {
                try fixture.registry.recordAllocation([Self.inside], of: fixture.organisation, by: session)
            }
            #expect(throws: AccessError.self) {
                try fixture.registry.recordEntryTests(
                    of: fixture.organisation, passedOn: "2026-01-01", reference: "R", by: session)
            }
        }
        #expect(throws: RequestError.unknownOrganisation(42)) {
            try fixture.registry.recordAllocation([Self.inside], of: 42, by: fixture.manager)
        }
        #expect(throws: RequestError.unknownOrganisation(42)) { try fixture.registry.preconditions(of: 42) }
        #expect(throws: ValidationIssue.self) {
            try fixture.registry.recordAllocation([], of: fixture.organisation, by: fixture.manager)
        }
    }
}
