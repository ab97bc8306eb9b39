import Testing

@testable import RAPPModel
@testable import RATUI

/// The A1 form driven key by key against a real registry, as an operator would use it.
@Suite struct FormScreenTests {
    func form(_ driver: AppDriver) -> FormScreen? {
        if let screen = driver.app.top(FormScreen.self) { return screen }
        return nil
    }

    @Test func passingOverAnEmptyFieldIsNoErrorUntilItIsTypedInOrTheFormIsSubmitted() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"), .tab, .tab, .tab)
        var screen = try #require(form(driver))
        #expect(screen.editor.issues.isEmpty, "nothing typed yet: nothing wrong yet")
        #expect(driver.app.status == nil)

        // Typed in and erased, leaving it shows the validator's error, beside it and below.
        driver.type("x")
        driver.press(.backspace, .tab)
        screen = try #require(form(driver))
        #expect(screen.editor.issues == registry.validator.validate(field: "secPartyId", value: ""))
        #expect(driver.app.status?.text.contains("field.required") == true)

        // Fixed, the status line no longer says so.
        driver.press(.backTab)
        driver.type("SECP-1")
        driver.press(.tab)
        #expect(try #require(form(driver)).editor.issues.isEmpty)
        #expect(driver.app.status == nil)

        // Submit checks every field, empty ones included.
        driver.press(.control("s"))
        screen = try #require(form(driver))
        #expect(screen.editor.issues.contains { $0.code == .fieldRequired && $0.field == "organisation.legalName" })
    }

    @Test func anOverLongValueIsKeptAndRefusedNeverCutIntoAnotherValue() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"), .tab)
        driver.type("0123456789")
        var screen = try #require(form(driver))
        #expect(screen.editor.fields["companyNumber"]?.text == "0123456789")
        driver.press(.tab)
        screen = try #require(form(driver))
        #expect(screen.editor.issues.map(\.code) == [.fieldTooLong])

        // An identifier one octet too long stays as typed and is refused by its length.
        driver.press(.control("n"), .enter, .enter, .tab)
        driver.type("90-B3-D5-1F-30-01-FF-FE-00")
        driver.press(.tab)
        screen = try #require(form(driver))
        #expect(screen.editor.rows[1].first.text == "90-B3-D5-1F-30-01-FF-FE-00")
        let issues = screen.editor.issues.filter { $0.field == "userRoleRanges[1].first" }
        #expect(issues.map(\.code) == [.eui64Length])
        #expect(issues.first?.message.hasPrefix("The first identifier") == true)
        #expect(
            !screen.editor.issues.contains { $0.field == "userRoleRanges[1].last" },
            "the last identifier was not typed in yet")
    }

    @Test func aConflictIsShownThenFixedThenStored() throws {
        let registry = try TestRegistry()
        let other = try registry.store(
            "Existing Supply Ltd", [("import-supplier", "90-B3-D5-10-00-00-00-00", "90-B3-D5-10-FF-FF-FF-FF")])
        var driver = registry.driver()
        driver.press(.character("n"))
        driver.fillValidFields(legalName: "Newcomer Energy Ltd")
        driver.press(.enter, .enter, .tab)  // choose from the role list (Import Supplier is first), then on
        driver.type("90-B3-D5-10-80-00-00-00")
        driver.press(.tab)
        driver.type("90-B3-D5-11-00-00-00-00")
        driver.press(.control("s"))

        var screen = try #require(form(driver))
        let cliReport = try registry.validator.validate(screen.form, registry: registry.registry)
        #expect(screen.editor.issues == cliReport.errors + cliReport.warnings)
        #expect(screen.editor.issues.map(\.code) == [.rangeOverlapsOrganisation])
        #expect(screen.editor.issues.first?.conflict?.organisationID == other)
        #expect(driver.app.status?.kind == .error)
        #expect(driver.app.status?.text.contains("range.overlaps-organisation") == true)
        #expect(screen.nearby.contains { $0.organisationID == other })
        #expect(screen.editor.focus == .range(row: 0, column: .first))

        // Fix the range: start after the other organisation's.
        driver.press(.control("u"))
        driver.type("90-B3-D5-11-00-00-00-00")
        driver.press(.tab, .control("u"))
        driver.type("90-B3-D5-11-FF-FF-FF-FF")
        driver.press(.control("s"))
        guard case .dialog(let dialog) = driver.app.overlay else {
            Issue.record("expected the submit confirmation")
            return
        }
        guard case .storeConfirmed? = dialog.onConfirm.screenMessage(FormScreen.Message.self) else {
            Issue.record("the dialog does not store when confirmed")
            return
        }
        #expect(!dialog.confirmHighlighted)

        // Enter on the default (safe) button stores nothing.
        driver.press(.enter)
        #expect(try registry.registry.counts().organisations == 1)
        screen = try #require(form(driver))
        #expect(screen.hasUnsavedChanges)

        driver.press(.control("s"), .tab, .enter)
        #expect(try registry.registry.counts().organisations == 2)
        guard let stored = driver.app.top(OrganisationScreen.self) else {
            Issue.record("expected the stored organisation on screen")
            return
        }
        let version = try #require(try registry.registry.organisation(stored.id))
        #expect(version.name == "Newcomer Energy Ltd")
        #expect(version.ranges.map(\.range.first.canonical) == ["90-B3-D5-11-00-00-00-00"])
        #expect(driver.app.status == .success("Stored organisation \(stored.id), version 1."))
    }

    @Test func leavingAChangedFormAsksFirstAndKeepsEditingByDefault() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"))
        driver.type("Half-typed Ltd")
        driver.press(.escape)
        guard case .dialog(let dialog) = driver.app.overlay else {
            Issue.record("expected the unsaved-changes question")
            return
        }
        guard case .leaveConfirmed? = dialog.onConfirm.screenMessage(FormScreen.Message.self) else {
            Issue.record("the dialog does not leave when confirmed")
            return
        }
        driver.press(.enter)
        #expect(form(driver)?.editor.fields["legalName"]?.text == "Half-typed Ltd")
        driver.press(.escape, .tab, .enter)
        guard driver.app.top is HomeScreen else {
            Issue.record("expected Home after discarding")
            return
        }
    }

    @Test func anUnchangedFormIsLeftWithoutAQuestion() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"), .escape)
        #expect(driver.app.overlay == nil)
        guard driver.app.top is HomeScreen else {
            Issue.record("expected Home")
            return
        }
    }

    @Test func quittingWithUnsavedChangesAsksFirst() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"))
        driver.type("A")
        driver.press(.control("c"))
        #expect(!driver.finished)
        driver.press(.escape)
        #expect(!driver.finished)
        driver.press(.control("c"), .right, .enter)
        #expect(driver.finished)
    }

    @Test func resizingMidEditLosesNothing() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"))
        driver.type("Acme")
        driver.send(.resize(width: 60, height: 20))
        #expect(driver.app.view().text.contains("Terminal too small"))
        driver.type("zzz")  // nothing visible: keys are ignored, not misapplied
        driver.send(.resize(width: 100, height: 30))
        driver.type(" Ltd")
        #expect(form(driver)?.editor.fields["legalName"]?.text == "Acme Ltd")
        #expect(driver.app.view().text.contains("Acme Ltd"))
    }

    @Test func amendingStoresANewVersion() throws {
        let registry = try TestRegistry()
        let id = try registry.store(
            "Old Name Ltd", [("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF")])
        var driver = registry.driver()
        driver.press(.character("o"), .enter, .character("a"))
        driver.press(.control("u"))
        driver.type("New Name Ltd")
        driver.press(.control("s"), .tab, .enter)
        let history = try registry.registry.history(of: id)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.last?.name == "New Name Ltd")
        guard let screen = driver.app.top(OrganisationScreen.self) else {
            Issue.record("expected to be back on the organisation")
            return
        }
        #expect(screen.versions.count == 2)
        driver.press(.left)
        #expect(driver.app.view().text.contains("Version 1 of 2 (superseded)"))
    }

    @Test func amendingAVersionSupersededMeanwhileIsRefusedAndOffersTheNewer() throws {
        let registry = try TestRegistry()
        let id = try registry.store(
            "Old Name Ltd", [("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF")])
        var driver = registry.driver()
        driver.press(.character("o"), .enter, .character("a"))
        #expect(form(driver)?.amending == Amendment(organisation: id, version: 1))
        // Someone else stores version 2 while this form is open.
        _ = try registry.store(
            "Other Edit Ltd", [("gas-supplier", "90-B3-D5-20-00-00-00-00", "90-B3-D5-20-00-FF-FF-FF")],
            amending: Amendment(organisation: id, version: 1))
        driver.press(.control("u"))
        driver.type("New Name Ltd")
        driver.press(.control("s"), .tab, .enter)
        #expect(
            try registry.registry.history(of: id).map(\.name) == ["Old Name Ltd", "Other Edit Ltd"],
            "nothing overwritten")
        #expect(driver.app.status?.kind == .error)
        #expect(driver.app.status?.text.contains("is at version 2, stored by \"tester\"") == true)
        #expect(driver.app.view().text.contains("Changed since you opened it"))
        #expect(form(driver)?.editor.fields["legalName"]?.text == "New Name Ltd", "the form is kept as typed")
        driver.press(.tab, .enter)  // Show the newer version
        let screen = try #require(driver.app.top(OrganisationScreen.self))
        #expect(screen.versions.last?.name == "Other Edit Ltd")
        #expect(driver.app.view().text.contains("Version 2 of 2 (current)"))
        driver.press(.escape)
        #expect(form(driver)?.editor.fields["legalName"]?.text == "New Name Ltd", "back on the form, as left")
    }

    @Test func rangeRowsAreAddedAndRemoved() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"), .control("n"))
        #expect(form(driver)?.editor.rows.count == 2)
        #expect(form(driver)?.editor.focus == .range(row: 1, column: .role))
        driver.press(.control("x"))
        #expect(form(driver)?.editor.rows.count == 1, "an empty row goes at once")

        // A row holding anything goes only after a yes; the default keeps it.
        driver.press(.control("n"), .enter, .enter)
        driver.press(.control("x"))
        guard case .dialog = driver.app.overlay else {
            Issue.record("expected the question")
            return
        }
        driver.press(.enter)
        #expect(form(driver)?.editor.rows.count == 2)
        driver.press(.control("x"), .character("r"))
        #expect(form(driver)?.editor.rows.count == 1, "r is the Remove row button's letter")
    }

    @Test func whoisOpensOverTheFormAndKeepsIt() throws {
        let registry = try TestRegistry()
        let id = try registry.store(
            "Holder Ltd", [("other-user", "90-B3-D5-30-00-00-00-00", "90-B3-D5-30-00-00-FF-FF")])
        var driver = registry.driver()
        driver.press(.character("n"))
        driver.type("Typed")
        driver.press(.function(2))
        driver.type("90b3d53000000001")
        driver.press(.enter)
        guard case .whois(let panel) = driver.app.overlay else {
            Issue.record("expected the whois panel")
            return
        }
        #expect(panel.owners.map(\.organisationID) == [id])
        driver.press(.escape)
        #expect(form(driver)?.editor.fields["legalName"]?.text == "Typed")
    }
}

extension FormScreenTests {
    @Test func theAddressTakesSeveralLinesAndUpDownMoveWithinIt() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.character("n"), .tab, .tab)
        #expect(form(driver)?.editor.focus == .field("registeredAddress"))
        driver.type("1 Dock Road")
        driver.press(.enter)
        driver.type("Hull")
        driver.press(.up)
        #expect(form(driver)?.editor.focus == .field("registeredAddress"))
        #expect(form(driver)?.editor.fields["registeredAddress"]?.position.line == 0)
        driver.press(.down, .down)
        #expect(form(driver)?.editor.focus == .field("secPartyId"))
        #expect(form(driver)?.editor.fields["registeredAddress"]?.text == "1 Dock Road\nHull")
        #expect(driver.app.view().text.contains("Hull"))
    }
}

extension FormScreenTests {
    @Test func enterAgainInWhoisOpensTheHolder() throws {
        let registry = try TestRegistry()
        let id = try registry.store(
            "Holder Ltd", [("other-user", "90-B3-D5-30-00-00-00-00", "90-B3-D5-30-00-00-FF-FF")])
        var driver = registry.driver()
        driver.press(.function(2))
        driver.type("90-B3-D5-30-00-00-00-10")
        driver.press(.enter, .enter)
        #expect(driver.app.overlay == nil)
        guard let screen = driver.app.top(OrganisationScreen.self) else {
            Issue.record("expected the holder's organisation")
            return
        }
        #expect(screen.id == id)
    }

    @Test func aMalformedIdentifierInWhoisShowsTheParsersError() throws {
        let registry = try TestRegistry()
        var driver = registry.driver()
        driver.press(.function(2))
        driver.type("90-B3-D5")
        driver.press(.enter)
        guard case .whois(let panel) = driver.app.overlay else {
            Issue.record("expected the whois panel")
            return
        }
        #expect(panel.problem?.code == .eui64Length)
        #expect(driver.app.view().text.contains("eui64.length"))
    }
}
