import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// `notify send`: each pending message is handed to the mail command once, marked sent only
/// when it exits 0; a failure leaves it pending; a crash mid-send leaves it in doubt, never sent
/// twice without saying so.
@Suite("Sending notifications")
struct NotificationSendingTests {
    /// A fake sendmail: saves each message it is given to a numbered file in `folder` and exits
    /// with the status in `folder/status` (0 when absent).
    struct FakeSendmail {
        let folder: URL

        init() throws {
            folder = Fixtures.temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let script = """
                #!/bin/sh
                n=$(ls "\(folder.path)" | grep -c '^message-')
                cat > "\(folder.path)/message-$((n + 1)).eml"
                if [ -f "\(folder.path)/status" ]; then echo "relay refused" >&2; exit "$(cat "\(folder.path)/status")"; fi
                exit 0
                """
            try Data(script.utf8).write(to: folder.appending(path: "sendmail"))
            chmod(folder.appending(path: "sendmail").path, 0o755)
        }

        var command: String { "'\(folder.path)/sendmail' -t -i" }

        func fail(with status: Int32) throws {
            try Data("\(status)".utf8).write(to: folder.appending(path: "status"))
        }

        func succeed() throws {
            try? FileManager.default.removeItem(at: folder.appending(path: "status"))
        }

        var messages: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasPrefix("message-") }.sorted()
                .map { (try? String(contentsOf: folder.appending(path: $0), encoding: .utf8)) ?? "" }
        }
    }

    /// A revocation carried out: three notifications, the RA Manager's with an address.
    static func revoked() throws -> (RevocationFixture, Int64) {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob, requester: fixture.petra.operatorID).request.id
        try fixture.advance(id, to: "revoked")
        return (fixture, id)
    }

    @Test("each pending message with an address is sent once; those without are left for delivery by hand")
    func sendOnce() throws {
        let (fixture, id) = try Self.revoked()
        let sendmail = try FakeSendmail()
        let sending = NotificationSending(
            registry: fixture.registry, session: fixture.carol, command: sendmail.command, resendInDoubt: false)
        let outcomes = try sending.run()
        #expect(outcomes == [.handDelivery(1), .handDelivery(2), .sent(3)])
        #expect(sendmail.messages.count == 1)
        let message = try #require(sendmail.messages.first)
        #expect(message.contains("To: smki-ra-manager@ra.example.invalid\r\n"))
        #expect(message.contains("From: smki-ra@ra.example.invalid\r\n"))
        #expect(message.contains("Subject: SMKI RA: RA credentials revoked under request \(id)\r\n"))
        #expect(message.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(message.contains("Message-ID: <ratui.notification.3."))
        // A second run sends nothing again.
        #expect(try sending.run() == [.handDelivery(1), .handDelivery(2)])
        #expect(sendmail.messages.count == 1)
        let sent = try #require(try fixture.registry.notification(3, by: fixture.carol))
        #expect(sent.state == .sent && sent.attempts == 1 && sent.stateByName == "carol")
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
        let actions = try fixture.registry.read { db in
            try String.fetchAll(
                db, sql: "SELECT action FROM audit_event WHERE action LIKE 'notification.%' ORDER BY sequence")
        }
        #expect(actions == ["notification.sending", "notification.sent"])
    }

    @Test("a failing command leaves the message pending with why, and the next run sends it")
    func failing() throws {
        let (fixture, _) = try Self.revoked()
        let sendmail = try FakeSendmail()
        try sendmail.fail(with: 75)
        let sending = NotificationSending(
            registry: fixture.registry, session: fixture.carol, command: sendmail.command, resendInDoubt: false)
        let outcomes = try sending.run()
        guard case .failed(3, let why)? = outcomes.last else {
            Issue.record("expected a failure, got \(outcomes)")
            return
        }
        #expect(why.contains("status 75") && why.contains("relay refused"))
        let pending = try #require(try fixture.registry.notification(3, by: fixture.carol))
        #expect(pending.state == .pending && pending.attempts == 1 && pending.lastFailure == why)
        try sendmail.succeed()
        #expect(try sending.run().last == .sent(3))
        #expect(try fixture.registry.notification(3, by: fixture.carol)?.attempts == 2)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a message left sending by a crash is in doubt: not sent again unless asked, or marked handled")
    func inDoubt() throws {
        let (fixture, _) = try Self.revoked()
        let sendmail = try FakeSendmail()
        // A run that marked it sending and stopped before the command answered.
        _ = try fixture.registry.beginSending(3, resendInDoubt: false, by: fixture.carol)
        let sending = NotificationSending(
            registry: fixture.registry, session: fixture.carol, command: sendmail.command, resendInDoubt: false)
        #expect(try sending.run().last == .inDoubt(3))
        #expect(sendmail.messages.isEmpty)
        #expect(throws: NotificationError.inDoubt(3)) {
            try fixture.registry.beginSending(3, resendInDoubt: false, by: fixture.carol)
        }
        let resend = NotificationSending(
            registry: fixture.registry, session: fixture.carol, command: sendmail.command, resendInDoubt: true)
        #expect(try resend.run().last == .sent(3))
        #expect(sendmail.messages.count == 1)
        #expect(try fixture.registry.notification(3, by: fixture.carol)?.attempts == 2)
    }

    @Test("marking handled closes a pending or in-doubt message, audited; a closed one cannot be handled again")
    func handled() throws {
        let (fixture, _) = try Self.revoked()
        _ = try fixture.registry.beginSending(3, resendInDoubt: false, by: fixture.carol)
        let handled = try fixture.registry.handleNotification(
            3, note: "Checked the relay log: delivered.", by: fixture.dave)
        #expect(handled.state == .handled && handled.stateByName == "dave")
        try fixture.registry.handleNotification(1, by: fixture.dave)
        #expect(throws: NotificationError.closed(1, .handled)) {
            try fixture.registry.handleNotification(1, by: fixture.dave)
        }
        #expect(throws: NotificationError.unknown(99)) { try fixture.registry.handleNotification(99, by: fixture.dave) }
        #expect(throws: (any Error).self) {
            try fixture.registry.handleNotification(2, note: "bad\u{1b}[2J", by: fixture.dave)
        }
        #expect(try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.carol).map(\.id) == [2])
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("only RA staff read, send and handle notifications")
    func permissions() throws {
        let (fixture, _) = try Self.revoked()
        #expect(throws: AccessError.self) {
            try fixture.registry.notifications(openOnly: true, limit: 10, by: fixture.petra)
        }
        #expect(throws: AccessError.self) { try fixture.registry.handleNotification(1, by: fixture.petra) }
        #expect(throws: AccessError.self) {
            try fixture.registry.beginSending(3, resendInDoubt: false, by: fixture.petra)
        }
        #expect(try fixture.registry.notification(3, by: fixture.carol)?.state == .pending)
    }

    @Test("a hand-delivery message is never handed to the mail command")
    func handDelivery() throws {
        let (fixture, _) = try Self.revoked()
        #expect(throws: NotificationError.handDelivery(1)) {
            try fixture.registry.beginSending(1, resendInDoubt: false, by: fixture.carol)
        }
    }

    @Test("export writes one .eml per open message, never overwrites, and refuses a file or a symbolic link")
    func export() throws {
        let (fixture, _) = try Self.revoked()
        let folder = Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: folder.appending(path: "notification-2.eml"))
        let result = try fixture.registry.exportNotifications(to: folder.path, by: fixture.carol)
        #expect(result.written.map(\.id) == [1, 3])
        #expect(result.kept.map(\.id) == [2])
        #expect(try String(contentsOf: folder.appending(path: "notification-2.eml"), encoding: .utf8) == "mine")
        let exported = try String(contentsOf: folder.appending(path: "notification-3.eml"), encoding: .utf8)
        #expect(exported.hasPrefix("Date: "))
        // The same message, byte for byte, as sending hands over: a stable Message-ID.
        #expect(exported.contains("Message-ID: <ratui.notification.3."))
        let link = Fixtures.temporaryFolder().appending(path: "link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        #expect(throws: NotificationError.self) {
            try fixture.registry.exportNotifications(to: link.path, by: fixture.carol)
        }
        #expect(throws: NotificationError.self) {
            try fixture.registry.exportNotifications(
                to: folder.appending(path: "notification-3.eml").path, by: fixture.carol)
        }
        #expect(try fixture.registry.notification(3, by: fixture.carol)?.state == .pending)
    }
}
