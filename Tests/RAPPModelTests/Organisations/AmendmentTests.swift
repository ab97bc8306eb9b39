import Foundation
import Testing

@testable import RAPPModel

/// Amendments name the version they were made from; the registry refuses one made from a version
/// that is no longer current, in the transaction that would store it.
@Suite("Amending from a version")
struct AmendmentTests {
    /// A registry with one organisation at version 1, and its manager.
    func registry() throws -> (Registry, OperatorSession) {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "Original", 0x1000, 0x1FFF))
        return (registry, manager)
    }

    func eventCount(_ registry: Registry, _ session: OperatorSession) throws -> Int {
        try registry.auditEventCount(matching: AuditFilter(), by: session)
    }

    @Test("an amendment from a superseded version is refused, naming the current version, who stored it and when")
    func staleRefused() throws {
        let (registry, manager) = try registry()
        let erin = try registry.addOperator(
            name: "erin", roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        let erinSession = try registry.signIn(
            name: erin.name, passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        #expect(
            try registry.submit(
                Fixtures.form(name: "By Erin", 0x1000, 0x1FFF), amending: Amendment(organisation: 1, version: 1),
                by: erinSession)
                == .stored(organisationID: 1, version: 2, warnings: []))
        let events = try eventCount(registry, manager)
        let result = try registry.submit(
            Fixtures.form(name: "By manager", 0x1000, 0x1FFF), amending: Amendment(organisation: 1, version: 1))
        guard case .rejected(let report) = result else {
            Issue.record("stored: \(result)")
            return
        }
        #expect(report.errors.map(\.code) == [.organisationStaleVersion])
        let message = report.errors[0].message
        #expect(message.contains("Organisation 1 is at version 2, stored by \"erin\" at 20"))
        #expect(message.contains("this amendment was made from version 1"))
        #expect(try registry.history(of: 1).map(\.name) == ["Original", "By Erin"], "nothing stored")
        #expect(try eventCount(registry, manager) == events, "no event either")
        #expect(Failure(ValidationIssue(.organisationStaleVersion, "x")).exitStatus == .invalidData)
    }

    @Test("an amendment from a version that does not exist yet is refused too")
    func futureRefused() throws {
        let (registry, _) = try registry()
        guard
            case .rejected(let report) = try registry.submit(
                Fixtures.form(0x1000, 0x1FFF), amending: Amendment(organisation: 1, version: 5))
        else {
            Issue.record("stored")
            return
        }
        #expect(report.errors.map(\.code) == [.organisationStaleVersion])
        #expect(report.errors[0].message.contains("there is no version 5"))
    }

    @Test(
        "two operators amending the same version at once, from separate connections: exactly one is stored",
        arguments: 0..<3)
    func concurrentAmendments(_ round: Int) async throws {
        let (registry, _) = try registry()
        let path = registry.path
        let outcomes = try await withThrowingTaskGroup(of: SubmissionResult.self) { group in
            for index in 0..<8 {
                group.addTask {
                    // Each its own registry, as another process would open it.
                    let other = try Registry.open(path: path, create: false)
                    let session = try other.signIn(
                        name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
                    return try other.submit(
                        Fixtures.form(name: "Amendment \(index)", 0x1000, 0x1FFF),
                        amending: Amendment(organisation: 1, version: 1), by: session)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let stored = outcomes.filter { if case .stored = $0 { true } else { false } }
        #expect(stored.count == 1)
        #expect(outcomes.count - stored.count == 7)
        #expect(
            outcomes.allSatisfy {
                if case .rejected(let report) = $0 {
                    report.errors.map(\.code) == [.organisationStaleVersion]
                } else {
                    true
                }
            })
        let history = try registry.history(of: 1)
        #expect(history.map(\.version) == [1, 2])
        let manager = try Fixtures.manager(of: registry)
        #expect(try registry.verifyAudit(by: manager).isIntact)
    }

    @Test(
        "import lines amend with \"amend\" and \"expectVersion\"; stale and half-given ones are rejected, each on its own line"
    )
    func importAmendments() throws {
        let (registry, manager) = try registry()
        func line(_ name: String, _ extra: [String: JSONValue]) -> String {
            guard case .object(var object) = Fixtures.form(name: name, 0x1000, 0x1FFF).jsonValue else { return "" }
            object.merge(extra) { $1 }
            return JSONValue.object(object).serialized()
        }
        let lines = [
            line("Amended by import", ["amend": .number(1), "expectVersion": .number(1)]),
            line("Stale", ["amend": .number(1), "expectVersion": .number(1)]),
            line("No version", ["amend": .number(1)]),
            line("No organisation", ["expectVersion": .number(2)]),
            line("Not a number", ["amend": .string("1"), "expectVersion": .number(2)]),
            line("Amended again", ["amend": .number(1), "expectVersion": .number(2)]),
        ]
        let file = Fixtures.temporaryFolder().appending(path: "amend.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let summary = try FormImporter(registry: registry, session: manager).importLines(
            from: FileHandle(forReadingFrom: file))
        #expect(summary.stored == 2 && summary.rejectedCount == 4)
        #expect(summary.rejections.map(\.line) == [2, 3, 4, 5])
        #expect(
            summary.rejections.map { $0.errors.map(\.code) } == [
                [.organisationStaleVersion], [.organisationAmendment], [.organisationAmendment],
                [.organisationAmendment],
            ])
        #expect(try registry.history(of: 1).map(\.name) == ["Original", "Amended by import", "Amended again"])
        #expect(try registry.verifyAudit(by: manager).isIntact)
    }

    @Test("an import line that amends needs organisation.amend")
    func importAmendNeedsPermission() throws {
        let policy = try PolicyTests.library {
            $0.replacingOccurrences(
                of: #""ra-personnel": ["registry.read", "organisation.submit", "organisation.amend", "audit.read","#,
                with: #""ra-personnel": ["registry.read", "organisation.submit", "audit.read","#)
        }
        #expect(!policy.rules.permits(.organisationAmend, roles: ["ra-personnel"]))
        let registry = try Fixtures.registry(policy: policy)
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.submit(Fixtures.form(name: "Original", 0x1000, 0x1FFF))
        _ = try registry.addOperator(
            name: "pat", roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        let pat = try registry.signIn(name: "pat", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        guard case .object(var object) = Fixtures.form(name: "Amended", 0x1000, 0x1FFF).jsonValue else { return }
        object["amend"] = .number(1)
        object["expectVersion"] = .number(1)
        let file = Fixtures.temporaryFolder().appending(path: "amend.jsonl")
        try Data(JSONValue.object(object).serialized().utf8).write(to: file)
        // The refusal stops the import, which says where to resume; the cause is the permission.
        do {
            _ = try FormImporter(registry: registry, session: pat).importLines(from: FileHandle(forReadingFrom: file))
            Issue.record("an amending line was stored without organisation.amend")
        } catch let stopped as ImportInterrupted {
            #expect(stopped.cause == Failure(AccessError.notPermitted(.organisationAmend, operator: "pat")))
            #expect(stopped.resumeLine == 1)
        }
        #expect(try registry.history(of: 1).count == 1)
    }
}
