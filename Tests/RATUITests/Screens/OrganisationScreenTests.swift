import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// The organisation screen as an operator reads it: scrolled by page with its version line kept,
/// what each version changed and who stored it, and amendments that change nothing refused.
@Suite
struct OrganisationScreenTests {
    func amended() throws -> (TestRegistry, Int64) {
        let test = try TestRegistry()
        let id = try test.store(
            "Old Name Ltd", [("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF")])
        _ = try test.registry.addOperator(
            name: "alice", roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, by: test.session,
            hasher: TestRegistry.hasher)
        let alice = try test.registry.signIn(
            name: "alice", passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        var form = TestRegistry.form(
            name: "New Name Ltd",
            ranges: [
                ("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF"),
                ("other-user", "90-B3-D5-21-00-00-00-00", "90-B3-D5-21-00-00-00-FF"),
            ])
        form.fields["contactEmail"] = "new@example.org"
        _ = try test.registry.submit(form, amending: Amendment(organisation: id, version: 1), by: alice)
        return (test, id)
    }

    @Test func dShowsWhatTheVersionChangedAndWhoStoredEach() throws {
        let (test, _) = try amended()
        var driver = test.driver()
        driver.press(.character("o"), .enter)
        #expect(driver.app.view().text.contains("Version 2 of 2 (current), stored by alice at"))
        driver.press(.character("d"))
        let text = driver.app.view().text
        #expect(text.contains("Changes from version 1 (stored by tester at"))
        #expect(text.contains("- Old Name Ltd"))
        #expect(text.contains("+ New Name Ltd"))
        #expect(text.contains("+ new@example.org"))
        #expect(text.contains("+ Other User: 90-B3-D5-21-00-00-00-00 to 90-B3-D5-21-00-00-00-FF"))
        #expect(!text.contains("Company registration number"), "only what changed")
        driver.press(.left)
        #expect(driver.app.view().text.contains("The first version: nothing before it to compare."))
        driver.press(.character("d"))
        #expect(driver.app.view().text.contains("Company registration number"), "d again: the whole form")
    }

    @Test func theVersionLineStaysOnTopWhileTheFormScrollsByPage() throws {
        let (test, _) = try amended()
        var driver = test.driver()
        driver.press(.character("o"), .enter)
        let top = driver.app.view().text.split(separator: "\n")
        driver.press(.pageDown)
        let paged = driver.app.view().text.split(separator: "\n")
        #expect(paged[1].contains("Version 2 of 2 (current)"), "the version line, still on the first row")
        #expect(paged[2] != top[2], "the form moved beneath it")
        driver.press(.character("G"))
        let bottom = driver.app.view().text
        #expect(bottom.contains("Range map"))
        #expect(driver.app.view().text.split(separator: "\n")[1].contains("Version 2 of 2"))
        driver.press(.character("g"))
        #expect(driver.app.view().text.split(separator: "\n")[2] == top[2])
    }

    @Test func anAmendmentThatChangesNothingIsNotStoredAndTheDialogListsTheChanges() throws {
        let (test, id) = try amended()
        var driver = test.driver()
        driver.press(.character("o"), .enter, .character("a"))
        driver.press(.control("s"))
        #expect(
            driver.app.status?.text.hasPrefix(
                "organisation.unchanged: This amendment changes nothing in version 2 of organisation \(id)") == true)
        #expect(driver.app.overlay == nil, "no dialog: nothing to store")
        driver.press(.control("u"))
        driver.type("Newer Name Ltd")
        driver.press(.control("s"))
        let dialog = driver.app.view().text
        #expect(dialog.contains("Store this form?"))
        #expect(dialog.contains("Changed: Legal name"))
        driver.press(.tab, .enter)
        #expect(try test.registry.history(of: id).map(\.name) == ["Old Name Ltd", "New Name Ltd", "Newer Name Ltd"])
    }

    @Test func theChangesCompareIdentifiersAsValues() throws {
        let before = TestRegistry.form(
            name: "Same Ltd", ranges: [("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF")])
        let after = TestRegistry.form(
            name: "Same Ltd", ranges: [("gas-supplier", "90b3d52000000000", "90:b3:d5:20:00:ff:ff:ff")])
        #expect(OrganisationChanges(from: before, to: after).isEmpty)
        var emptied = after
        emptied.fields["contactPhone"] = ""
        let changes = OrganisationChanges(from: before, to: emptied)
        #expect(changes.fields.map(\.field) == ["contactPhone"])
        #expect(changes.fields.first?.after == "")
    }
}
