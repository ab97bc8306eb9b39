import SnapshotTesting
import Testing

@testable import RAPPModel
@testable import RATUI

/// Requesting a revocation on form A7 from Home (RAPP 8.3.3): the item is offered to whoever
/// the policy's A7 workflow lets file one, and disabled with the reason for anyone else or when
/// the policy has no such workflow; the subject is chosen by name from the operators the
/// registry says the filer may name, and the field holds that operator's id.
@Suite(.serialized)
struct RevocationRequestScreenTests {
    /// A PMA member's app on the A7 form, its subject's list open.
    static func subjectPicker(
        _ sample: RequestSample, _ theme: Theme = .standard, width: Int = 80, height: Int = 24
    ) throws -> AppDriver {
        var pma = try sample.test.driver(as: "pma-member", theme, width: width, height: height)
        pma.press(.character("a"))
        pma.press(.tab, .tab, .tab, .tab)  // name, own operator id, capacity, contact: on the subject
        pma.press(.enter)
        return pma
    }

    @Test func aPMAMemberOpensTheA7FromHomeAndChoosesTheSubjectByName() throws {
        let sample = try RequestSample.make()
        var pma = try Self.subjectPicker(sample)
        let form = try #require(pma.app.top(RequestFormScreen.self))
        #expect(form.purpose == .request(kind: "ra-revocation"))
        #expect(form.editor.focus == .field("subject"))
        // Only those whose credentials A7 revokes: RA staff, not the PMA member themselves.
        let options = try #require(form.editor.chooser?.options)
        #expect(options.contains("dave (operator \(sample.dave.operatorID): SMKI RA Personnel)"))
        #expect(!options.contains { $0.hasPrefix("pma-member") })
        pma.type("d")  // type-ahead, as in any list
        pma.press(.enter)
        let chosen = try #require(pma.app.top(RequestFormScreen.self))
        #expect(chosen.editor.chooser == nil)
        #expect(chosen.editor.values["subject"] == String(sample.dave.operatorID))
        #expect(pma.app.view().text.contains("That is dave (operator \(sample.dave.operatorID)"))
        // The credentials concerned: the option chosen is named by its label, not only its id.
        pma.press(.tab, .enter, .enter)
        let credentials = try #require(pma.app.top(RequestFormScreen.self))
        #expect(credentials.editor.values["credentials"] == "operator-account")
        #expect(pma.app.view().text.contains("That is Their ratui operator account."))
    }

    @Test func theA7IsFiledFromHomeWithTheSubjectChosenAndTheEngineChecksIt() throws {
        let sample = try RequestSample.make()
        var pma = try Self.subjectPicker(sample)
        pma.type("d")
        pma.press(.enter)
        // Back to the top: the name, then the capacity (the first option, a PMA member).
        pma.press(.backTab, .backTab, .backTab, .backTab)
        pma.type("Pat Quill")
        pma.press(.tab, .tab, .enter, .enter)
        pma.press(.tab, .tab, .tab, .enter, .enter)  // contact, subject: the credentials, the account
        pma.press(.tab, .enter, .enter, .tab)  // the grounds: compromise
        pma.type("Token left unattended")
        pma.press(.tab, .enter, .enter, .tab)  // arrival: filed in ratui
        pma.type("2026-11-25")
        pma.press(.control("s"), .character("e"))
        let details = try #require(pma.app.top(RequestScreen.self)?.details)
        #expect(details.request.kind == "ra-revocation")
        #expect(details.request.state == "entitled")
        #expect(details.request.fields["subject"] == JSONValue(sample.dave.operatorID))
    }

    @Test func theItemIsDisabledWithTheReasonForRolesThatDoNotGrantIt() throws {
        let sample = try RequestSample.make()
        var auditor = try sample.test.driver(as: "auditor")
        #expect(auditor.app.view().text.contains("Request revocation (A7) (needs revocation.request)"))
        auditor.press(.character("a"))
        #expect(auditor.app.top(RequestFormScreen.self) == nil)
        #expect(auditor.app.status?.text.contains("needs revocation.request") == true)
    }

    @Test func theItemIsDisabledWhenThePolicyHasNoA7Workflow() throws {
        let files = FormLibrary.builtInFiles(in: "Forms").filter { $0.key != "workflows/ra-revocation.json" }
        let library = try FormLibrary.load(
            files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
        #expect(library.workflow("ra-revocation") == nil)
        let environment = AppEnvironment(library: library, theme: .standard, registryPath: "/srv/x.sqlite")
        #expect(
            HomeScreen.disabledReason(of: .requestRevocation, environment: environment)
                == "not in this registry's policy")
        let (_, output) = HomeScreen().update(.action(.requestRevocation), environment: environment)
        #expect(output.navigation.map { _ in true } == nil)
        let unknown = RequestError.unknownKind("ra-revocation", known: library.workflows.map(\.id))
        #expect(output.status == .error(Failure(unknown)))
        #expect(output.status?.text.hasPrefix("request.unknown-kind: ") == true)
    }

    @Test func snapshotSubjectPicker() throws {
        for (width, height) in ScreenSnapshotTests.sizes {
            for theme in ScreenSnapshotTests.themes {
                let sample = try RequestSample.make()
                let driver = try Self.subjectPicker(sample, theme, width: width, height: height)
                assertSnapshot(
                    of: driver.app.view(), as: .screen,
                    named: "a7-subject-picker-\(width)x\(height)-\(theme.kind.rawValue)")
            }
        }
    }
}

extension RevocationRequestScreenTests {
    /// A workflow that names an operator but revokes nothing (an RA credential for someone)
    /// keeps the field typed: the revocation list is not who such a request may name.
    @Test func aSubjectFieldOfAWorkflowThatRevokesNothingIsTyped() throws {
        let sample = try RequestSample.make()
        let environment = sample.test.environment()
        let revocation = try #require(environment.library.workflow("ra-revocation"))
        #expect(revocation.revokesOperator)
        #expect(
            RequestFormScreen(environment: environment, purpose: .request(kind: "ra-revocation")).subjectField
                == "subject")
        for workflow in environment.library.workflows where !workflow.revokesOperator {
            let form = RequestFormScreen(environment: environment, purpose: .request(kind: workflow.id))
            #expect(form.subjectField == nil, "\(workflow.id)")
            #expect(form.appearEffects.isEmpty, "\(workflow.id)")
        }
    }

    /// A step's evidence form names nobody to choose: no list is read for it.
    @Test func aStepFormOffersNoSubjects() throws {
        let sample = try RequestSample.make()
        let environment = sample.test.environment()
        let transition = try #require(
            environment.library.workflow("ra-revocation")?.transitions.first {
                $0.transition.action == "verify-requester"
            }
        )
        let form = RequestFormScreen(
            environment: environment, purpose: .step(request: 1, transition: transition.transition))
        #expect(form.subjectField == nil)
        #expect(form.appearEffects.isEmpty)
    }
}
