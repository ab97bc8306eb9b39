import Testing

@testable import RAPPModel
@testable import RATUI

/// The status line tells the truth now: a message belongs to its screen, a check rewrites it,
/// and a message too long for the line can be read whole.
@Suite struct StatusLineTests {
    @Test func aMessageDoesNotFollowToAnotherScreen() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("t"), .pageUp)
        #expect(driver.app.status == .info("That is the latest event."))
        driver.press(.escape)
        #expect(driver.app.top is HomeScreen)
        #expect(driver.app.status == nil)
    }

    @Test func aSubmitSummaryIsRewrittenOnceTheErrorsAreFixed() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.fillValidFields(legalName: "Fixed Later Ltd")
        driver.press(.enter, .enter, .tab)
        driver.type("90-B3-D5-50-00-00-00-00")
        driver.press(.control("s"))
        #expect(
            driver.app.status?.text.hasPrefix("1 error; first: eui64.length: The last identifier is missing") == true)
        driver.press(.tab)
        driver.type("90-B3-D5-50-00-00-FF-FF")
        driver.press(.backTab)
        #expect(driver.app.status == nil, "the check after the fix found nothing: the old summary goes")
    }

    @Test func changingARowsRoleReChecksItAtOnce() throws {
        let test = try TestRegistry()
        var driver = test.driver()
        driver.press(.character("n"))
        driver.fillValidFields(legalName: "Two Rows Ltd")
        driver.press(.enter, .enter, .tab)
        driver.type("90-B3-D5-50-00-00-00-00")
        driver.press(.tab)
        driver.type("90-B3-D5-50-00-00-FF-FF")
        driver.press(.control("n"), .enter, .enter, .tab)  // Import Supplier again
        driver.type("90-B3-D5-60-00-00-00-00")
        driver.press(.tab)
        driver.type("90-B3-D5-60-00-00-FF-FF")
        driver.press(.backTab, .backTab)
        guard let screen = driver.app.top(FormScreen.self) else {
            Issue.record("left the form")
            return
        }
        #expect(screen.editor.issues.map(\.code) == [.rangeNotContinuous])
        // Another role from the list, by type-ahead: the old error goes without leaving the cell.
        driver.press(.enter, .character("e"), .enter)
        let after = try #require(driver.app.top(FormScreen.self))
        #expect(after.editor.rows[1].role == "export-supplier")
        #expect(after.editor.focus == .range(row: 1, column: .role), "choosing does not move on")
        #expect(after.editor.issues.isEmpty)
        #expect(driver.app.status == nil)
    }

    @Test func ctrlRShowsACutOffMessageWholeAndOnlyThen() throws {
        let test = try TestRegistry()
        var driver = try test.driver(as: "auditor")
        #expect(!driver.app.keyContexts.contexts.contains(.statusCutOff))
        driver.press(.character("n"))
        #expect(driver.app.statusIsCutOff)
        driver.press(.control("r"))
        guard case .message(let message) = driver.app.overlay else {
            Issue.record("no message")
            return
        }
        #expect(message.text == test.environment().withRoles(["auditor"]).refusal(.organisationSubmit))
        driver.press(.escape)
        #expect(driver.app.overlay == nil)
    }
}

extension AppEnvironment {
    /// The environment as the app keeps it for an operator with `roles`.
    func withRoles(_ roles: [String]) -> AppEnvironment {
        var copy = self
        copy.operatorRoles = roles
        return copy
    }
}
