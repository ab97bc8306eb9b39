import Foundation
import Testing

@testable import RAPPModel

@Suite("Reading A1 form files")
struct OrganisationInformationFormTests {
    let definition = Fixtures.library.organisationForm

    func read(_ text: String) -> (OrganisationInformationForm, [ValidationIssue]) {
        let result = OrganisationInformationForm.read(Data(text.utf8), definition: definition)
        return (result.form, result.issues)
    }

    @Test("reads a well-formed file without issues, and writes it back the same")
    func wellFormed() throws {
        let form = Fixtures.form([("import-supplier", "90b3d51f30010000", "90-B3-D5-1F-30-01-FF-FF")])
        let text = form.jsonValue.serialized()
        let (read, issues) = self.read(text)
        #expect(issues.isEmpty)
        #expect(read == form)
    }

    @Test("reports unknown keys, missing keys and wrong types with their paths")
    func structure() {
        let (_, issues) = read(
            """
            {"form": "A7", "extra": 1, "organisation": {"legalName": 12, "nickname": "x"},
             "userRoleRanges": [{"role": "other-user", "first": "00", "colour": "red"}, 7]}
            """)
        let found = Set(issues.map { "\($0.code) \($0.field ?? "")" })
        #expect(
            found == [
                "form.kind form", "form.unknown-key extra", "form.type organisation.legalName",
                "form.unknown-key organisation.nickname", "form.unknown-key userRoleRanges[0].colour",
                "form.missing-key userRoleRanges[0].last", "form.type userRoleRanges[1]",
            ])
    }

    @Test(
        "rejects what is not a JSON object in words, never a crash",
        arguments: [
            "", "not json", "[]", "null", "{\"form\": \"A1\"", "\u{1B}[2J", String(repeating: "[", count: 10_000),
        ].map { Labelled($0.count > 40 ? "\($0.count) characters" : $0.debugDescription, $0) })
    func notAnObject(_ example: Labelled<String>) {
        let text = example.value
        let (_, issues) = read(text)
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { [.formSyntax, .formType].contains($0.code) })
    }

    @Test("rejects invalid UTF-8")
    func invalidUTF8() {
        let data = Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
        let (_, issues) = OrganisationInformationForm.read(data, definition: definition)
        #expect(issues.map(\.code) == [.formSyntax])
        #expect(issues.first?.message.contains("UTF-8") == true)
    }

    @Test("refuses a file over the size limit before parsing it")
    func tooLarge() {
        let data = Data(repeating: 0x20, count: OrganisationInformationForm.maximumFileSize + 1)
        let (_, issues) = OrganisationInformationForm.read(data, definition: definition)
        #expect(issues.map(\.code) == [.formTooLarge])
    }

    @Test("reads at most the row limit of User Role ranges")
    func tooManyRows() {
        let rows = Array(
            repeating: #"{"role":"other-user","first":"00","last":"00"}"#,
            count: OrganisationInformationForm.maximumRangeRows + 5)
        let (form, issues) = read(
            #"{"form":"A1","organisation":{},"userRoleRanges":[\#(rows.joined(separator: ","))]}"#)
        #expect(form.userRoleRanges.count == OrganisationInformationForm.maximumRangeRows)
        #expect(issues.map(\.code) == [.formTooLarge])
    }

    @Test("check reports a structural problem once, not again as a content problem")
    func checkDeduplicates() throws {
        let text =
            #"{"form":"A1","organisation":{"legalName":12},"userRoleRanges":[{"role":5,"first":"90-B3-D5-1F-30-01-00-00","last":"90-B3-D5-1F-30-01-00-01"}]}"#
        let report = try Fixtures.validator.check(Data(text.utf8), registry: nil).report
        let legalName = report.errors.filter { $0.field == "organisation.legalName" }
        #expect(legalName.map(\.code) == [.formType])
        let role = report.errors.filter { $0.field == "userRoleRanges[0].role" }
        #expect(role.map(\.code) == [.formType])
    }
}
