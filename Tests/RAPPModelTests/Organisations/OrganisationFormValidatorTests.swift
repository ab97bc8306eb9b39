import Foundation
import Testing

@testable import RAPPModel

@Suite("A1 rules (RAPP 5.1, SEC H1.5)")
struct OrganisationFormValidatorTests {
    struct FormVector: Decodable, CustomTestStringConvertible {
        struct Row: Decodable { let role, first, last: String }
        let about: String
        let userRoleRanges: [Row]
        let errors: [String]
        let warnings: [String]?
        var testDescription: String { about }
    }

    static let publicVectors: [FormVector] = {
        struct File: Decodable { let forms: [FormVector] }
        return try! JSONDecoder().decode(File.self, from: Fixtures.data("eui64-public-vectors.json")).forms
    }()

    func validate(_ form: OrganisationInformationForm, registry: (any RangeOwnershipLookup)? = nil) throws
        -> ValidationReport
    {
        try Fixtures.validator.validate(form, registry: registry)
    }

    @Test("every public form vector reports exactly its error codes, and its warnings", arguments: publicVectors)
    func publicVector(_ vector: FormVector) throws {
        let report = try validate(Fixtures.form(vector.userRoleRanges.map { ($0.role, $0.first, $0.last) }))
        #expect(Set(report.errors.map(\.code.rawValue)) == Set(vector.errors))
        if let warnings = vector.warnings {
            #expect(Set(warnings).isSubset(of: Set(report.warnings.map(\.code.rawValue))))
        }
    }

    @Test("a complete, consistent form is valid")
    func valid() throws {
        let report = try validate(
            Fixtures.form([
                ("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                ("export-supplier", "90-B3-D5-1F-30-02-00-00", "90-B3-D5-1F-30-02-FF-FF"),
            ]))
        #expect(report.isValid)
        #expect(report.warnings.isEmpty)
    }

    @Test("an unknown role is named with its field")
    func unknownRole() throws {
        let report = try validate(
            Fixtures.form([("meter-reader", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]))
        #expect(report.errors.map(\.code) == [.roleUnknown])
        #expect(report.errors.first?.field == "userRoleRanges[0].role")
    }

    @Test("two ranges for one role are not continuous")
    func notContinuous() throws {
        let report = try validate(
            Fixtures.form([
                ("other-user", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-00-FF"),
                ("other-user", "90-B3-D5-1F-30-01-10-00", "90-B3-D5-1F-30-01-10-FF"),
            ]))
        #expect(report.errors.map(\.code) == [.rangeNotContinuous])
        #expect(report.errors.first?.field == "userRoleRanges[1].role")
    }

    @Test("a second row for a role is still checked against the other roles, and says which cell is wrong")
    func everyRowEveryCheck() throws {
        let report = try validate(
            Fixtures.form([
                ("other-user", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-00-FF"),
                ("other-user", "90-B3-D5-1F-30-02-00-00", "90-B3-D5-1F-30-02-00-FF"),
                ("gas-supplier", "90-B3-D5-1F-30-02-00-80", "90-B3-D5-1F-30-02-00-FF"),
                ("import-supplier", "", "90-B3-D5-1F-30-01-FF-FE-00"),
            ]))
        #expect(
            Set(report.errors.map { "\($0.code) \($0.field!)" }) == [
                "range.not-continuous userRoleRanges[1].role",
                "range.overlaps-role userRoleRanges[2].first",
                "eui64.length userRoleRanges[3].first",
                "eui64.length userRoleRanges[3].last",
            ])
        let cells = report.errors.filter { $0.code == .eui64Length }.map(\.message)
        #expect(cells[0].hasPrefix("The first identifier is missing"))
        #expect(cells[1].hasPrefix("The last identifier \"90-B3-D5-1F-30-01-FF-FE-00\" has 18 hex digits"))
    }

    @Test("reserved endpoints and reserved interiors are errors on the right field")
    func reserved() throws {
        let endpoint = try validate(
            Fixtures.form([("other-user", "00-1B-77-FF-FE-00-00-00", "00-1B-77-FF-FF-00-00-00")]))
        #expect(endpoint.errors.map(\.code) == [.eui64Reserved, .eui64Reserved])
        #expect(endpoint.errors.map(\.field) == ["userRoleRanges[0].first", "userRoleRanges[0].last"])
        let interior = try validate(
            Fixtures.form([("other-user", "00-1B-77-FF-FD-FF-FF-FF", "00-1B-78-00-00-00-00-00")]))
        #expect(interior.errors.map(\.code) == [.rangeContainsReserved])
    }

    @Test("ranges may share only as the sharing pairs allow, and only where they overlap")
    func sharing() throws {
        let allowed = try validate(
            Fixtures.form([
                ("electricity-distributor", "90-B3-D5-1F-30-04-00-00", "90-B3-D5-1F-30-04-FF-FF"),
                ("gas-transporter", "90-B3-D5-1F-30-04-80-00", "90-B3-D5-1F-30-05-00-00"),
            ]))
        #expect(allowed.isValid)
        let refused = try validate(
            Fixtures.form([
                ("electricity-distributor", "90-B3-D5-1F-30-04-00-00", "90-B3-D5-1F-30-04-FF-FF"),
                ("gas-supplier", "90-B3-D5-1F-30-04-FF-FF", "90-B3-D5-1F-30-05-00-00"),
            ]))
        #expect(refused.errors.map(\.code) == [.rangeOverlapsRole])
        #expect(refused.errors.first?.isSiteRule == true)
        #expect(refused.errors.first?.field == "userRoleRanges[1].first")
    }

    @Test("warnings for the group and local bits do not block")
    func warnings() throws {
        let report = try validate(Fixtures.form([("other-user", "03-00-00-00-00-00-00-00", "03-00-00-00-00-00-FF-FF")]))
        #expect(report.isValid)
        #expect(Set(report.warnings.map(\.code)) == [.eui64GroupBit, .eui64LocalBit])
        #expect(report.warnings.allSatisfy { $0.isSiteRule })
    }

    @Test("a range across OUIs is warned of, besides the reserved values it must then contain")
    func acrossOUIs() throws {
        let report = try validate(Fixtures.form([("other-user", "90-B3-D5-FF-FD-00-00-00", "90-B3-D6-00-00-00-00-10")]))
        #expect(report.errors.map(\.code) == [.rangeContainsReserved])
        #expect(report.warnings.map(\.code) == [.rangeSpansOUI])
    }

    @Test("no ranges at all is an error")
    func missing() throws {
        let report = try validate(Fixtures.form([]))
        #expect(report.errors.map(\.code) == [.rangeMissing])
    }

    @Test("endpoint parse errors carry the row's field and role")
    func endpointErrors() throws {
        let report = try validate(Fixtures.form([("gas-supplier", "90B3D51F3001000G", "90-B3-D5")]))
        #expect(report.errors.map(\.code) == [.eui64Character, .eui64Length])
        #expect(report.errors.map(\.field) == ["userRoleRanges[0].first", "userRoleRanges[0].last"])
        #expect(report.errors.allSatisfy { $0.role == "gas-supplier" })
    }

    @Test("organisation fields: required, length, format, real dates, control characters")
    func fields() throws {
        var form = Fixtures.form([("other-user", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")])
        form.fields["legalName"] = "   "
        form.fields["companyNumber"] = "1234"
        form.fields["contactEmail"] = "not-an-email"
        form.fields["dateSigned"] = "2026-02-30"
        form.fields["sroName"] = "Bob\u{1B}]0;owned\u{7}"
        form.fields["registeredAddress"] = String(repeating: "x", count: 100_000)
        form.fields.removeValue(forKey: "secPartyId")
        let report = try validate(form)
        let byField = Dictionary(grouping: report.errors, by: { $0.field ?? "" }).mapValues { $0.map(\.code.rawValue) }
        #expect(
            byField == [
                "organisation.legalName": ["field.required"],
                "organisation.companyNumber": ["field.format"],
                "organisation.contactEmail": ["field.format"],
                "organisation.dateSigned": ["field.format"],
                "organisation.sroName": ["field.control-character"],
                "organisation.registeredAddress": ["field.too-long"],
                "organisation.secPartyId": ["field.required"],
            ])
        #expect(
            report.errors.allSatisfy {
                $0.message.count < 400 && !$0.message.unicodeScalars.contains { VisibleText.isControl($0) }
            })
    }

    @Test(
        "an invisible or format character is refused in any field, multi-line too, with a message naming it",
        arguments: VisibleTextTests.invisible + VisibleTextTests.formatSample)
    func invisibleCharacters(_ scalar: Unicode.Scalar) throws {
        var form = Fixtures.form([("other-user", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")])
        form.fields["legalName"] = "Northwind\(Character(scalar))Energy Ltd"
        form.fields["registeredAddress"] = "1 High Street\nLeeds\(Character(scalar))\nLS1 1AA"
        let report = try validate(form)
        #expect(report.errors.map(\.code) == [.fieldControlCharacter, .fieldControlCharacter])
        #expect(report.errors.allSatisfy { $0.message.contains(VisibleText.describe(scalar)) })
        #expect(report.errors.allSatisfy { !$0.message.unicodeScalars.contains(where: VisibleText.mustEscape) })
        let typed = Fixtures.validator.validate(field: "contactName", value: "Jo\(Character(scalar))Bloggs")
        #expect(typed.map(\.code) == [.fieldControlCharacter], "a field checked as it is left, as the terminal UI does")
    }

    @Test("a huge field of invisible characters gets one short issue")
    func hugeInvisibleField() throws {
        var form = Fixtures.form([("other-user", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")])
        form.fields["contactName"] = "Jo" + String(repeating: "\u{200B}\u{E0041}", count: 500_000)
        let report = try validate(form)
        #expect(report.errors.map(\.code) == [.fieldControlCharacter])
        #expect(report.errors.allSatisfy { $0.message.count < 400 })
    }

    @Test(
        "line breaks are allowed in a multi-line field only",
        arguments: [("registeredAddress", true), ("legalName", false)])
    func lineBreaks(_ field: String, _ allowed: Bool) {
        let issues = Fixtures.validator.validate(field: field, value: "First line\nSecond line")
        #expect(issues.isEmpty == allowed)
    }

    @Test(
        "real calendar dates only",
        arguments: [
            ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
            ("2026-13-01", false), ("2026-04-31", false), ("26-04-01", false), ("2026-4-01", false),
            ("２０２６-04-01", false),
        ])
    func dates(_ text: String, _ valid: Bool) {
        #expect(Timestamp.isCalendarDate(text) == valid)
    }

    @Test("a site can turn a warning into an error or off through the rules file")
    func siteSettings() throws {
        let folder = Fixtures.temporaryFolder()
        for (name, data) in FormLibrary.builtInFiles(in: "Forms") {
            var text = String(decoding: data, as: UTF8.self)
            if name == "rules.json" {
                text = text.replacingOccurrences(
                    of: """
                        "range.spans-oui": {
                              "severity": "warning"
                        """,
                    with: """
                        "range.spans-oui": {
                              "severity": "error"
                        """)
                text = text.replacingOccurrences(
                    of: """
                        "eui64.local-bit": {
                              "severity": "warning"
                        """,
                    with: """
                        "eui64.local-bit": {
                              "severity": "off"
                        """)
            }
            let url = folder.appending(path: name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let library = try FormLibrary.load(directory: folder)
        #expect(library.rules.setting(.rangeSpansOUI) == .error)
        let report = try OrganisationFormValidator(library: library).validate(
            Fixtures.form([("other-user", "02-00-00-00-00-00-00-00", "02-00-01-00-00-00-00-00")]), registry: nil)
        #expect(Set(report.errors.map(\.code)) == [.rangeSpansOUI, .rangeContainsReserved])
        #expect(report.warnings.isEmpty, "the local bit warning is off")
    }
}
