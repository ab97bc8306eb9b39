import Foundation
import SnapshotTesting
import Testing

@testable import RAPPModel
@testable import RATUI

/// The outbox in the terminal: Home counts the open notifications beside `u`; the list shows who
/// each is for and how it goes, the highlighted one's text below; `h` marks one handled by hand
/// after a confirm dialog, through the model's `handleNotification` (audited). The sample's
/// active ARO nomination wrote one notification to Northwind's AROs.
@Suite struct NotificationListScreenTests {
    func open(_ sample: RequestSample, width: Int = 80, height: Int = 24, theme: Theme = .standard) -> AppDriver {
        var driver = sample.driver(sample.bob, theme, width: width, height: height)
        driver.press(.character("u"))
        return driver
    }

    @Test("Home counts the open notifications; u lists them with the highlighted message's text")
    func list() throws {
        let sample = try RequestSample.make()
        let home = sample.driver(sample.bob)
        #expect(home.app.view().text.contains("u  Outbox: notifications to send or deliver by hand (1)"))
        let driver = open(sample)
        let screen = try #require(driver.app.top(NotificationListScreen.self))
        #expect(screen.rows.map(\.recipientKind) == ["organisation-aros"])
        let text = driver.app.view().text
        #expect(text.contains("To: the AROs of organisation"))
        #expect(text.contains("<ann@northwind.example>") || text.contains("e-mail"))
        #expect(text.contains("1 of 1"))
    }

    @Test("h asks first, then marks the notification handled, audited; the list empties")
    func markHandled() throws {
        let sample = try RequestSample.make()
        var driver = open(sample)
        driver.press(.character("h"))
        #expect(driver.app.overlay != nil, "asks first")
        driver.press(.escape)
        #expect(try sample.test.registry.notification(1, by: sample.bob)?.state == .pending)
        driver.press(.character("h"), .tab, .enter)
        #expect(driver.app.status?.text == "Notification 1 marked handled.")
        #expect(try #require(driver.app.top(NotificationListScreen.self)).rows.isEmpty)
        #expect(driver.app.view().text.contains("Nothing to send or deliver."))
        let handled = try #require(try sample.test.registry.notification(1, by: sample.bob))
        #expect(handled.state == .handled && handled.stateByName == "bob")
        #expect(
            try sample.test.registry.auditEventCount(
                matching: AuditFilter(action: "notification.handled"), by: sample.test.session)
                == 1)
    }

    @Test("an auditor sees the outbox disabled on Home, with what it needs")
    func auditor() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = try test.driver(as: "auditor")
        #expect(
            driver.app.view().text.contains("Outbox: notifications to send or deliver by hand (needs notification.re"))
        driver.press(.character("u"))
        #expect(driver.app.top(NotificationListScreen.self) == nil)
    }

    @Test func outboxSnapshots() throws {
        let sample = try RequestSample.make()
        // The sample's notification names today's date: handled, and another written at a fixed
        // time (the verified nomination taken to active), so the snapshot never changes.
        let registry = sample.test.registry
        try registry.handleNotification(1, by: sample.bob)
        let fixed = Date(timeIntervalSince1970: 1_795_651_200)  // 2026-11-26 00:00 UTC
        _ = try registry.act(on: sample.verified, action: "approve", by: sample.dave, now: fixed)
        _ = try registry.act(
            on: sample.verified, action: "issue", evidence: RequestSample.issued, by: sample.carol, now: fixed)
        _ = try registry.act(on: sample.verified, action: "activate", by: sample.carol, now: fixed)
        for (width, height) in [(80, 24), (120, 40)] {
            for theme in [Theme.standard, Theme.plain] {
                let driver = open(sample, width: width, height: height, theme: theme)
                assertSnapshot(
                    of: driver.app.view(), as: .screen, named: "outbox-\(width)x\(height)-\(theme.kind.rawValue)")
            }
        }
    }
}
