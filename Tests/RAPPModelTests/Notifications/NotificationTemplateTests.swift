import Foundation
import Testing

@testable import RAPPModel

/// Templates are part of the stored policy: a template may name only the fixed, non-personal
/// placeholders, so personal evidence can never reach a message.
@Suite("Notification templates")
struct NotificationTemplateTests {
    static func template(subject: String = "Request {{request.id}}", text: [String] = ["Hello"], id: String = "t")
        -> String
    {
        let lines = text.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",")
        return
            #"{"kind": "template", "id": "\#(id)", "subject": "\#(subject)", "text": [\#(lines)]}"#
    }

    static func load(_ template: String, path: String = "templates/t.json") throws -> FormLibrary {
        try Fixtures.policy(adding: [path: template])
    }

    static func problems(_ template: String, path: String = "templates/t.json") -> [String] {
        do {
            _ = try load(template, path: path)
            return []
        } catch let error as FormsLoadError {
            return error.problems.map(\.code.rawValue)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("the built-in policy holds its templates, parsed, and every workflow's notify names one of them")
    func builtIn() throws {
        let library = try FormLibrary.builtIn()
        #expect(library.template("revocation-revoked-requester") != nil)
        let revoke = try #require(library.workflow("ra-revocation")?.state("verified")?.transition("revoke"))
        #expect(revoke.notifications.map(\.recipient) == [.requester, .subject, .raManager])
        for workflow in library.workflows {
            for (_, transition) in workflow.transitions {
                for notification in transition.notifications {
                    #expect(library.template(notification.template) != nil)
                }
            }
        }
    }

    @Test(
        "a template naming a personal evidence field is refused with template.personal",
        arguments: [
            "{{dateOfBirth}}", "{{fields.dateOfBirth}}", "{{request.callerDateOfBirth}}", "{{ dateOfBirth }}",
        ])
    func personal(_ placeholder: String) {
        #expect(Self.problems(Self.template(subject: "About \(placeholder)")) == ["template.personal"])
        #expect(Self.problems(Self.template(text: ["Born \(placeholder)"])) == ["template.personal"])
    }

    @Test(
        "a template naming anything but the fixed placeholders is refused with template.placeholder",
        arguments: [
            "{{requesterName}}", "{{fields.groundsDetail}}", "{{organisation.contactEmail}}", "{{request}}", "{{x}}",
        ])
    func unknownPlaceholder(_ placeholder: String) {
        #expect(Self.problems(Self.template(text: ["\(placeholder)"])) == ["template.placeholder"])
    }

    @Test("unclosed or empty placeholders are template.syntax")
    func syntax() {
        #expect(Self.problems(Self.template(subject: "Request {{request.id")) == ["template.syntax"])
        #expect(Self.problems(Self.template(text: ["{{}}"])) == ["template.syntax"])
    }

    @Test("control characters, over-long lines, a file not named after its id and a wrong kind are refused")
    func hostile() {
        #expect(Self.problems(Self.template(subject: #"Request\r\nBcc: x@example.org"#)) == ["form.type"])
        #expect(Self.problems(Self.template(text: [#"a\u001b[31m"#])) == ["form.type"])
        #expect(Self.problems(Self.template(text: [String(repeating: "x", count: 401)])) == ["form.type"])
        #expect(Self.problems(Self.template(), path: "templates/other.json") == ["form.type"])
        #expect(
            Self.problems(#"{"kind": "form", "id": "t", "subject": "s", "text": []}"#) == ["form.kind"])
        #expect(Self.problems("not json") != [])
    }

    @Test("a template file that is not .json is not a file a forms folder may hold")
    func extensionRequired() {
        #expect(FormsFileKind(path: "templates/t.txt") == nil)
        #expect(FormsFileKind(path: "templates/t.json") == .template)
    }

    @Test("a workflow naming an unknown template or recipient, or one it cannot find, is refused")
    func workflowNotifications() throws {
        func notify(_ entries: String) -> [String] {
            do {
                _ = try Fixtures.policy(editing: [
                    "workflows/org-revocation.json": {
                        $0.replacingOccurrences(
                            of:
                                #""notify": [{ "recipient": "organisation-aros", "template": "organisation-credentials-revoked" }]"#,
                            with: #""notify": \#(entries)"#)
                    }
                ])
                return []
            } catch let error as FormsLoadError {
                return error.problems.map(\.code.rawValue)
            } catch {
                return ["unexpected"]
            }
        }
        #expect(notify(#"[{ "recipient": "pma", "template": "organisation-credentials-revoked" }]"#) == [])
        #expect(notify(#"[{ "recipient": "pma", "template": "nothing-such" }]"#) == ["notification.template"])
        #expect(
            notify(#"[{ "recipient": "everyone", "template": "organisation-credentials-revoked" }]"#) == [
                "notification.recipient"
            ])
        // org-revocation names no subject operator.
        #expect(
            notify(#"[{ "recipient": "subject", "template": "organisation-credentials-revoked" }]"#) == [
                "notification.recipient"
            ])
        #expect(notify(#"[{ "recipient": "pma" }]"#) != [])
    }

    @Test("rendering strips control characters from values and cuts long ones, so a value adds no line")
    func render() throws {
        let template = NotificationTemplate(
            id: "t", about: "", subject: "About {{organisation.name}}",
            lines: ["Org {{organisation.name}}.", "{{missing}}"])
        let (subject, text) = template.render(["organisation.name": "Evil\r\nBcc: x@example.org\u{1b}[2J"])
        #expect(subject == "About Evil  Bcc: x@example.org [2J")
        #expect(!subject.contains("\r") && !subject.contains("\n"))
        #expect(text == "Org Evil  Bcc: x@example.org [2J.\n-")
        let long = template.render(["organisation.name": String(repeating: "é", count: 500)])
        #expect(long.subject.count == "About ".count + NotificationTemplate.maximumValueLength)
    }

    @Test("the rules file's notification addresses must be plain addresses")
    func addresses() {
        for bad in [
            "x", "a@b", "a b@example.org", "a@example.org\r\nBcc: c@example.org", "<a@example.org>", "a@@example.org",
            "\"a\"@example.org", "a@example.org,b@example.org",
        ] {
            #expect(!EmailAddress.isValid(bad), "\(bad)")
        }
        #expect(EmailAddress.isValid("smki-ra@ra.example.invalid"))
        #expect(throws: FormsLoadError.self) {
            try Fixtures.policy(editing: [
                "rules.json": {
                    $0.replacingOccurrences(
                        of: #""pma": "smki-pma@pma.example.invalid""#, with: #""pma": "pma@example.org\nBcc: x@y.org""#)
                }
            ])
        }
    }
}
