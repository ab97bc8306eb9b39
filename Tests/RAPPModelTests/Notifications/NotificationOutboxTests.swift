import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// A step writes the notifications its workflow declares in its own transaction: once per step,
/// none for a refused step, every row covered by the audit trail.
@Suite("Notifications outbox")
struct NotificationOutboxTests {
    static func count(_ registry: Registry) throws -> Int {
        try registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notification") ?? 0 }
    }

    @Test("revoking an RA person writes one notification each to the requester, the holder and the RA Manager")
    func revocation() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob, requester: fixture.petra.operatorID).request.id
        try fixture.advance(id, to: "verified")
        #expect(try Self.count(fixture.registry) == 0)
        try fixture.advance(id, to: "revoked")
        let written = try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.carol)
        #expect(written.map(\.recipientKind) == ["requester", "subject", "ra-manager"])
        #expect(written.allSatisfy { $0.requestID == id && $0.action == "revoke" && $0.state == .pending })
        // Neither operator has a contact address: requester and holder are for delivery by hand.
        #expect(written.map(\.address) == [nil, nil, "smki-ra-manager@ra.example.invalid"])
        #expect(written[0].recipient == "operator petra")
        #expect(written[1].recipient == "operator bob")
        #expect(written[0].subject == "SMKI RA: revocation request \(id) carried out")
        #expect(written[1].text.contains("revocation request \(id)"))
        // Closing takes no notification of its own: nothing more is written.
        try fixture.advance(id, to: "closed")
        #expect(try Self.count(fixture.registry) == 3)
        // The step's event names them and records their states; the trail reconciles.
        let event = try fixture.registry.read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT details FROM audit_event WHERE action = 'request.transitioned' AND details LIKE '%\"revoke\"%'"
            )
        }
        #expect(event?.contains(#""notifications":["#) == true)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a refused step writes no notification")
    func refused() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "verified")
        // carol verified: she may not revoke.
        #expect(throws: (any Error).self) {
            try fixture.registry.act(on: id, action: "revoke", evidence: nil, by: fixture.carol)
        }
        #expect(try Self.count(fixture.registry) == 0)
        #expect(try fixture.state(of: id) == "verified")
    }

    @Test("an unentitled request is refused automatically, and the requester is told")
    func unentitled() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob, capacity: "other", requester: fixture.petra.operatorID).request.id
        #expect(try fixture.state(of: id) == "not-entitled")
        let written = try fixture.registry.notifications(openOnly: false, limit: 10, by: fixture.carol)
        #expect(written.map(\.recipientKind) == ["requester"])
        #expect(written[0].subject == "SMKI RA: revocation request \(id) not carried out")
    }

    @Test("messages carry no personal evidence and no form text: only the template's placeholders")
    func noPersonalEvidence() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "revoked")
        for notification in try fixture.registry.notifications(openOnly: false, limit: 10, by: fixture.carol) {
            for secret in ["Petra Jones", "unattended desk", "2026-11-24", "+44"] {
                #expect(!notification.text.contains(secret) && !notification.subject.contains(secret))
            }
        }
    }

    @Test("making an ARO credential active tells the organisation through its A1 contact e-mail")
    func organisation() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "active")
        let written = try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.manager)
        #expect(written.map(\.recipientKind) == ["organisation-aros"])
        #expect(written.first?.requestID == id)
        #expect(written.first?.address == Fixtures.fields()["contactEmail"])
        #expect(written.first?.subject.contains("Northwind Energy Ltd") == true)
    }

    @Test("a requester with no ratui account is told by hand, named as such")
    func requesterWithoutAccount() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob, capacity: "other").request.id
        let written = try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.carol)
        #expect(written.map(\.requestID) == [id])
        #expect(written.first?.recipient == "the requester (no ratui account)" && written.first?.address == nil)
    }

    @Test("the outbox rows are append-only: the message cannot be edited, a sent one cannot move back")
    func triggers() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "revoked")
        #expect(throws: (any Error).self) {
            try fixture.registry.write { db in try db.execute(sql: "UPDATE notification SET body = 'forged'") }
        }
        #expect(throws: (any Error).self) {
            try fixture.registry.write { db in try db.execute(sql: "DELETE FROM notification") }
        }
    }

    @Test("a notification edited behind ratui's back shows in audit verify")
    func tampered() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "revoked")
        try fixture.registry.write { db in
            try db.execute(sql: "DROP TRIGGER notification_message_kept")
            try db.execute(sql: "UPDATE notification SET address = 'attacker@example.org' WHERE id = 1")
        }
        let verification = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(!verification.isIntact)
        #expect(verification.differences.contains { $0.record == "notification/1" })
    }

    @Test("the open list seeks the partial index")
    func plan() throws {
        let fixture = try RevocationFixture()
        let plan = try fixture.registry.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT \(NotificationStore.columns) FROM notification n INDEXED BY notification_open
                    LEFT JOIN operator o ON o.id = n.state_by
                    WHERE n.state IN ('pending', 'sending') AND n.id > 0 ORDER BY n.id LIMIT 10
                    """
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("notification_open") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }
}
