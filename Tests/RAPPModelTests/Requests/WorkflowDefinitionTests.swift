import Foundation
import Testing

@testable import RAPPModel

/// Workflows are data in the policy: read and checked when any policy loads, so a bad one makes
/// the policy unusable with its file and JSON path, and `policy diff/apply` cover them.
@Suite("Workflows as data")
struct WorkflowDefinitionTests {
    @Test("the built-in ARO nomination workflow: states, steps, permissions, evidence, checks, effect")
    func builtIn() throws {
        let workflow = try #require(Fixtures.library.workflow("aro-nomination"))
        #expect(workflow.form == "ARO")
        #expect(workflow.initial == "submitted")
        #expect(
            workflow.states.map(\.id) == [
                "submitted", "checked", "identity-verified", "approved", "issued", "active", "rejected", "withdrawn",
            ])
        #expect(workflow.states.filter(\.isTerminal).map(\.id) == ["active", "rejected", "withdrawn"])
        let approve = try #require(workflow.state("identity-verified")?.transition("approve"))
        #expect(approve.kind == .approval)
        #expect(approve.permission == .requestApprove)
        #expect(approve.checks.contains(.organisationEntryTestsPassed))
        #expect(workflow.state("checked")?.transition("verify-identity")?.evidenceForm == "AROIdentity")
        #expect(workflow.state("issued")?.transition("activate")?.effect == .credentialCreate)
        #expect(workflow.state("submitted")?.transition("check")?.isAutomatic == true)
        #expect(workflow.credential?.kind == "aro")
    }

    /// A workflow file edited one way, in a policy otherwise built-in, and what loading says.
    static let broken: [(String, String, String, String)] = [
        ("workflows/aro-nomination.json", #""to": "checked""#, #""to": "nowhere""#, "states[0].transitions[0].to"),
        (
            "workflows/aro-nomination.json", #""permission": "request.check""#, #""permission": "request.chekc""#,
            "states[0].transitions[0].permission"
        ),
        (
            "workflows/aro-nomination.json", #""checks": ["organisation.current""#,
            #""checks": ["organisation.curent""#, "states[0].transitions[0].checks[0]"
        ),
        (
            "workflows/aro-nomination.json", #""evidence": "AROIdentity""#, #""evidence": "Nope""#,
            "states[1].transitions[0].evidence"
        ),
        (
            "workflows/aro-nomination.json", #""notBy": ["submit", "verify-identity"]"#,
            #""notBy": ["submit", "verify"]"#, "states[2].transitions[0].notBy[1]"
        ),
        ("workflows/aro-nomination.json", #""initial": "submitted""#, #""initial": "start""#, "initial"),
        ("workflows/aro-nomination.json", #""kind": "workflow""#, #""kind": "form""#, "kind"),
        ("workflows/aro-nomination.json", #""about": "#, #""colour": "blue", "about": "#, "colour"),
        ("workflows/aro-nomination.json", #""form": "ARO""#, #""form": "A1""#, "User Role range table"),
        ("workflows/aro-nomination.json", #""id": "aro-nomination""#, #""id": "aro""#, "workflows/aro.json"),
        (
            "workflows/aro-nomination.json", #""holderNameField": "nomineeName""#, #""holderNameField": "dateOfBirth""#,
            "credential.holderNameField"
        ),
        (
            "workflows/aro-nomination.json", #""kind": "verification""#, #""kind": "verification", "automatic": true"#,
            "states[1].transitions[0].automatic"
        ),
        (
            "workflows/aro-nomination.json", #""terminal": true, "transitions": []"#,
            #""terminal": true, "transitions": [{ "action": "x", "label": "X", "to": "active", "kind": "step", "permission": "request.issue" }]"#,
            "states[5].transitions"
        ),
        // No approval on the way to the credential: what no policy may do.
        ("workflows/aro-nomination.json", #""kind": "approval""#, #""kind": "step""#, "without an approval"),
        ("workflows/aro-nomination.json", #""workflow""#, #""workflow", "states": 7, "x": "#, "not valid JSON"),
        // A form with a field for a secret.
        ("ARO-issue-evidence.json", #""label": "Token serial number""#, #""label": "Token PIN""#, "PIN"),
        ("ARO-issue-evidence.json", #""id": "repositoryUserName""#, #""id": "repositoryPassword""#, "password"),
        // A field definition of a newer type missing what it needs, or with what it may not have.
        (
            "ARO-nomination.json", #""type": "multiChoice", "required": true,"#,
            #""type": "multiChoice", "required": true, "references": "operator","#, "sections[2].fields[0].references"
        ),
        (
            "ARO-nomination.json", #""references": "organisation""#, #""references": "planet""#,
            "sections[0].fields[0].references"
        ),
        (
            "ARO-identity-evidence.json", #""id": "type", "label": "Document type", "type": "choice""#,
            #""id": "type", "label": "Document type", "type": "group""#, "sections[0].fields[0].fields[0]"
        ),
    ]

    @Test(
        "a broken workflow, or a form it needs, makes the policy unloadable, naming the file and the JSON path",
        arguments: broken)
    func brokenWorkflow(_ file: String, _ find: String, _ replace: String, _ expected: String) throws {
        #expect {
            try Fixtures.policy(editing: [
                file: { text in
                    guard let range = text.range(of: find) else {
                        Issue.record("\(find) is not in \(file)")
                        return text
                    }
                    return text.replacingCharacters(in: range, with: replace)
                }
            ])
        } throws: { error in
            let description = "\(error)"
            return description.contains(file) && description.contains(expected)
        }
    }

    @Test("a transition needing a reason needs the rules file's reason codes")
    func reasonsNeeded() throws {
        #expect {
            try Fixtures.policy(editing: [
                "rules.json": { text in
                    let start = text.range(of: #""requestReasons": ["#)!.lowerBound
                    let end = text.range(of: #""formats": {"#)!.lowerBound
                    return text.replacingCharacters(in: start..<end, with: "")
                }
            ])
        } throws: { "\($0)".contains("requestReasons") && "\($0)".contains("reason") }
    }

    @Test("a policy stored before workflows existed still loads: no workflows, reasons or allocation setting needed")
    func olderPolicy() throws {
        var files = FormLibrary.builtInFiles(in: "Forms").filter {
            !$0.key.hasPrefix("workflows/")
                && !["ARO", "SYS", "RA-", "POLICY", "UNLOCK"].contains(where: $0.key.hasPrefix)
        }
        var rules = String(decoding: files["rules.json"]!, as: UTF8.self)
        let start = rules.range(of: #""requestReasons": ["#)!.lowerBound
        let end = rules.range(of: #""formats": {"#)!.lowerBound
        rules.replaceSubrange(start..<end, with: "")
        rules = rules.replacingOccurrences(of: #""certificate-serial""#, with: #""serial""#)
        let allocation = rules.range(of: #",\#n    "range.outside-allocation": {"#)!
        let allocationEnd = rules.range(of: "}", range: allocation.upperBound..<rules.endIndex)!
        rules.replaceSubrange(allocation.lowerBound..<allocationEnd.upperBound, with: "")
        files["rules.json"] = Data(rules.utf8)
        let library = try FormLibrary.load(
            files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "old")
        #expect(library.workflows.isEmpty)
        #expect(library.rules.requestReasons.isEmpty)
        #expect(library.rules.setting(.rangeOutsideAllocation) == .error)
    }

    @Test("policy diff names a workflow's changes by file and JSON Pointer; applying it changes what the engine allows")
    func diffAndApply() throws {
        let fixture = try RequestFixture()
        let strict = try Fixtures.policy(editing: [
            "workflows/aro-nomination.json": {
                $0.replacingOccurrences(of: #""label": "Checked","#, with: #""label": "Checked by the RA","#)
            }
        ])
        let changes = try fixture.registry.policyChanges(to: strict)
        #expect(changes.map(\.file) == ["workflows/aro-nomination.json"])
        #expect(changes.map(\.pointer) == ["/states/1/label"])
        let id = try fixture.request(in: "checked")
        #expect(try fixture.registry.request(id, by: fixture.bob).stateLabel == "Checked")
        _ = try fixture.registry.applyPolicy(
            strict, soleManagerOverride: "the only ra-manager, in a test", by: fixture.manager)
        #expect(try fixture.registry.request(id, by: fixture.bob).stateLabel == "Checked by the RA")
        // A policy without the workflow: its requests stay readable and take no more steps.
        let none = try Fixtures.policy().filesWithout("workflows/aro-nomination.json")
        _ = try fixture.registry.applyPolicy(
            none, soleManagerOverride: "the only ra-manager, in a test", by: fixture.manager)
        #expect(try fixture.registry.request(id, by: fixture.bob).actions.isEmpty)
        #expect(throws: RequestError.self) { try fixture.registry.act(on: id, action: "withdraw", by: fixture.bob) }
    }

    /// A throw-away form and workflow: a request about an operator (their own RA credentials).
    static let subjectForm = """
        {"kind": "form", "id": "RAC", "title": "RA credential request", "annex": "test", "purpose": "test", "nameField": "why",
         "sections": [{"id": "s", "title": "S", "fields": [
           {"id": "holder", "label": "Holder", "type": "reference", "references": "operator", "required": true, "help": "", "rules": []},
           {"id": "why", "label": "Why", "type": "text", "required": true, "maxLength": 200, "help": "", "rules": []}]}]}
        """
    static let subjectWorkflow = """
        {"kind": "workflow", "id": "ra-credential", "title": "RA credential", "form": "RAC", "submit": {"permission": "request.submit"},
         "initial": "submitted", "subjectField": "holder",
         "states": [
           {"id": "submitted", "label": "Submitted", "transitions": [
             {"action": "verify", "label": "Verify", "to": "verified", "kind": "verification", "permission": "request.verify"},
             {"action": "withdraw", "label": "Withdraw", "to": "withdrawn", "kind": "exit", "permission": "request.withdraw"}]},
           {"id": "verified", "label": "Verified", "transitions": [
             {"action": "approve", "label": "Approve", "to": "approved", "kind": "approval", "permission": "request.approve"}]},
           {"id": "approved", "label": "Approved", "terminal": true, "transitions": []},
           {"id": "withdrawn", "label": "Withdrawn", "terminal": true, "transitions": []}]}
        """

    @Test("nobody takes a step in a request about themselves, whatever the workflow says; others may")
    func subjectTakesNoStep() throws {
        let policy = try Fixtures.policy(adding: [
            "RAC.json": Self.subjectForm, "workflows/ra-credential.json": Self.subjectWorkflow,
        ])
        let fixture = try RequestFixture(policy: policy)
        let daveID = try #require(try fixture.registry.operators(by: fixture.manager).first { $0.name == "dave" }?.id)
        let form = FormFile(
            formID: "RAC", fields: .object(["holder": JSONValue(daveID), "why": .string("new starter")]))
        let id = try fixture.registry.submitRequest(kind: "ra-credential", form: form, by: fixture.carol).request.id
        let before = try fixture.counts()
        for action in ["verify", "withdraw"] {
            #expect {
                try fixture.registry.act(on: id, action: action, by: fixture.dave)
            } throws: { error in
                guard case RequestError.separationOfDuties(let reason) = error else { return false }
                return reason.contains("about") && Failure(error).exitStatus == .noPermission
            }
        }
        #expect(try fixture.counts() == before)
        #expect(try fixture.registry.requests(.init(waitingForMe: true), limit: 10, by: fixture.dave).isEmpty)
        #expect(try fixture.registry.requests(.init(waitingForMe: true), limit: 10, by: fixture.bob).map(\.id) == [id])
        _ = try fixture.registry.act(on: id, action: "verify", by: fixture.bob)
        // Approval: not the submitter (carol), not the verifier (bob), not the subject (dave).
        for session in [fixture.carol, fixture.bob, fixture.dave] {
            #expect(throws: RequestError.self) { try fixture.registry.act(on: id, action: "approve", by: session) }
        }
        #expect(try fixture.registry.act(on: id, action: "approve", by: fixture.manager).request.state == "approved")
        // An operator that does not exist cannot be the subject.
        let ghost = FormFile(formID: "RAC", fields: .object(["holder": JSONValue(999), "why": .string("x")]))
        #expect {
            try fixture.registry.submitRequest(kind: "ra-credential", form: ghost, by: fixture.carol)
        } throws: { ($0 as? RequestError)?.issues.map(\.code) == [.fieldReference] }
    }
}

extension FormLibrary {
    /// This library without one file.
    func filesWithout(_ path: String) throws -> FormLibrary {
        try FormLibrary.load(
            files: files.filter { $0.key != path }.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
    }
}
