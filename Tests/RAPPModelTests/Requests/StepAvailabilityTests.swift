import Foundation
import Testing

@testable import RAPPModel

/// The steps a request offers an operator, each allowed or refused with a reason, agree with what
/// the engine does when the step is taken: a refused step fails with exactly that code and
/// message, and a step shown allowed is taken. Front ends show these reasons; they must never
/// offer a step and then have it refused, nor hide one the engine would take.
@Suite struct StepAvailabilityTests {
    /// Every operator of interest: the submitter, the verifier, a second person, a manager, and
    /// roles without request steps.
    func operators(_ fixture: RequestFixture) throws -> [OperatorSession] {
        [
            fixture.bob, fixture.carol, fixture.dave, fixture.manager,
            try fixture.operatorWith("auditor"), try fixture.operatorWith("pma-member"),
        ]
    }

    func input(for transition: WorkflowTransition, _ fixture: RequestFixture) -> (JSONValue?, String?) {
        (fixture.evidence(for: transition.action), transition.needsReason ? "other" : nil)
    }

    @Test(arguments: ["checked", "identity-verified", "approved", "issued"])
    func refusalsShownAreTheEnginesRefusals(state: String) throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: state)
        for session in try operators(fixture) {
            let details = try fixture.registry.request(id, by: session)
            #expect(!details.actions.isEmpty)
            for action in details.actions {
                guard let blocked = action.blocked else { continue }
                let (evidence, reason) = input(for: action.transition, fixture)
                do {
                    _ = try fixture.registry.act(
                        on: id, action: action.transition.action, evidence: evidence, reason: reason, by: session)
                    Issue.record(
                        "\(session.name) took \(action.transition.action) in \(state), shown refused: \(blocked.code)")
                } catch {
                    let failure = Failure(error)
                    #expect(failure.code == blocked.code, "\(session.name) \(action.transition.action) in \(state)")
                    #expect(
                        failure.message == blocked.message, "\(session.name) \(action.transition.action) in \(state)")
                }
                #expect(try fixture.state(of: id) == state, "a refused step changed nothing")
            }
        }
    }

    @Test(arguments: ["checked", "identity-verified", "approved", "issued"])
    func stepsShownAllowedAreTaken(state: String) throws {
        let fixture = try RequestFixture()
        var taken = 0
        for session in try operators(fixture) {
            let probe = try fixture.request(in: state, name: "Probe \(session.name)")
            for action in try fixture.registry.request(probe, by: session).actions where action.blocked == nil {
                // Each allowed step on a request of its own in the same state, with valid input.
                let id = try fixture.request(in: state, name: "Dana \(session.name) \(action.transition.action)")
                let (evidence, reason) = input(for: action.transition, fixture)
                let after = try fixture.registry.act(
                    on: id, action: action.transition.action, evidence: evidence, reason: reason, by: session)
                #expect(
                    after.request.steps.contains {
                        $0.action == action.transition.action && $0.operatorID == session.operatorID
                    })
                taken += 1
            }
        }
        #expect(taken > 0)
    }

    @Test func theMakerSeesApproveDisabledWithTheSeparationReason() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "identity-verified")
        let approve = { (session: OperatorSession) in
            try #require(
                try fixture.registry.request(id, by: session).actions.first { $0.transition.action == "approve" })
        }
        #expect(try approve(fixture.bob).refusal?.code == "request.separation-of-duties")
        #expect(try approve(fixture.bob).refusal?.message.contains("bob entered the request") == true)
        #expect(try approve(fixture.carol).refusal?.code == "request.separation-of-duties")
        #expect(try approve(fixture.operatorWith("auditor")).refusal?.code == "access.not-permitted")
        #expect(try approve(fixture.dave).blocked == nil)
    }

    @Test func failingChecksBlockTheStepWithTheEnginesCode() throws {
        // Entry tests not passed: the automatic check waits, and taking it by hand fails its checks.
        let fixture = try RequestFixture(entryTests: false)
        let id = try fixture.nominate().request.id
        let check = try #require(
            try fixture.registry.request(id, by: fixture.dave).actions.first { $0.transition.action == "check" })
        let blocked = try #require(check.blocked)
        #expect(blocked.code == "request.checks-failed")
        #expect(throws: RequestError.checksFailed(check.checkIssues)) {
            _ = try fixture.registry.act(on: id, action: "check", by: fixture.dave)
        }
    }
}
