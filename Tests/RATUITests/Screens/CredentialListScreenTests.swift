import Foundation
import SnapshotTesting
import Testing

@testable import RAPPModel
@testable import RATUI

/// The credentials list's filters: every state, active only, expiring within days the operator
/// types (expired included), and dormant for the rules file's period; each says what it shows and
/// what it does when nothing matches. The sample's one credential (Fay Lee's) expires 2028-11-22.
@Suite struct CredentialListScreenTests {
    /// Seven weeks before the sample credential expires.
    static let beforeExpiry = Date(timeIntervalSince1970: 1_853_971_200)  // 2028-10-01 00:00 UTC

    /// Long enough after the sample was made for its credential to be dormant under the rules file.
    static func afterDormancy(_ sample: RequestSample) -> Date {
        Date().addingTimeInterval(Double(sample.test.library.rules.credentialLife.dormantAfterDays + 30) * 86_400)
    }

    func list(_ driver: AppDriver) throws -> CredentialListScreen {
        try #require(driver.app.top(CredentialListScreen.self))
    }

    func open(_ sample: RequestSample, now: Date, width: Int = 80, height: Int = 24, theme: Theme = .standard)
        -> AppDriver
    {
        var driver = sample.driver(sample.bob, theme, width: width, height: height, now: now)
        driver.press(.character("c"))
        return driver
    }

    @Test func theFixedTimeIsSevenWeeksBeforeTheSampleExpiry() {
        #expect(Timestamp.format(Self.beforeExpiry).hasPrefix("2028-10-01"))
    }

    @Test("e asks for days, 90 first; Enter shows active credentials expiring within them with their expiry date")
    func expiringWithinTypedDays() throws {
        let sample = try RequestSample.make()
        var driver = open(sample, now: Self.beforeExpiry)
        driver.press(.character("e"))
        var screen = try list(driver)
        #expect(screen.daysLine?.text == "90")
        #expect(screen.filter == .every, "nothing changes until Enter")
        #expect(driver.app.view().text.contains("Expiring within days: 90"))
        driver.press(.enter)
        screen = try list(driver)
        #expect(screen.filter == .expiring(days: 90))
        #expect(screen.daysLine == nil)
        #expect(screen.rows.map(\.credential.holder.name) == ["Fay Lee"])
        let text = driver.app.view().text
        #expect(text.contains("Credentials: expiring within 90 days"))
        #expect(text.contains("Expires"))
        #expect(text.contains("2028-11-22"))
        #expect(text.contains("1 of 1"))

        // Thirty days do not reach 2028-11-22: the list says so.
        driver.press(.character("e"), .backspace, .backspace)
        driver.type("30")
        driver.press(.enter)
        screen = try list(driver)
        #expect(screen.filter == .expiring(days: 30))
        #expect(screen.expiringDays == 30)
        #expect(screen.rows.isEmpty)
        #expect(driver.app.view().text.contains("No credentials expire within 30 days."))

        // e again offers the days last typed; Esc keeps the list as it was.
        driver.press(.character("e"))
        #expect(try list(driver).daysLine?.text == "30")
        driver.press(.escape)
        screen = try list(driver)
        #expect(screen.daysLine == nil)
        #expect(screen.filter == .expiring(days: 30))

        // s goes back to every state.
        driver.press(.character("s"))
        #expect(try list(driver).filter == .every)
        #expect(try list(driver).rows.count == 1)
    }

    @Test(
        "days typed that are not a whole number from 0 to 36,500 are refused with credential.days, and the list stays",
        arguments: ["36501", "abc", "-1", "", "9 0", "1e3", "\u{0669}\u{0660}", "99999"])
    func badDaysAreRefused(typed: String) throws {
        let sample = try RequestSample.make()
        var driver = open(sample, now: Self.beforeExpiry)
        driver.press(.character("e"))
        for _ in 0..<2 { driver.press(.backspace) }
        driver.type(typed)
        driver.press(.enter)
        let screen = try list(driver)
        #expect(screen.filter == .every)
        #expect(screen.daysLine != nil, "the days stay open to be corrected")
        #expect(driver.app.view().text.contains("credential.days"))

        // Corrected, the list shows and the refusal goes.
        for _ in 0..<6 { driver.press(.backspace) }
        driver.type("1000")
        driver.press(.enter)
        #expect(try list(driver).filter == .expiring(days: 1000))
        #expect(!driver.app.view().text.contains("credential.days"))
    }

    @Test("d shows active credentials without activity for the rules file's period, with their last activity")
    func dormantForTheRulesPeriod() throws {
        let sample = try RequestSample.make()
        let days = sample.test.library.rules.credentialLife.dormantAfterDays
        var driver = open(sample, now: Self.afterDormancy(sample))
        driver.press(.character("d"))
        let screen = try list(driver)
        #expect(screen.filter == .dormant(days: days))
        #expect(screen.rows.map(\.credential.holder.name) == ["Fay Lee"])
        #expect(screen.rows.first?.lastActivity != nil)
        let text = driver.app.view().text
        #expect(text.contains("Credentials: dormant for \(days) days"))
        #expect(text.contains("Last activity"))
        #expect(text.contains("2028-11-22"))
        driver.press(.character("d"))
        #expect(try list(driver).filter == .every, "d again: every state")
    }

    @Test("a credential used within the dormant period is not dormant, and the list says none are")
    func nothingDormant() throws {
        let sample = try RequestSample.make()
        var driver = open(sample, now: Date())
        driver.press(.character("d"))
        #expect(try list(driver).rows.isEmpty)
        let days = sample.test.library.rules.credentialLife.dormantAfterDays
        #expect(driver.app.view().text.contains("No credentials have been dormant for \(days) days."))
    }

    @Test("an organisation's credentials offer no expiring or dormant filter: those list every organisation's")
    func organisationListHasNoFilters() throws {
        let sample = try RequestSample.make()
        var driver = sample.driver(
            sample.bob, start: CredentialListScreen(organisation: sample.organisations[0]), now: Self.beforeExpiry)
        driver.press(.character("e"), .character("d"))
        let screen = try list(driver)
        #expect(screen.filter == .every)
        #expect(screen.daysLine == nil)
        #expect(!driver.app.view().text.contains("e expiring"))
    }

    @Test("a full page asks for the next one, after the last id held, as the selection reaches it")
    func pagesByIndex() throws {
        let sample = try RequestSample.make()
        var driver = open(sample, now: Self.beforeExpiry)
        driver.press(.character("e"), .enter)
        var screen = try list(driver)
        let row = try #require(screen.rows.first)
        let full = Array(repeating: row, count: CredentialListScreen.pageSize)
        let environment = driver.app.environment
        (screen, _) = screen.update(
            .message(.page(filter: screen.filter, after: 0, .success(full))), environment: environment)
        #expect(!screen.complete)
        for _ in 0..<(CredentialListScreen.pageSize - 2) {
            (screen, _) = screen.update(.action(.moveDown), environment: environment)
        }
        let (_, output) = screen.update(.action(.moveDown), environment: environment)
        #expect(output.effects.map(\.description) == ["registry(credentials)"])
        // An answer for another filter, arriving late, changes nothing.
        let (late, _) = screen.update(
            .message(.page(filter: .every, after: 0, .success([]))), environment: environment)
        #expect(late.rows.count == CredentialListScreen.pageSize)
    }

    // MARK: Snapshots

    func check(
        _ name: String, now: (RequestSample) -> Date, file: StaticString = #filePath, testName: String = #function,
        line: UInt = #line, steps: (inout AppDriver) -> Void
    ) throws {
        for (width, height) in ScreenSnapshotTests.sizes {
            for theme in ScreenSnapshotTests.themes {
                let sample = try RequestSample.make()
                var driver = open(sample, now: now(sample), width: width, height: height, theme: theme)
                steps(&driver)
                assertSnapshot(
                    of: driver.app.view(), as: .screen, named: "\(name)-\(width)x\(height)-\(theme.kind.rawValue)",
                    file: file, testName: testName, line: line)
            }
        }
    }

    @Test func snapshotExpiring() throws {
        try check("credentials-expiring", now: { _ in Self.beforeExpiry }, steps: { $0.press(.character("e"), .enter) })
    }

    @Test func snapshotExpiringDays() throws {
        try check("credentials-expiring-days", now: { _ in Self.beforeExpiry }, steps: { $0.press(.character("e")) })
    }

    @Test func snapshotDormant() throws {
        try check("credentials-dormant", now: Self.afterDormancy) { $0.press(.character("d")) }
    }
}
