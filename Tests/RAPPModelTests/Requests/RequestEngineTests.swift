import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// The request engine as a specification: every step of the ARO nomination workflow against every
/// operator role and every separation-of-duties rule; a refused step changes nothing.
@Suite("The request engine: ARO nominations")
struct RequestEngineTests {
    static let roles = ["ra-manager", "ra-personnel", "pma-member", "auditor"]

    /// Every (state, action) the built-in workflow allows.
    static let transitions: [(String, String)] = Fixtures.library.workflow("aro-nomination")!.transitions.map {
        ($0.from, $0.transition.action)
    }

    @Test(
        "a nomination goes submitted → checked → identity-verified → approved → issued → active, one audit event a step"
    )
    func happyPath() throws {
        let fixture = try RequestFixture()
        let entered = try fixture.nominate()
        // The automatic checks pass at once: organisation current, entry tests passed, no duplicate.
        #expect(entered.request.state == "checked")
        #expect(entered.request.steps.map(\.action) == ["submit", "check"])
        #expect(entered.request.steps[1].isAutomatic)
        #expect(entered.pendingChecks.isEmpty)
        let id = entered.request.id
        try fixture.advance(id, to: "active")
        let request = try fixture.registry.request(id, by: fixture.manager).request
        #expect(
            request.steps.map(\.to) == ["submitted", "checked", "identity-verified", "approved", "issued", "active"])
        #expect(request.steps.map(\.operatorName) == ["bob", "bob", "carol", "dave", "carol", "carol"])
        // One event per step, each naming the state before and after.
        let events = try Self.events(fixture.registry, record: "request/\(id)")
        #expect(events.map(\.action) == ["request.submitted"] + Array(repeating: "request.transitioned", count: 5))
        #expect(events.map(\.sequence) == request.steps.map(\.auditSequence))
        for (event, step) in zip(events, request.steps) {
            let details = try #require(try JSONValue.parse(Data(event.details.utf8)).object)
            #expect(details["before"]?.object?["state"] == step.from.map(JSONValue.string) ?? .null)
            #expect(details["after"]?.object?["state"] == .string(step.to))
        }
        // The credential: active, its holder, scopes and the serials recorded at issue.
        let credentials = try fixture.registry.credentials(limit: 10, by: fixture.manager)
        #expect(credentials.count == 1)
        let credential = try #require(credentials.first)
        #expect(credential.state == "active")
        #expect(credential.kind == "aro")
        #expect(credential.holder.name == "Dana Smith")
        #expect(credential.organisationID == fixture.organisation)
        #expect(credential.scopes == ["organisation-certificates", "smki-repository"])
        #expect(credential.details["tokenSerial"] == .string("TK-0001"))
        #expect(credential.requestID == id)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).firstBreak == nil)
    }

    @Test(
        "each step, taken by an operator of each role, is allowed exactly when the rules file grants its permission; refused, nothing changes",
        arguments: transitions, roles)
    func stepByRole(_ transition: (String, String), _ role: String) throws {
        let (state, action) = transition
        let fixture = try RequestFixture(entryTests: state != "submitted")
        let id = try fixture.request(in: state)
        let actor = try fixture.operatorWith(role)
        let permission = Fixtures.library.workflow("aro-nomination")!.state(state)!.transition(action)!.permission
        let granted = Fixtures.library.rules.permits(permission, roles: [role])
        let before = try fixture.counts()
        do {
            _ = try fixture.registry.act(
                on: id, action: action, evidence: fixture.evidence(for: action),
                reason: action == "reject" ? "other" : nil, by: actor)
            #expect(granted, "\(role) took \(action) in \(state) without \(permission.rawValue)")
            #expect(try fixture.state(of: id) != state)
            #expect(try fixture.counts().events > before.events)
        } catch let error as AccessError {
            #expect(!granted, "\(role) was refused \(action) in \(state): \(error)")
            #expect(error == .notPermitted(permission, operator: actor.name))
            #expect(Failure(error).exitStatus == .noPermission)
            #expect(try fixture.counts() == before)
            #expect(try fixture.state(of: id) == state)
        }
    }

    @Test("nobody approves a request they entered or verified; a third person may")
    func approvalNeedsASecondPerson() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "identity-verified")
        let before = try fixture.counts()
        for session in [fixture.bob, fixture.carol] {
            #expect {
                try fixture.registry.act(on: id, action: "approve", by: session)
            } throws: { error in
                guard case RequestError.separationOfDuties(let reason) = error else { return false }
                return reason.contains(session.name) && Failure(error).exitStatus == .noPermission
            }
        }
        #expect(try fixture.counts() == before)
        #expect(try fixture.registry.act(on: id, action: "approve", by: fixture.manager).request.state == "approved")
    }

    @Test(
        "the approval rule holds whatever the workflow says: a policy without notBy still refuses the submitter and the verifier"
    )
    func approvalRuleIsCode() throws {
        let lax = try Fixtures.policy(editing: [
            "workflows/aro-nomination.json": {
                $0.replacingOccurrences(of: #""notBy": ["submit", "verify-identity"],"#, with: "")
            }
        ])
        #expect(lax.workflow("aro-nomination")!.state("identity-verified")!.transition("approve")!.notBy.isEmpty)
        let fixture = try RequestFixture(policy: lax)
        let id = try fixture.request(in: "identity-verified")
        #expect(throws: RequestError.self) { try fixture.registry.act(on: id, action: "approve", by: fixture.bob) }
        #expect(throws: RequestError.self) { try fixture.registry.act(on: id, action: "approve", by: fixture.carol) }
        #expect(try fixture.registry.act(on: id, action: "approve", by: fixture.dave).request.state == "approved")
    }

    @Test("a workflow's own notBy is enforced: here, whoever approved may not issue")
    func notByFromData() throws {
        let strict = try Fixtures.policy(editing: [
            "workflows/aro-nomination.json": {
                $0.replacingOccurrences(
                    of: #""kind": "step", "permission": "request.issue",\#n          "evidence": "AROIssue""#,
                    with:
                        #""kind": "step", "permission": "request.issue", "notBy": ["approve"],\#n          "evidence": "AROIssue""#
                )
            }
        ])
        #expect(strict.workflow("aro-nomination")!.state("approved")!.transition("issue")!.notBy == ["approve"])
        let fixture = try RequestFixture(policy: strict)
        let id = try fixture.request(in: "approved")
        let before = try fixture.counts()
        #expect(throws: RequestError.self) {
            try fixture.registry.act(on: id, action: "issue", evidence: RequestFixture.issueEvidence, by: fixture.dave)
        }
        #expect(try fixture.counts() == before)
        #expect(
            try fixture.registry.act(on: id, action: "issue", evidence: RequestFixture.issueEvidence, by: fixture.carol)
                .request.state == "issued")
    }

    @Test(
        "a step the workflow does not list out of the request's state is refused (65), changing nothing",
        arguments: [
            ("checked", "approve"), ("checked", "activate"), ("identity-verified", "verify-identity"),
            ("active", "reject"),
            ("active", "withdraw"), ("issued", "withdraw"), ("checked", "frobnicate"), ("checked", "submit"),
        ])
    func stepNotInState(_ state: String, _ action: String) throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: state)
        let before = try fixture.counts()
        #expect {
            try fixture.registry.act(
                on: id, action: action, evidence: fixture.evidence(for: action), by: fixture.manager)
        } throws: { error in
            guard case RequestError.notAllowed(let refused, let inState, _) = error else { return false }
            return refused == action && inState == state && Failure(error).exitStatus == .invalidData
        }
        #expect(try fixture.counts() == before)
    }

    @Test("an unknown request or kind is refused (65)")
    func unknowns() throws {
        let fixture = try RequestFixture()
        #expect(throws: RequestError.unknownRequest(99)) {
            try fixture.registry.act(on: 99, action: "approve", by: fixture.manager)
        }
        #expect(throws: RequestError.unknownRequest(99)) { try fixture.registry.request(99, by: fixture.manager) }
        #expect {
            try fixture.registry.submitRequest(
                kind: "no-such-kind", form: RequestFixture.nomination(organisation: 1), by: fixture.bob)
        } throws: { ($0 as? RequestError)?.code == "request.unknown-kind" }
    }

    static let badEvidence: [Labelled<JSONValue?>] = [
        Labelled("none", nil),
        Labelled(
            "no documents",
            .object([
                "method": .string("video"), "verifiedOn": .string("2026-11-22"),
                "screeningStandard": .string("bs7858-2019"), "screeningReference": .string("S"),
            ])),
        Labelled("a method that is not an option", RequestEngineTests.identity(["method": .string("telepathy")])),
        Labelled("a date that is not one", RequestEngineTests.identity(["verifiedOn": .string("2026-02-30")])),
        Labelled("an escape sequence", RequestEngineTests.identity(["screeningReference": .string("S\u{1B}[2J")])),
        Labelled("an unknown field", RequestEngineTests.identity(["pin": .string("1234")])),
        Labelled(
            "a document row of the wrong type",
            RequestEngineTests.identity(["documents": .array([.string("passport")])])),
    ]

    @Test(
        "evidence is checked against the step's form; invalid evidence is refused (65), changing nothing",
        arguments: badEvidence)
    func invalidEvidence(_ evidence: Labelled<JSONValue?>) throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "checked")
        let before = try fixture.counts()
        #expect {
            try fixture.registry.act(on: id, action: "verify-identity", evidence: evidence.value, by: fixture.carol)
        } throws: { error in
            guard case RequestError.invalid(let report) = error else { return false }
            return !report.errors.isEmpty && Failure(error).exitStatus == .invalidData
        }
        #expect(try fixture.counts() == before)
    }

    static func identity(_ changes: [String: JSONValue]) -> JSONValue {
        guard case .object(var object) = RequestFixture.identityEvidence else { return .null }
        object.merge(changes) { $1 }
        return .object(object)
    }

    @Test("evidence given to a step that records none is refused")
    func evidenceWhereNone() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "identity-verified")
        #expect(throws: RequestError.self) {
            try fixture.registry.act(on: id, action: "approve", evidence: .object([:]), by: fixture.dave)
        }
    }

    @Test("rejection needs a reason code from the rules file; the note is checked; both are kept")
    func rejection() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "checked")
        let before = try fixture.counts()
        for reason in [nil, "because", "OTHER"] as [String?] {
            #expect {
                try fixture.registry.act(on: id, action: "reject", reason: reason, by: fixture.carol)
            } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.requestReason] }
        }
        #expect {
            try fixture.registry.act(
                on: id, action: "reject", reason: "other", note: "see \u{1B}]0;owned\u{7}", by: fixture.carol)
        } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.requestNote] }
        #expect {
            try fixture.registry.act(
                on: id, action: "reject", reason: "other", note: String(repeating: "x", count: 2001), by: fixture.carol)
        } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.requestNote] }
        #expect(try fixture.counts() == before)
        let rejected = try fixture.registry.act(
            on: id, action: "reject", reason: "screening-not-met", note: "Certificate\nexpired", by: fixture.carol)
        #expect(rejected.request.state == "rejected")
        #expect(rejected.request.steps.last?.reason == "screening-not-met")
        #expect(rejected.request.steps.last?.note == "Certificate\nexpired")
        #expect(rejected.actions.isEmpty)
    }

    @Test("withdrawal needs no reason, from each state before issue")
    func withdrawal() throws {
        for state in ["checked", "identity-verified", "approved"] {
            let fixture = try RequestFixture()
            let id = try fixture.request(in: state)
            #expect(try fixture.registry.act(on: id, action: "withdraw", by: fixture.bob).request.state == "withdrawn")
        }
    }

    @Test(
        "without passed entry tests the automatic check waits, and the request cannot reach approval; after them it can"
    )
    func entryTestsFirst() throws {
        let fixture = try RequestFixture(entryTests: false)
        let entered = try fixture.nominate()
        #expect(entered.request.state == "submitted")
        #expect(entered.pendingChecks.map(\.code) == [.organisationEntryTests])
        let id = entered.request.id
        let before = try fixture.counts()
        #expect {
            try fixture.registry.act(on: id, action: "check", by: fixture.carol)
        } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.organisationEntryTests] }
        #expect(try fixture.counts() == before)
        try fixture.passEntryTests()
        #expect(try fixture.registry.act(on: id, action: "check", by: fixture.carol).request.state == "checked")
    }

    @Test(
        "the person already holding an active ARO credential in a scope cannot be nominated for it again; another person or scope can"
    )
    func duplicates() throws {
        let fixture = try RequestFixture()
        // Entered and checked while Dana holds nothing; her first nomination then becomes active.
        let second = try fixture.nominate().request.id
        let first = try fixture.nominate().request.id
        try fixture.advance(first, to: "active")
        try fixture.advance(second, to: "identity-verified")
        #expect {
            try fixture.registry.act(on: second, action: "approve", by: fixture.dave)
        } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.credentialDuplicate] }
        // The same person, written differently: still a duplicate.
        let again = try fixture.nominate(name: "  dana   SMITH ")
        #expect(again.request.state == "submitted")
        #expect(again.pendingChecks.map(\.code) == [.credentialDuplicate])
        // Another date of birth is another person; another scope is another credential.
        #expect(try fixture.nominate(birth: "1981-03-01").request.state == "checked")
        #expect(try fixture.nominate(scopes: ["device-certificates"]).request.state == "checked")
        // Activating a second credential finds the same holder again.
        let device = try fixture.nominate(scopes: ["device-certificates"]).request.id
        try fixture.advance(device, to: "active")
        let credentials = try fixture.registry.credentials(limit: 10, by: fixture.manager)
        #expect(credentials.map(\.holder.id) == [credentials[0].holder.id, credentials[0].holder.id])
        #expect(
            try fixture.registry.credentials(holder: credentials[0].holder.id, limit: 10, by: fixture.manager).count
                == 2)
        #expect(try fixture.registry.credentials(state: "active", limit: 10, by: fixture.manager).count == 2)
        #expect(
            try fixture.registry.credentials(organisation: fixture.organisation + 1, limit: 10, by: fixture.manager)
                .isEmpty)
    }

    @Test("personal fields are stored apart: requests, steps and audit events hold only their salted digest")
    func personalData() throws {
        let fixture = try RequestFixture()
        let id = try fixture.nominate().request.id
        try fixture.advance(id, to: "active")
        let request = try fixture.registry.request(id, by: fixture.manager).request
        #expect(request.fields["dateOfBirth"] == nil)
        #expect(request.personal?.content == ["dateOfBirth": .string("1980-02-29")])
        let verification = try #require(request.steps.first { $0.action == "verify-identity" })
        #expect(verification.evidence?["documents"] == nil)
        #expect(verification.evidence?["screeningReference"] == nil)
        #expect(verification.personal?.content?["screeningReference"] == .string("SCREEN-42"))
        try fixture.registry.read { db in
            let stored = try String.fetchAll(
                db, sql: "SELECT fields FROM request UNION ALL SELECT coalesce(evidence, '') FROM request_transition")
            let events = try String.fetchAll(db, sql: "SELECT details FROM audit_event")
            for text in stored + events {
                #expect(!text.contains("1980-02-29") && !text.contains("PASS123456") && !text.contains("SCREEN-42"))
            }
            #expect(events.contains { $0.contains(request.personal!.digest) })
            #expect(events.contains { $0.contains(verification.personal!.digest) })
            // The digest is SHA-256 over the row's salt and content.
            for row in try Row.fetchAll(db, sql: "SELECT digest, salt, content FROM personal_data") {
                #expect(
                    PersonalData.digest(of: row["content"], salt: [UInt8](row["salt"] as Data)) == row["digest"]
                        as String)
            }
        }
        // The same personal data twice: two digests, as each has its own salt.
        let twin = try fixture.nominate().request
        #expect(twin.personal?.digest != request.personal?.digest)
    }

    @Test(
        "requests, steps, personal data and credentials are append-only; personal data can only be redacted",
        arguments: [
            "UPDATE request SET kind = 'x'", "DELETE FROM request",
            "UPDATE request_transition SET note = 'x'",
            "UPDATE request_transition SET is_current = 1 WHERE is_current = 0",
            "DELETE FROM request_transition",
            "UPDATE personal_data SET content = '{}'", "DELETE FROM personal_data",
            "UPDATE credential SET scopes = '[]'", "DELETE FROM credential", "UPDATE credential_holder SET name = 'x'",
            "DELETE FROM credential_state", "UPDATE credential_state SET state = 'revoked'",
            "UPDATE organisation_entry_tests SET reference = 'x'", "DELETE FROM organisation_entry_tests",
        ])
    func appendOnly(_ sql: String) throws {
        let fixture = try RequestFixture()
        try fixture.advance(try fixture.nominate().request.id, to: "active")
        #expect(throws: (any Error).self) { try fixture.registry.write { db in try db.execute(sql: sql) } }
    }

    @Test("redaction, the one change personal data allows, keeps the digest and the audit trail verifying")
    func redaction() throws {
        let fixture = try RequestFixture()
        let request = try fixture.nominate().request
        try fixture.registry.write { db in
            try db.execute(
                sql: "UPDATE personal_data SET content = NULL, salt = NULL, redacted_at = ? WHERE digest = ?",
                arguments: ["2033-01-01T00:00:00.000Z", request.personal!.digest])
        }
        let after = try fixture.registry.request(request.id, by: fixture.manager).request
        #expect(after.personal?.digest == request.personal?.digest)
        #expect(after.personal?.content == nil)
        #expect(after.personal?.redactedAt == "2033-01-01T00:00:00.000Z")
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).firstBreak == nil)
    }

    @Test("request.read is needed to read requests and credentials")
    func reading() throws {
        let restricted = try Fixtures.policy(editing: [
            "rules.json": {
                $0.replacingOccurrences(
                    of: #""auditor": ["registry.read", "audit.read", "request.read"]"#,
                    with: #""auditor": ["registry.read", "audit.read"]"#)
            }
        ])
        let fixture = try RequestFixture(policy: restricted)
        let id = try fixture.nominate().request.id
        let auditor = try fixture.operatorWith("auditor")
        let pma = try fixture.operatorWith("pma-member")
        #expect(throws: AccessError.self) { try fixture.registry.request(id, by: auditor) }
        #expect(throws: AccessError.self) { try fixture.registry.requests(.init(), limit: 10, by: auditor) }
        #expect(throws: AccessError.self) { try fixture.registry.credentials(limit: 10, by: auditor) }
        #expect(try fixture.registry.request(id, by: pma).request.id == id)
        // Read, a step's actions say who may take it and that this operator may not.
        let actions = try fixture.registry.request(id, by: pma).actions
        #expect(actions.map(\.transition.action) == ["verify-identity", "reject", "withdraw"])
        #expect(actions.allSatisfy { $0.refusal != nil && $0.roles == ["ra-manager", "ra-personnel"] })
    }

    @Test("show lists each possible action with its evidence form, who may take it and who may not")
    func actionsShown() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "identity-verified")
        let asCarol = try fixture.registry.request(id, by: fixture.carol).actions
        let approve = try #require(asCarol.first { $0.transition.action == "approve" })
        #expect(approve.roles == ["ra-manager", "ra-personnel"])
        #expect(Set(approve.excluded.map(\.operatorName)) == ["bob", "carol"])
        #expect(approve.refusal?.message.contains("Separation of duties") == true)
        #expect(approve.checkIssues.isEmpty)
        let asDave = try fixture.registry.request(id, by: fixture.dave).actions
        #expect(asDave.first { $0.transition.action == "approve" }?.refusal == nil)
        let checked = try fixture.request(in: "checked")
        #expect(
            try fixture.registry.request(checked, by: fixture.dave).actions.first?.evidenceForm?.id == "AROIdentity")
    }

    @Test("a step is decided on the roles an operator holds now: a role removed since sign-in stops the next step")
    func rolesReadInTheTransaction() throws {
        let fixture = try RequestFixture()
        let id = try fixture.request(in: "identity-verified")
        _ = try fixture.registry.setRoles(of: "dave", to: ["auditor"], by: fixture.manager)
        #expect(throws: AccessError.self) { try fixture.registry.act(on: id, action: "approve", by: fixture.dave) }
    }

    static func events(_ registry: Registry, record: String) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        try registry.read { db in
            try AuditTrail(db: db).events(matching: AuditFilter(record: record), limit: nil) { events.append($0) }
        }
        return events
    }
}

extension JSONValue {
    var object: [String: JSONValue]? {
        if case .object(let object) = self { object } else { nil }
    }
}
