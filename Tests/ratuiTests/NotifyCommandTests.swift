import Foundation
import Testing

/// The outbox through the `ratui` binary: a revocation writes its notifications; `notify list`
/// shows them; `notify send --via` hands each one with an address to a fake sendmail exactly
/// once, leaving a failed one pending and reporting it; `notify export` writes `.eml` files;
/// `notify handle` closes the ones for delivery by hand.
@Suite("Notify commands")
struct NotifyCommandTests {
    /// The revocation commands' registry and steps, shared.
    let revocation = RevocationCommandTests()

    func run(_ arguments: [String], as name: String = "alice") throws -> RatuiProcess.Result {
        try revocation.run(arguments, as: name)
    }

    /// A fake sendmail in the test's folder: appends each message to `sent.mbox` and exits with
    /// the status in `status` (0 when absent).
    func sendmail() throws -> String {
        let folder = revocation.ratui.folder.path
        let script = try revocation.ratui.write(
            "sendmail",
            """
            #!/bin/sh
            cat >> "\(folder)/sent.mbox"
            echo "--end--" >> "\(folder)/sent.mbox"
            if [ -f "\(folder)/status" ]; then echo "relay down" >&2; exit "$(cat "\(folder)/status")"; fi
            exit 0
            """)
        chmod(script, 0o755)
        return "'\(script)' -t -i"
    }

    var sent: String {
        (try? String(contentsOfFile: revocation.ratui.folder.appending(path: "sent.mbox").path, encoding: .utf8)) ?? ""
    }

    @Test("a revocation's notifications are listed, sent once through --via, exported, and handled by hand")
    func endToEnd() throws {
        try revocation.registry()
        try revocation.revoke(2, id: 1)
        let listed = try run(["notify", "list", "--pending", "--json"], as: "carol")
        #expect(listed.status == 0, "\(listed.stderr)")
        let entries = try #require(try listed.json["notifications"] as? [[String: Any]])
        #expect(entries.map { $0["recipientKind"] as? String } == ["requester", "subject", "ra-manager"])
        #expect(entries.map { $0["handDelivery"] as? Bool } == [true, true, false])
        let ofRequest = try run(["notify", "list", "--request", "1"], as: "carol")
        #expect(ofRequest.stdout.split(separator: "\n").count == 3, "\(ofRequest.stdout)")
        // petra, a PMA member, may not read the outbox.
        #expect(try run(["notify", "list"], as: "petra").status == 77)

        let command = try sendmail()
        try Data("75".utf8).write(to: revocation.ratui.folder.appending(path: "status"))
        let failed = try run(["notify", "send", "--via", command], as: "carol")
        #expect(failed.status == 74, "\(failed.stdout) \(failed.stderr)")
        #expect(failed.stderr.contains("notification.send-failed") && failed.stderr.contains("relay down"))
        #expect(failed.stdout.contains("0 sent, 1 failed, 0 in doubt, 2 for delivery by hand"), "\(failed.stdout)")
        #expect(try run(["notify", "show", "3"], as: "carol").stdout.contains("Notification 3: pending"))

        try FileManager.default.removeItem(at: revocation.ratui.folder.appending(path: "status"))
        let ok = try run(["notify", "send", "--via", command], as: "carol")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("sent 3"))
        let again = try run(["notify", "send", "--via", command], as: "carol")
        #expect(again.status == 0 && !again.stdout.contains("sent 3"))
        // Two runs of the command in all (the failed one and the good one): the message was
        // accepted once, with the same Message-ID both times.
        let copies = sent.components(separatedBy: "--end--\n").filter { !$0.isEmpty }
        #expect(copies.count == 2)
        #expect(copies.allSatisfy { $0.contains("To: smki-ra-manager@ra.example.invalid\r\n") })
        let ids = copies.compactMap { $0.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") } }
        #expect(Set(ids).count == 1)

        let folder = revocation.ratui.folder.appending(path: "out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let exported = try run(["notify", "export", folder.path], as: "carol")
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "notification-1.eml", "notification-2.eml",
            ])
        let mine = revocation.ratui.folder.appending(path: "out-file")
        try Data().write(to: mine)
        #expect(try run(["notify", "export", mine.path], as: "carol").status == 74)

        #expect(try run(["notify", "handle", "1", "--note", "Told petra by telephone."], as: "carol").status == 0)
        #expect(try run(["notify", "handle", "1"], as: "carol").status == 65)
        #expect(try run(["notify", "handle", "2"], as: "petra").status == 77)
        let open = try run(["notify", "list", "--pending"], as: "carol")
        #expect(open.stdout.split(separator: "\n").map { $0.prefix(2) } == ["2\t"])
        let verify = try run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }
}
