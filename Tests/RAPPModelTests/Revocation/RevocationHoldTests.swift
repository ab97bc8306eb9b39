import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// Supplier of Last Resort holds (SEC L16): the SMKI PMA's direction, recorded by an RA Manager
/// with its decision reference, keeps revocation requests covering the organisation held before
/// the step that revokes, through every action, until the PMA's release decision.
@Suite("Revocation holds (SEC L16)")
struct RevocationHoldTests {
    /// The built-in policy, with a withdrawal also offered out of `verified`, so that a held
    /// request has more than one step to refuse.
    static func policyWithWithdrawal() throws -> FormLibrary {
        try Fixtures.policy(editing: [
            "workflows/org-revocation.json": {
                $0.replacingOccurrences(
                    of: #"{ "action": "revoke", "label": "Revoke the credentials now""#,
                    with:
                        #"{ "action": "withdraw", "label": "Record a withdrawal", "to": "withdrawn", "kind": "exit", "permission": "request.withdraw" }, { "action": "revoke", "label": "Revoke the credentials now""#
                )
            }
        ])
    }

    /// A fixture with two active ARO credentials of its organisation, and a request for all of
    /// them verified and decided (carol enters, dave verifies, the manager decides), in `verified`.
    static func verifiedRequest(_ fixture: RevocationFixture) throws -> Int64 {
        _ = try fixture.base.request(in: "active")
        _ = try fixture.base.request(in: "active", name: "Eve Lamb")
        let request = try fixture.registry.submitRequest(
            kind: "org-revocation",
            form: RevocationFixture.organisationRevocation(
                organisation: fixture.base.organisation, target: "organisation"), by: fixture.carol
        ).request.id
        _ = try fixture.registry.act(
            on: request, action: "verify-requester", evidence: RevocationFixture.verification, by: fixture.dave)
        _ = try fixture.registry.act(on: request, action: "decide-verified", by: fixture.manager)
        return request
    }

    /// 2026-11-26T10:00:00Z: "today" for the date checks.
    static let now = Date(timeIntervalSince1970: 1_795_687_200)

    static func isHeld(_ error: any Error) -> Bool { code(of: error) == "revocation.held" }

    /// The code of a refusal: a coded error's, or a validation issue's.
    static func code(of error: any Error) -> String? {
        (error as? ValidationIssue)?.code.rawValue ?? (error as? any CodedError)?.code
    }

    @Test("a held request stays held through every action until the release decision, then proceeds to revoked")
    func heldUntilReleased() throws {
        let fixture = try RevocationFixture(policy: try Self.policyWithWithdrawal())
        let organisation = fixture.base.organisation
        let holds = try fixture.registry.holdRevocation(
            of: organisation, decision: "PMA-2026-117", date: "2026-11-20", by: fixture.manager)
        #expect(holds.inForce?.decision == "PMA-2026-117")

        // Accepted and kept: it goes through its checks, verification and decision.
        let id = try Self.verifiedRequest(fixture)
        let details = try fixture.registry.request(id, by: fixture.manager)
        #expect(details.request.state == "verified")
        #expect(details.hold?.code == "revocation.held")
        #expect(details.hold?.description.contains("PMA-2026-117") == true)
        #expect(details.hold?.description.contains("2026-11-20") == true)
        // Every step is shown refused with the hold's own code and message.
        #expect(details.actions.map(\.transition.action).sorted() == ["revoke", "withdraw"])
        #expect(details.actions.allSatisfy { $0.refusal?.code == "revocation.held" })
        #expect(details.actions.first?.refusal?.message == details.hold?.description)

        let before = try fixture.base.counts()
        for action in ["revoke", "withdraw"] {
            for session in [fixture.manager, fixture.bob, fixture.carol, fixture.dave] {
                #expect { try fixture.registry.act(on: id, action: action, by: session) } throws: { error in
                    // The permission comes first; whoever may take the step is told it is held.
                    Self.isHeld(error) || (error as? any CodedError)?.code == "request.separation-of-duties"
                        || (error as? AccessError) != nil
                }
            }
            #expect { try fixture.registry.act(on: id, action: action, by: fixture.manager) } throws: {
                Self.isHeld($0)
            }
        }
        #expect(try fixture.base.counts() == before)
        #expect(try fixture.registry.credentials(state: "active", limit: 10, by: fixture.manager).count == 2)
        let listed = try fixture.registry.requests(.init(kind: "org-revocation"), limit: 10, by: fixture.manager)
        #expect(listed.first?.hold?.decision == "PMA-2026-117")
        let queue = try fixture.registry.workQueue(limit: 10, by: fixture.manager)
        #expect(queue.rows.first { $0.id == id }?.hold != nil)

        _ = try fixture.registry.releaseRevocation(
            of: organisation, decision: "PMA-2026-121", date: "2026-11-25", by: fixture.manager)
        let released = try fixture.registry.request(id, by: fixture.manager)
        #expect(released.hold == nil)
        #expect(released.actions.first { $0.transition.action == "revoke" }?.refusal == nil)
        #expect(
            try fixture.registry.requests(.init(kind: "org-revocation"), limit: 10, by: fixture.manager).first?.hold
                == nil)
        #expect(try fixture.registry.act(on: id, action: "revoke", by: fixture.manager).request.state == "revoked")
        #expect(try fixture.registry.credentials(state: "active", limit: 10, by: fixture.manager).isEmpty)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a hold recorded while a request waits before revoking holds it there; earlier states are not held")
    func holdArrivesLater() throws {
        let fixture = try RevocationFixture()
        let id = try Self.verifiedRequest(fixture)
        #expect(try fixture.registry.request(id, by: fixture.manager).hold == nil)
        _ = try fixture.registry.holdRevocation(
            of: fixture.base.organisation, decision: "PMA/L16/7", date: "2026-11-26", by: fixture.manager,
            now: Self.now)
        #expect { try fixture.registry.act(on: id, action: "revoke", by: fixture.manager) } throws: { Self.isHeld($0) }
        // A second request is entered, checked and verified as usual while held.
        let other = try fixture.registry.submitRequest(
            kind: "org-revocation",
            form: RevocationFixture.organisationRevocation(
                organisation: fixture.base.organisation, target: "organisation"),
            by: fixture.carol)
        #expect(other.request.state == "checked")
        #expect(other.hold == nil)
    }

    @Test("holds and releases are audited, reconciled by audit verify, and survive reopening the registry")
    func auditedAndKept() throws {
        let fixture = try RevocationFixture()
        let organisation = fixture.base.organisation
        _ = try fixture.registry.holdRevocation(
            of: organisation, decision: "PMA-1", date: "2026-11-01", by: fixture.manager)
        var actions: [String] = []
        try fixture.registry.auditEvents(matching: AuditFilter(), by: fixture.manager) { actions.append($0.action) }
        #expect(actions.last == "organisation.revocation-held")
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)

        let reopened = try Registry.open(path: fixture.registry.path, create: false)
        #expect(try reopened.revocationHolds(of: organisation).inForce?.decision == "PMA-1")
        _ = try reopened.releaseRevocation(of: organisation, decision: "PMA-2", date: "2026-11-02", by: fixture.manager)
        _ = try reopened.holdRevocation(of: organisation, decision: "PMA-3", date: "2026-11-03", by: fixture.manager)
        let holds = try reopened.revocationHolds(of: organisation)
        #expect(holds.directions.map(\.kind) == [RevocationDirection.Kind.hold, .release, .hold])
        #expect(holds.directions.map(\.recordedBy) == ["manager", "manager", "manager"])
        #expect(holds.inForce?.decision == "PMA-3")
        actions = []
        try reopened.auditEvents(matching: AuditFilter(), by: fixture.manager) { actions.append($0.action) }
        #expect(
            actions.suffix(3) == [
                "organisation.revocation-held", "organisation.revocation-released", "organisation.revocation-held",
            ])
        #expect(try reopened.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a direction removed or edited behind ratui's back is found by audit verify")
    func tamperingFound() throws {
        let fixture = try RevocationFixture()
        _ = try fixture.registry.holdRevocation(
            of: fixture.base.organisation, decision: "PMA-1", date: "2026-11-01", by: fixture.manager)
        try fixture.registry.write { db in
            try db.execute(sql: "DROP TRIGGER revocation_hold_no_delete")
            try db.execute(sql: "DELETE FROM revocation_hold")
        }
        let verification = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(!verification.isIntact)
        #expect(verification.differences.contains { $0.record == "revocation-hold/\(fixture.base.organisation)" })
    }

    @Test("only the roles the rules file names may record a direction")
    func permission() throws {
        let fixture = try RevocationFixture()
        let auditor = try fixture.base.operatorWith("auditor")
        for session in [fixture.bob, fixture.petra, auditor] {
            #expect(throws: AccessError.self) {
                try fixture.registry.holdRevocation(
                    of: fixture.base.organisation, decision: "PMA-1", date: "2026-11-01", by: session)
            }
        }
        #expect(try fixture.registry.revocationHolds(of: fixture.base.organisation).directions.isEmpty)
    }

    @Test(
        "bad input is refused with its code and changes nothing",
        arguments: [
            ("", "2026-11-01", "solr.decision"), ("   ", "2026-11-01", "solr.decision"),
            ("PMA\u{1B}[31m-1", "2026-11-01", "solr.decision"), ("PMA\n1", "2026-11-01", "solr.decision"),
            ("PMA\u{202E}1-AMP", "2026-11-01", "solr.decision"), ("PMA\u{200B}1", "2026-11-01", "solr.decision"),
            ("PMA\u{FFFD}1", "2026-11-01", "solr.decision"),
            (String(repeating: "P", count: 201), "2026-11-01", "solr.decision"),
            (String(repeating: "é", count: 100_000), "2026-11-01", "solr.decision"),
            // 150 characters, 300 scalars (e and a combining acute accent each): over the table's limit too.
            (String(repeating: "e\u{301}", count: 150), "2026-11-01", "solr.decision"),
            ("PMA-1", "", "solr.date"), ("PMA-1", "2026-02-30", "solr.date"), ("PMA-1", "01/11/2026", "solr.date"),
            ("PMA-1", "2026-11-1", "solr.date"), ("PMA-1", "2026-11-27", "solr.date"),
            ("PMA-1", "2026-11-01\u{1B}", "solr.date"),
        ])
    func hostileInput(decision: String, date: String, code: String) throws {
        let fixture = try RevocationFixture()
        let before = try fixture.base.counts()
        #expect {
            try fixture.registry.holdRevocation(
                of: fixture.base.organisation, decision: decision, date: date, by: fixture.manager,
                now: Self.now)
        } throws: { Self.code(of: $0) == code }
        #expect(try fixture.base.counts() == before)
        #expect(try fixture.registry.revocationHolds(of: fixture.base.organisation).directions.isEmpty)
    }

    @Test(
        "a second hold, a release of nothing, a release dated before its hold and an unknown organisation are refused")
    func refusedDirections() throws {
        let fixture = try RevocationFixture()
        let organisation = fixture.base.organisation
        #expect {
            try fixture.registry.releaseRevocation(
                of: organisation, decision: "PMA-0", date: "2026-11-01", by: fixture.manager)
        } throws: {
            ($0 as? any CodedError)?.code == "solr.not-held"
        }
        _ = try fixture.registry.holdRevocation(
            of: organisation, decision: "PMA-1", date: "2026-11-10", by: fixture.manager)
        let before = try fixture.base.counts()
        #expect {
            try fixture.registry.holdRevocation(
                of: organisation, decision: "PMA-2", date: "2026-11-11", by: fixture.manager)
        } throws: {
            ($0 as? any CodedError)?.code == "solr.already-held"
        }
        #expect {
            try fixture.registry.releaseRevocation(
                of: organisation, decision: "PMA-2", date: "2026-11-09", by: fixture.manager)
        } throws: {
            Self.code(of: $0) == "solr.date"
        }
        for unknown in [Int64(0), -1, Int64.max, Int64.min] {
            #expect {
                try fixture.registry.holdRevocation(
                    of: unknown, decision: "PMA-2", date: "2026-11-11", by: fixture.manager)
            } throws: {
                ($0 as? any CodedError)?.code == "organisation.unknown"
            }
        }
        #expect(try fixture.base.counts() == before)
        // The table refuses what the model refuses, whatever writes to it.
        #expect(throws: (any Error).self) {
            try fixture.registry.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO revocation_hold VALUES (?, 2, 'hold', 'PMA-9', '2026-11-12', '2026-11-12T00:00:00.000Z', ?)
                        """, arguments: [organisation, fixture.manager.operatorID])
            }
        }
    }

    @Test("an RA person's revocation (A7) is about RA staff credentials, not an organisation's: it is not held")
    func raRevocationNotHeld() throws {
        let fixture = try RevocationFixture()
        _ = try fixture.registry.holdRevocation(
            of: fixture.base.organisation, decision: "PMA-1", date: "2026-11-01", by: fixture.manager)
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "revoked")
        #expect(try fixture.state(of: id) == "revoked")
    }
}
