import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// `request list --waiting-for-me`: exactly the requests in which the operator may take a step
/// now, found by index seeks, never a scan.
@Suite("Requests waiting for an operator")
struct WaitingListTests {
    /// Requests in every state, entered and moved by different people.
    func populated() throws -> RequestFixture {
        let fixture = try RequestFixture()
        for (index, state) in [
            "checked", "identity-verified", "approved", "issued", "active", "checked", "identity-verified",
        ].enumerated() {
            _ = try fixture.request(in: state, name: "Person \(index)")
        }
        let rejected = try fixture.request(in: "checked", name: "Person 7")
        _ = try fixture.registry.act(on: rejected, action: "reject", reason: "other", by: fixture.dave)
        // One entered by carol, verified by bob: bob and carol may not approve it, dave may.
        let other = try fixture.nominate(by: fixture.carol, birth: "1990-01-01").request.id
        _ = try fixture.registry.act(
            on: other, action: "verify-identity", evidence: RequestFixture.identityEvidence, by: fixture.bob)
        return fixture
    }

    @Test("each operator's list is what `request show` says they may act on, in id order")
    func matchesShow() throws {
        let fixture = try populated()
        let all = try fixture.registry.requests(.init(), limit: 1000, by: fixture.manager)
        let pma = try fixture.operatorWith("pma-member")
        for session in [fixture.manager, fixture.bob, fixture.carol, fixture.dave, pma] {
            let waiting = try fixture.registry.requests(.init(waitingForMe: true), limit: 1000, by: session).map(\.id)
            let expected = try all.map(\.id).filter { id in
                try fixture.registry.request(id, by: session).actions.contains { $0.refusal == nil }
            }
            #expect(waiting == expected, "\(session.name)")
        }
        #expect(try fixture.registry.requests(.init(waitingForMe: true), limit: 1000, by: pma).isEmpty)
    }

    @Test("pages of any size give the same list")
    func paging() throws {
        let fixture = try populated()
        let whole = try fixture.registry.requests(.init(waitingForMe: true), limit: 1000, by: fixture.dave).map(\.id)
        for size in 1...3 {
            var pages: [Int64] = []
            var after: Int64 = 0
            while true {
                let page = try fixture.registry.requests(
                    .init(waitingForMe: true), after: after, limit: size, by: fixture.dave)
                pages += page.map(\.id)
                guard let last = page.last, page.count == size else { break }
                after = last.id
            }
            #expect(pages == whole)
        }
        // Filtered by state, pages of one still find every match, however many others lie between.
        let verified = try fixture.registry.requests(
            .init(state: "identity-verified"), limit: 1000, by: fixture.manager
        ).map(\.id)
        var pages: [Int64] = []
        var after: Int64 = 0
        while let next = try fixture.registry.requests(
            .init(state: "identity-verified", waitingForMe: true), after: after, limit: 1, by: fixture.dave
        ).first {
            pages.append(next.id)
            after = next.id
        }
        #expect(pages == verified.filter(whole.contains))
        #expect(!pages.isEmpty)
    }

    @Test("lists by kind and state page in id order")
    func filters() throws {
        let fixture = try populated()
        let checked = try fixture.registry.requests(.init(state: "checked"), limit: 100, by: fixture.manager)
        #expect(checked.count == 2 && checked.allSatisfy { $0.state == "checked" && $0.name.hasPrefix("Person") })
        #expect(
            try fixture.registry.requests(
                .init(kind: "aro-nomination", state: "checked"), limit: 100, by: fixture.manager) == checked)
        #expect(
            try fixture.registry.requests(.init(kind: "aro-nomination"), limit: 100, by: fixture.manager).count == 9)
        #expect(try fixture.registry.requests(.init(kind: "nothing"), limit: 100, by: fixture.manager).isEmpty)
    }

    @Test("every list query seeks an index: no scan of requests or steps")
    func queryPlans() throws {
        let fixture = try populated()
        try fixture.registry.read { db in
            let engine = RequestEngine(db: db, policy: fixture.registry.policy, session: fixture.dave, time: "")
            let workflow = fixture.registry.policy.workflow("aro-nomination")!
            // A state whose only step has separation rules: each row is tested through the index.
            let approvalOnly = WorkflowState(
                id: "identity-verified", label: "", isTerminal: false,
                transitions: [workflow.state("identity-verified")!.transition("approve")!])
            let (condition, arguments) = engine.waitingCondition(
                workflow: workflow, state: approvalOnly, roles: ["ra-personnel"])!
            let plan = try Self.plan(
                db, RequestStore.waitingSQL(condition: condition),
                ["aro-nomination", "identity-verified", 0] + arguments + [100])
            #expect(plan.contains("request_transition_waiting"))
            #expect(plan.contains("request_transition_operator"))
            #expect(!plan.contains("SCAN t ") && !plan.contains("SCAN r") && !plan.contains("SCAN p"), "\(plan)")
        }
    }

    static func plan(_ db: Database, _ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
            .map { $0["detail"] as String }.joined(separator: "\n") + "\n"
    }
}
