import GRDB
import SnapshotTesting
import Testing

@testable import RAPPModel
@testable import RATUI

/// Supplier of Last Resort holds (SEC L16) in the terminal: the organisation screen carries a
/// banner naming the SMKI PMA's decision, and a revocation request held before revoking carries
/// the engine's own `revocation.held` code and message, on top and beside every step, which is
/// shown disabled and refused; after the release the step is offered and taken.
@Suite(.serialized)
struct RevocationHoldScreenTests {
    /// Northwind (organisation 1 of the sample) with its active ARO credential, an SMKI PMA hold
    /// on its revocation, and a revocation of all its credentials entered by bob, verified by
    /// carol and decided by dave: it waits, held, at the step that revokes.
    static func heldRequest() throws -> (RequestSample, request: Int64) {
        let sample = try RequestSample.make()
        let registry = sample.test.registry
        let organisation = sample.organisations[0]
        _ = try registry.holdRevocation(
            of: organisation, decision: "PMA-2026-117", date: "2026-11-20", by: sample.test.session)
        let id = try registry.submitRequest(
            kind: "org-revocation",
            form: FormFile(
                formID: "OrganisationRevocation",
                fields: .object([
                    "organisation": JSONValue(organisation), "target": .string("organisation"),
                    "requestedBy": .string("aro"), "requesterName": .string("Fay Lee"),
                    "arrival": .string("telephone"), "receivedOn": .string("2026-11-24"),
                    "grounds": .string("lost-token"), "groundsDetail": .string("Token lost on a train."),
                ])), by: sample.bob
        ).request.id
        _ = try registry.act(
            on: id, action: "verify-requester",
            evidence: .object([
                "method": .string("call-back"), "checked": .string("Called the number on the A1 form."),
                "verifiedOn": .string("2026-11-24"),
            ]), by: sample.carol)
        _ = try registry.act(on: id, action: "decide-verified", by: sample.dave)
        return (sample, id)
    }

    @Test func theRequestScreenShowsTheHoldAndEveryStepDisabledWithTheEnginesCode() throws {
        let (sample, id) = try Self.heldRequest()
        var dave = sample.driver(sample.dave, start: RequestScreen(id: id))
        let screen = try #require(dave.app.top(RequestScreen.self))
        #expect(screen.details?.hold?.code == "revocation.held")
        #expect(screen.details?.actions.allSatisfy { $0.blocked?.code == "revocation.held" } == true)
        let text = dave.app.view().text
        #expect(text.contains("revocation.held: Request \(id) is held: SMKI PMA decision \"PMA-2026-117\""))
        assertSnapshot(of: dave.app.view(), as: .screen, named: "held-request")
        dave.press(.enter)
        #expect(dave.app.view().text.contains("You may not take \"Revoke the credentials now\": revocation.held"))
        #expect(try sample.test.registry.request(id, by: sample.dave).request.state == "verified")

        _ = try sample.test.registry.releaseRevocation(
            of: sample.organisations[0], decision: "PMA-2026-121", date: "2026-11-25", by: sample.test.session)
        dave = sample.driver(sample.dave, start: RequestScreen(id: id))
        #expect(dave.app.top(RequestScreen.self)?.details?.hold == nil)
        #expect(!dave.app.view().text.contains("revocation.held"))
        dave.press(.enter, .character("t"))
        #expect(dave.app.top(RequestScreen.self)?.details?.request.state == "revoked")
    }

    @Test func theOrganisationScreenCarriesTheHoldsBannerUntilTheRelease() throws {
        let (sample, _) = try Self.heldRequest()
        let organisation = sample.organisations[0]
        var app = sample.driver(sample.test.session, start: OrganisationScreen(id: organisation))
        #expect(
            app.app.view().text.contains(
                "Revocation held (SEC L16): SMKI PMA decision \"PMA-2026-117\" of 2026-11-20"))
        assertSnapshot(of: app.app.view(), as: .screen, named: "held-organisation")
        _ = try sample.test.registry.releaseRevocation(
            of: organisation, decision: "PMA-2026-121", date: "2026-11-25", by: sample.test.session)
        app = sample.driver(sample.test.session, start: OrganisationScreen(id: organisation))
        #expect(!app.app.view().text.contains("Revocation held"))
    }

    @Test func aDecisionReferenceWrittenBehindRatuisBackIsShownEscaped() throws {
        let sample = try RequestSample.make()
        let organisation = sample.organisations[0]
        try sample.test.registry.write { db in
            try db.execute(
                sql: """
                    INSERT INTO revocation_hold VALUES (?, 1, 'hold', ?, '2026-11-20', '2026-11-20T00:00:00.000Z', ?)
                    """, arguments: [organisation, "PMA\u{1B}[2J\u{202E}evil", sample.test.session.operatorID])
        }
        let app = sample.driver(sample.test.session, start: OrganisationScreen(id: organisation))
        let text = app.app.view().text
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}"))
        #expect(text.contains(#"PMA\e[2J\u{202E}evil"#))
    }
}
