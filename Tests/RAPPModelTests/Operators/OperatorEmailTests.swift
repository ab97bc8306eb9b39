import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// An operator's contact address: one plain address, set by an operator manager or by the
/// operator, every change audited; a revocation's requester and holder are told at it.
@Suite("Operator contact addresses")
struct OperatorEmailTests {
    static func code(of body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as AccessError {
            if case .invalid(let issue) = error { return issue.code.rawValue }
            return "\(error)"
        } catch {
            return "\(error)"
        }
    }

    static func stored(_ registry: Registry, _ id: Int64) throws -> String? {
        try registry.read { db in
            try String.fetchOne(db, sql: "SELECT email FROM operator WHERE id = ?", arguments: [id])
        }
    }

    static func eventCount(_ registry: Registry) throws -> Int {
        try registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? 0 }
    }

    @Test("a plain local@domain address is accepted")
    func plain() {
        for address in ["bob@example.org", "bob.smith+ra@mail.example.co.uk", "o'neil@example.org", "a@b.cd"] {
            #expect(Self.code { try OperatorEmail.validate(address) } == nil, "\(address)")
        }
    }

    @Test(
        "hostile addresses are refused with operator.email: header injection, display names, lists, quotes, escapes, non-ASCII, huge"
    )
    func hostile() throws {
        let addresses = [
            "", "bob", "bob@", "@example.org", "bob@example", "bob@@example.org", "bob@exa mple.org",
            " bob@example.org",
            "bob@example.org\r\nBcc: mallory@evil.example", "bob@example.org\nSubject: x", "bob@example.org\r",
            "Bob <bob@example.org>", "<bob@example.org>", "bob@example.org, mallory@evil.example",
            "\"bob\"@example.org", "bob@example.org\u{1B}[2J", "bob\u{0}@example.org", "bob\u{202E}@example.org",
            "böb@example.org", "bob@exämple.org", "bob@example.org\u{FFFD}", ".bob@example.org", "bob..x@example.org",
            String(repeating: "a", count: 65) + "@example.org",
            "bob@" + String(repeating: "a", count: 250) + ".org",
            String(repeating: "a", count: 100_000) + "@example.org",
        ]
        for address in addresses {
            #expect(
                Self.code { try OperatorEmail.validate(address) } == "operator.email", "\(address.debugDescription)")
        }
        // The message says what is wrong, with the control character named, never sent raw.
        do {
            try OperatorEmail.validate("bob@example.org\r\nBcc: mallory@evil.example")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("U+000D"))
            #expect(!"\(error)".contains("\r"))
        }
    }

    @Test(
        "an operator manager sets anyone's address; an operator sets their own; nobody else's; every change audited"
    )
    func permissions() throws {
        let fixture = try RequestFixture()
        let registry = fixture.registry
        let set = try registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager)
        #expect(set.email == "bob@ra.example.org")
        #expect(try Self.stored(registry, fixture.bob.operatorID) == "bob@ra.example.org")
        let own = try registry.setEmail(of: "carol", to: "carol@ra.example.org", by: fixture.carol)
        #expect(own.email == "carol@ra.example.org")
        #expect(try registry.operatorAccount(named: "carol", by: fixture.carol).email == "carol@ra.example.org")
        // carol (ra-personnel) may not change bob's, nor read his account, nor learn whether a name exists.
        #expect(throws: AccessError.notPermitted(.operatorManage, operator: "carol")) {
            try registry.setEmail(of: "bob", to: "mallory@evil.example", by: fixture.carol)
        }
        #expect(throws: AccessError.notPermitted(.operatorManage, operator: "carol")) {
            try registry.setEmail(of: "nobody", to: "mallory@evil.example", by: fixture.carol)
        }
        #expect(throws: AccessError.notPermitted(.operatorManage, operator: "carol")) {
            try registry.operatorAccount(named: "bob", by: fixture.carol)
        }
        #expect(try Self.stored(registry, fixture.bob.operatorID) == "bob@ra.example.org")
        let cleared = try registry.setEmail(of: "bob", to: nil, by: fixture.manager)
        #expect(cleared.email == nil)
        #expect(cleared.jsonValue.serialized().contains(#""email":null"#))

        var events: [AuditEvent] = []
        try registry.auditEvents(
            matching: AuditFilter(action: AuditAction.operatorEmailChanged.rawValue), by: fixture.manager
        ) { events.append($0) }
        #expect(
            events.map(\.record) == [
                "operator/\(fixture.bob.operatorID)", "operator/\(fixture.carol.operatorID)",
                "operator/\(fixture.bob.operatorID)",
            ])
        #expect(events[1].details.contains(#""self":true"#))
        #expect(events[2].details.contains(#""before":"bob@ra.example.org""#))
        #expect(try registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a refused address changes nothing and writes no event")
    func refusedChangesNothing() throws {
        let fixture = try RequestFixture()
        _ = try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager)
        let events = try Self.eventCount(fixture.registry)
        for address in ["bob@ra.example.org\r\nBcc: mallory@evil.example", "Bob <bob@example.org>", "a,b@c.org"] {
            #expect(
                Self.code { _ = try fixture.registry.setEmail(of: "bob", to: address, by: fixture.manager) }
                    == "operator.email")
        }
        #expect(try Self.stored(fixture.registry, fixture.bob.operatorID) == "bob@ra.example.org")
        #expect(try Self.eventCount(fixture.registry) == events)
        // The table refuses a non-plain address whatever wrote it.
        #expect(throws: (any Error).self) {
            try fixture.registry.write { db in
                try db.execute(sql: "UPDATE operator SET email = 'a@b.org' || char(13, 10) || 'Bcc: x@y.org'")
            }
        }
    }

    @Test("setting the address an operator already has writes no event, but is still checked")
    func unchangedWritesNothing() throws {
        let fixture = try RequestFixture()
        _ = try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager)
        _ = try fixture.registry.setEmail(of: "carol", to: nil, by: fixture.manager)
        let events = try Self.eventCount(fixture.registry)
        #expect(
            try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager).email
                == "bob@ra.example.org")
        _ = try fixture.registry.setEmail(of: "carol", to: nil, by: fixture.carol)
        #expect(try Self.eventCount(fixture.registry) == events)
        // The permission is checked before anything is compared.
        #expect(throws: AccessError.notPermitted(.operatorManage, operator: "carol")) {
            try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.carol)
        }
        _ = try fixture.registry.setEmail(of: "bob", to: "bob@ops.example.org", by: fixture.manager)
        #expect(try Self.eventCount(fixture.registry) == events + 1)
    }

    @Test("an address changed behind ratui's back shows in audit verify")
    func tampered() throws {
        let fixture = try RequestFixture()
        _ = try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
        try fixture.registry.write { db in
            try db.execute(
                sql: "UPDATE operator SET email = 'attacker@evil.example' WHERE id = ?",
                arguments: [fixture.bob.operatorID])
        }
        let verification = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(!verification.isIntact)
        #expect(verification.differences.contains { $0.record == "operator/\(fixture.bob.operatorID)" })
        // An address put on an account that had none is caught too.
        try fixture.registry.write { db in
            try db.execute(
                sql: "UPDATE operator SET email = 'attacker@evil.example' WHERE id = ?",
                arguments: [fixture.carol.operatorID])
        }
        #expect(
            try fixture.registry.verifyAudit(by: fixture.manager).differences.contains {
                $0.record == "operator/\(fixture.carol.operatorID)"
            })
    }

    @Test("a revocation's requester and holder are told at their addresses, as they were when it was carried out")
    func revocationNotices() throws {
        let fixture = try RevocationFixture()
        _ = try fixture.registry.setEmail(of: "petra", to: "petra@pma.example.org", by: fixture.petra)
        _ = try fixture.registry.setEmail(of: "bob", to: "bob@ra.example.org", by: fixture.manager)
        let id = try fixture.file(about: fixture.bob, requester: fixture.petra.operatorID).request.id
        try fixture.advance(id, to: "revoked")
        // A later change does not rewrite what was written.
        _ = try fixture.registry.setEmail(of: "bob", to: "bob.new@ra.example.org", by: fixture.manager)
        let written = try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.carol)
        #expect(written.map(\.recipientKind) == ["requester", "subject", "ra-manager"])
        #expect(
            written.map(\.address) == [
                "petra@pma.example.org", "bob@ra.example.org", "smki-ra-manager@ra.example.invalid",
            ])
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a requester with an address and a holder without one: only the holder is told by hand")
    func oneWithoutAddress() throws {
        let fixture = try RevocationFixture()
        _ = try fixture.registry.setEmail(of: "petra", to: "petra@pma.example.org", by: fixture.manager)
        let id = try fixture.file(about: fixture.bob, requester: fixture.petra.operatorID).request.id
        try fixture.advance(id, to: "revoked")
        let written = try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.carol)
        #expect(written.map(\.address).prefix(2) == ["petra@pma.example.org", nil])
    }
}
