import Testing

@testable import RAPPModel

/// The one parser of dates and times people type, for every command and screen.
@Suite("Dates and times")
struct TimestampTests {
    @Test("a date stands for its first millisecond, or its last at the end of a range")
    func dates() {
        #expect(Timestamp.parse("2026-11-25") == "2026-11-25T00:00:00.000Z")
        #expect(Timestamp.parse("2026-11-25", endOfDay: true) == "2026-11-25T23:59:59.999Z")
        #expect(Timestamp.parse("2024-02-29") != nil)
    }

    @Test("a time is read to the second or the millisecond, and stored as ratui stores times")
    func times() {
        #expect(Timestamp.parse("2026-11-25T08:00:00Z") == "2026-11-25T08:00:00.000Z")
        #expect(Timestamp.parse("2026-11-25T08:00:00Z", endOfDay: true) == "2026-11-25T08:00:00.999Z")
        #expect(Timestamp.parse("2026-11-25T23:59:59.123Z") == "2026-11-25T23:59:59.123Z")
    }

    @Test(
        "dates and times that do not exist are refused",
        arguments: [
            "2025-13-99", "2025-00-10", "2025-02-29", "2025-04-31", "2025-01-00", "2025-01-01T99:99:99Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T23:60:00Z", "2025-01-01T23:59:60Z", "2025-01-01T23:59:59", "2025-01-01 23:59:59Z",
            "2025-01-01T1:00:00Z",
            "2025-01-01T10:00:00.5Z", "２０２５-01-01", "2025-01-01T１０:00:00Z", "", "2025", "2025-01-01Z",
        ])
    func impossible(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("what ratui writes, it reads back unchanged")
    func roundTrip() {
        let now = Timestamp.now()
        #expect(Timestamp.parse(now) == now)
    }
}
