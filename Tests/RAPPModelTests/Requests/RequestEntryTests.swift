import Foundation
import Testing

@testable import RAPPModel

/// Forms typed as text in the terminal become the `fields` object a form file holds, so the
/// engine checks them with the command line's codes and messages.
@Suite struct RequestEntryTests {
    let library = Fixtures.library

    var nomination: RequestEntry { RequestEntry(request: library.form("ARO")!) }

    @Test func eachFieldTypeBecomesWhatAFormFileHolds() throws {
        let (fields, reason, note) = nomination.values(from: [
            "organisation": " 7 ", "nomineeName": "Dana Smith", "scopes": "organisation-certificates, smki-repository",
            "dateOfBirth": "1980-02-29", "nomineeJobTitle": "",
        ])
        #expect(
            fields
                == .object([
                    "organisation": JSONValue(7), "nomineeName": .string("Dana Smith"),
                    "scopes": .array([.string("organisation-certificates"), .string("smki-repository")]),
                    "dateOfBirth": .string("1980-02-29"),
                ]))
        #expect(reason == nil && note == nil)
    }

    @Test func groupsAreARowALineWithTheirFieldsSeparatedByBars() throws {
        let identity = library.workflow("aro-nomination")!.state("checked")!.transition("verify-identity")!
        let entry = RequestEntry(step: identity, evidence: library.form("AROIdentity"), rules: library.rules)
        let (fields, _, _) = entry.values(from: [
            "documents": "passport | PASS123\n\n  \ndriving-licence|DL-9 | extra", "method": "video",
        ])
        guard case .object(let object)? = fields else {
            Issue.record("no fields")
            return
        }
        #expect(
            object["documents"]
                == .array([
                    .object(["type": .string("passport"), "reference": .string(" PASS123")]),
                    .object([
                        "type": .string("driving-licence"), "reference": .string("DL-9 "), "(extra)": .string(" extra"),
                    ]),
                ]))
        #expect(object["method"] == .string("video"))
        let documents = try #require(library.form("AROIdentity")?.field("documents"))
        #expect(
            RequestEntry.text(
                of: .array([.object(["type": .string("passport"), "reference": .string("P1")])]), field: documents)
                == "passport | P1")
    }

    @Test func hostileReferencesAreLeftForTheEngineToRefuse() throws {
        for typed in ["-3", "1e3", "0x10", "１２", "99999999999999999999", "7\u{1B}[2J", "12 13"] {
            let (fields, _, _) = nomination.values(from: ["organisation": typed])
            guard case .object(let object)? = fields else {
                Issue.record("no fields")
                continue
            }
            #expect(object["organisation"] == .string(typed.trimmingWhiteSpace()), "\(typed)")
        }
    }

    @Test func aStepTakesAReasonChoiceAndANote() throws {
        let reject = library.workflow("aro-nomination")!.state("checked")!.transition("reject")!
        let entry = RequestEntry(step: reject, evidence: nil, rules: library.rules)
        #expect(entry.definition.field("reason")?.options.map(\.id) == library.rules.requestReasons.map(\.id))
        let (fields, reason, note) = entry.values(from: ["reason": "duplicate", "note": "  "])
        #expect(fields == nil && reason == "duplicate" && note == nil)
        let validator = RequestEntryValidator(entry: entry, rules: library.rules)
        #expect(validator.path(of: entry.definition.field("reason")!) == "reason")
        #expect(validator.path(of: entry.definition.field("note")!) == "note")
    }

    /// What the terminal sends is checked by the engine, with the command line's issues.
    @Test func theEngineReportsTypedFormsWithTheCommandLinesCodes() throws {
        let fixture = try RequestFixture()
        let typed = nomination.values(from: [
            "organisation": String(fixture.organisation), "nomineeName": "Dana\u{1B}[31m",
            "scopes": "smki-repository, nonsense",
            "dateOfBirth": "1980-02-30", "nomineeEmail": "dana@example.org", "nomineePhone": "+44 20 7946 0002",
            "signatoryName": "Bob Ray", "dateSigned": "2026-11-21",
        ])
        #expect {
            _ = try fixture.registry.submitRequest(
                kind: "aro-nomination", form: FormFile(fields: typed.fields), by: fixture.bob)
        } throws: { error in
            let issues = (error as? RequestError)?.issues ?? []
            let found = Set(issues.map { "\($0.code.rawValue) \($0.field?.description ?? "")" })
            return found == [
                "field.control-character fields.nomineeName", "field.choice fields.scopes[1]",
                "field.format fields.dateOfBirth",
                "field.required fields.nomineeJobTitle",
            ]
        }
    }
}
