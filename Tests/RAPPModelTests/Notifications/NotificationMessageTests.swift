import Foundation
import Testing

@testable import RAPPModel

/// The RFC 5322 text a mail command is given: fixed headers, a stable Message-ID, RFC 2047 for
/// non-ASCII subjects, and no way for stored text to add a header or a recipient.
@Suite("Notification messages")
struct NotificationMessageTests {
    static func notification(subject: String, text: String = "Hello", address: String? = "pma@example.org")
        -> RAPPModel.Notification
    {
        RAPPModel.Notification(
            id: 7, requestID: 3, stepSequence: 4, action: "revoke", templateID: "t", recipientKind: "pma",
            recipient: "the SMKI PMA", address: address, subject: subject, text: text,
            createdAt: "2026-11-26T09:30:00.000Z", state: .pending, stateAt: "2026-11-26T09:30:00.000Z",
            stateByName: nil, attempts: 0, lastFailure: nil)
    }

    static func headers(_ message: String) -> [String] {
        let head = message.components(separatedBy: "\r\n\r\n")[0]
        return head.components(separatedBy: "\r\n")
    }

    @Test("the headers a receiver needs, in order, and the text after a blank line")
    func shape() {
        let message = NotificationMessage(Self.notification(subject: "Request 3 revoked"), from: "ra@example.org")
        #expect(
            Self.headers(message.text) == [
                "Date: Thu, 26 Nov 2026 09:30:00 +0000", "From: ra@example.org", "To: pma@example.org",
                "Subject: Request 3 revoked", "Message-ID: \(message.messageID)", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
                "X-Ratui-Notification: 7", "X-Ratui-Request: 3",
            ])
        #expect(message.text.hasSuffix("\r\n\r\nHello\r\n"))
        #expect(
            message.messageID
                == NotificationMessage(Self.notification(subject: "Request 3 revoked"), from: "ra@example.org")
                .messageID)
        #expect(message.messageID.hasPrefix("<ratui.notification.7.") && message.messageID.hasSuffix("@example.org>"))
    }

    @Test(
        "hostile organisation names in a subject or text add no header",
        arguments: [
            "Evil Ltd\r\nBcc: everyone@example.org", "Evil Ltd\nBcc: everyone@example.org", "Evil\rTo: x@example.org",
            "Evil\u{85}Bcc: x@example.org", "Evil\u{2028}Bcc: x@example.org", "=?UTF-8?B?QmNjOiB4?= Ltd",
            "Evil\u{0}Ltd",
        ])
    func injection(_ name: String) {
        let rendered = NotificationTemplate(
            id: "t", about: "", subject: "Revoked: {{organisation.name}}", lines: ["For {{organisation.name}}"]
        ).render(["organisation.name": name])
        for subject in [rendered.subject, name] {
            let message = NotificationMessage(Self.notification(subject: subject, text: name), from: "ra@example.org")
                .text
            let headers = Self.headers(message)
            #expect(!headers.contains { $0.hasPrefix("Bcc:") })
            #expect(headers.filter { $0.hasPrefix("To:") } == ["To: pma@example.org"])
            // Every header line is a known header or a folded continuation.
            for line in headers { #expect(line.hasPrefix(" ") || line.contains(": "), "\(line)") }
            // The head ends at the first blank line: nothing in a value can end it early.
            #expect(headers.count == 10 || headers.contains { $0.hasPrefix(" ") })
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 && $0 != "\r" && $0 != "\n" })
        }
    }

    @Test("a long ASCII subject is folded at spaces, each continuation starting with one, and unfolds to itself")
    func foldedSubject() throws {
        let subject = "SMKI RA: ARO credential active for Northwind Energy Ltd (request 1) Subject: Bcc: x@example.org"
        let message = NotificationMessage(Self.notification(subject: subject), from: "ra@example.org").text
        let lines = Self.headers(message)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var unfolded = lines[start]
        var index = start + 1
        while index < lines.count, lines[index].hasPrefix(" ") {
            unfolded += lines[index]
            index += 1
        }
        #expect(index > start + 1, "the subject was folded")
        #expect(unfolded == "Subject: " + subject)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(!lines.contains { $0.hasPrefix("Bcc:") })
    }

    @Test("a non-ASCII subject is RFC 2047 encoded words of whole characters, each at most 75 characters")
    func encodedSubject() throws {
        let subject =
            "Révocation de la demande 3 — organisation Ünïcode Énergie ĀĒĪŌŪ ✓ " + String(repeating: "é", count: 60)
        let message = NotificationMessage(Self.notification(subject: subject), from: "ra@example.org").text
        let lines = Self.headers(message)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var words: [String] = [String(lines[start].dropFirst("Subject: ".count))]
        var index = start + 1
        while index < lines.count, lines[index].hasPrefix(" ") {
            words.append(String(lines[index].dropFirst()))
            index += 1
        }
        #expect(words.count > 1)
        var decoded = Data()
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let chunk = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: chunk, encoding: .utf8) != nil, "a word splits a character")
            decoded += chunk
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(message.unicodeScalars.prefix(while: { _ in true }).count > 0)
        #expect(Self.headers(message).allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test("no To header without an address, and an invalid address is never written")
    func addresses() {
        #expect(
            !NotificationMessage(Self.notification(subject: "s", address: nil), from: "ra@example.org").text.contains(
                "To:"))
        let forged = NotificationMessage(
            Self.notification(subject: "s", address: "a@example.org\r\nBcc: b@example.org"), from: "ra@example.org"
        ).text
        #expect(!forged.contains("Bcc:") && !forged.contains("To:"))
    }

    @Test("long text lines are broken within RFC 5322's 998 octets")
    func longLines() {
        let message = NotificationMessage(
            Self.notification(subject: "s", text: String(repeating: "é", count: 2000)), from: "ra@example.org"
        ).text
        #expect(message.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }
}
