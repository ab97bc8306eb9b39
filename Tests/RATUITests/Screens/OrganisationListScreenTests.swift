import Testing

@testable import RAPPModel
@testable import RATUI

/// The organisation list reads pages by key and holds a bounded window, however long the list.
@Suite struct OrganisationListScreenTests {
    /// A registry of `count` organisations named "Org 000", "Org 001", ...
    static func registry(count: Int) throws -> TestRegistry {
        let test = try TestRegistry()
        for index in 0..<count {
            let block = String(format: "%02X-%02X", (index >> 8) & 0xFF, index & 0xFF)
            try test.store(
                String(format: "Org %03d", index),
                [("other-user", "90-B3-D5-\(block)-00-00-00", "90-B3-D5-\(block)-00-00-FF")])
        }
        return test
    }

    func list(_ driver: AppDriver) -> OrganisationListScreen? {
        if let screen = driver.app.top(OrganisationListScreen.self) { return screen }
        return nil
    }

    @Test func pagingReadsByKeyAndKeepsAWindow() throws {
        let registry = try Self.registry(count: 450)
        var driver = registry.driver()
        driver.press(.character("o"))
        var screen = try #require(list(driver))
        #expect(screen.total == 450)
        #expect(screen.rows.count == OrganisationListScreen.pageSize)
        for _ in 0..<40 { driver.press(.pageDown) }
        screen = try #require(list(driver))
        #expect(screen.selected == 449)
        #expect(screen.rows.count <= OrganisationListScreen.windowLimit)
        #expect(screen.selectedRow?.name == "Org 449")
        #expect(driver.app.view().text.contains("450 of 450"))
        driver.press(.home)
        screen = try #require(list(driver))
        #expect(screen.selectedRow?.name == "Org 000")
        driver.press(.end, .up)
        screen = try #require(list(driver))
        #expect(screen.selectedRow?.name == "Org 448")
        for _ in 0..<40 { driver.press(.pageUp) }
        screen = try #require(list(driver))
        #expect(screen.selected == 0)
        #expect(screen.selectedRow?.name == "Org 000")
        #expect(screen.firstIndex == 0)
    }

    @Test func searchFiltersByTheStartOfTheNameIgnoringCase() throws {
        let registry = try Self.registry(count: 130)
        var driver = registry.driver()
        driver.press(.character("o"), .character("/"))
        driver.type("org 1")
        var screen = try #require(list(driver))
        #expect(screen.total == 30)
        #expect(screen.selectedRow?.name == "Org 100")
        #expect(driver.app.view().text.contains("1 of 30 matching"))
        driver.press(.enter, .end)
        screen = try #require(list(driver))
        #expect(screen.selectedRow?.name == "Org 129")
        driver.press(.character("/"), .escape)
        screen = try #require(list(driver))
        #expect(screen.filter.text.isEmpty)
        #expect(screen.total == 130)
    }

    @Test func enterOpensTheOrganisation() throws {
        let registry = try Self.registry(count: 3)
        var driver = registry.driver()
        driver.press(.character("o"), .down, .enter)
        guard let screen = driver.app.top(OrganisationScreen.self) else {
            Issue.record("expected an organisation")
            return
        }
        #expect(screen.versions.last?.name == "Org 001")
        driver.press(.escape, .escape)
        guard let home = driver.app.top(HomeScreen.self) else {
            Issue.record("expected Home")
            return
        }
        #expect(home.organisations == 3)
    }
}
