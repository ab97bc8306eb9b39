import Foundation
import Testing

@testable import RAPPModel
@testable import RATUI

/// Another operator's change shows on the open screen at the next idle tick, without a key.
@Suite
struct LiveRefreshTests {
    /// The registry opened a second time: another process's connection, as another operator.
    func otherConnection(_ test: TestRegistry) throws -> (Registry, OperatorSession) {
        let other = try Registry.open(path: test.registry.path, create: false)
        let session = try other.signIn(name: "tester", passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        return (other, session)
    }

    @Test func anOrganisationStoredElsewhereAppearsOnTheOpenListAtTheNextTick() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = test.driver()
        driver.press(.character("o"))
        driver.tick()
        #expect(driver.app.top(OrganisationListScreen.self)?.total == 4)
        let (other, session) = try otherConnection(test)
        _ = try other.submit(
            TestRegistry.form(
                name: "Arrived Meanwhile Ltd",
                ranges: [("other-user", "90-B3-D5-77-00-00-00-00", "90-B3-D5-77-00-00-00-FF")]), by: session)
        #expect(driver.app.top(OrganisationListScreen.self)?.total == 4, "nothing read before the tick")
        driver.tick()
        #expect(driver.app.top(OrganisationListScreen.self)?.total == 5)
        #expect(driver.app.view().text.contains("Arrived Meanwhile Ltd"))
    }

    @Test func theOpenAuditTrailShowsTheNewEventAndHomeItsCounts() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = test.driver()
        driver.tick()
        let (other, session) = try otherConnection(test)
        _ = try other.submit(
            TestRegistry.form(
                name: "Counted Ltd", ranges: [("other-user", "90-B3-D5-78-00-00-00-00", "90-B3-D5-78-00-00-00-FF")]),
            by: session)
        driver.tick()
        #expect(driver.app.top(HomeScreen.self)?.organisations == 5)
        driver.press(.character("t"))
        driver.tick()
        let head = driver.app.top(AuditScreen.self)?.events.first?.sequence
        _ = try other.submit(
            TestRegistry.form(
                name: "Logged Ltd", ranges: [("other-user", "90-B3-D5-79-00-00-00-00", "90-B3-D5-79-00-00-00-FF")]),
            by: session)
        driver.tick()
        #expect(driver.app.top(AuditScreen.self)?.events.first?.sequence == head.map { $0 + 1 })
    }

    /// The version is read before the first screen reads, not at the first tick: a change
    /// committed before any tick is still caught.
    @Test func aChangeBeforeTheFirstTickIsStillShown() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = test.driver()
        driver.press(.character("o"))
        let (other, session) = try otherConnection(test)
        _ = try other.submit(
            TestRegistry.form(
                name: "Early Bird Ltd", ranges: [("other-user", "90-B3-D5-7B-00-00-00-00", "90-B3-D5-7B-00-00-00-FF")]),
            by: session)
        driver.tick()
        #expect(driver.app.top(OrganisationListScreen.self)?.total == 5)
    }

    @Test func ourOwnWritesAndAnUnchangedRegistryReadNothingAgain() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = test.driver()
        driver.tick()
        let version = driver.app.dataVersion
        #expect(version != nil)
        _ = try test.registry.submit(
            TestRegistry.form(
                name: "Ours Ltd", ranges: [("other-user", "90-B3-D5-7A-00-00-00-00", "90-B3-D5-7A-00-00-00-FF")]),
            by: test.session)
        driver.tick()
        #expect(driver.app.dataVersion == version, "this registry's own writes do not change its data version")
    }
}
