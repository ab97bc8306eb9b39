import Foundation
import Testing

@testable import RAPPModel

/// The days the expiring and dormant credential lists take: typed by an operator in the terminal
/// UI, given to the registry by anyone; outside 0...36,500 (or not a number) they are
/// `credential.days`, and the registry reads nothing.
@Suite struct CredentialLifeTests {
    @Test("typed days parse as whole numbers from 0 to 36,500", arguments: ["0", "90", " 365 ", "36500", "00090"])
    func typedDays(text: String) throws {
        #expect(try CredentialLife.days(text) == Int(text.trimmingCharacters(in: .whitespaces)))
    }

    @Test(
        "anything else typed is credential.days",
        arguments: [
            "", " ", "-1", "36501", "99999999999999999999", "9.5", "1e3", "+90", "٩٠", "90\u{1B}[2J", "ninety",
            "9 0", String(repeating: "9", count: 10_000), "\u{0}",
        ])
    func hostileDays(text: String) {
        #expect(throws: Failure.self) { try CredentialLife.days(text) }
        do { _ = try CredentialLife.days(text) } catch { #expect(Failure(error).code == CredentialLife.daysCode) }
    }

    @Test(
        "the registry refuses days out of range for both lists, with the same code", arguments: [-1, 36_501, Int.max])
    func registryRefusesDays(days: Int) throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        do {
            _ = try registry.credentials(expiringWithin: days, limit: 10, by: manager)
            Issue.record("expiring within \(days) days was read")
        } catch { #expect(Failure(error).code == CredentialLife.daysCode) }
        do {
            _ = try registry.dormantCredentials(days: days, limit: 10, by: manager)
            Issue.record("dormant for \(days) days was read")
        } catch { #expect(Failure(error).code == CredentialLife.daysCode) }
        #expect(try registry.credentials(expiringWithin: 36_500, limit: 10, by: manager).isEmpty)
        #expect(try registry.dormantCredentials(days: 0, limit: 10, by: manager).isEmpty)
    }
}
