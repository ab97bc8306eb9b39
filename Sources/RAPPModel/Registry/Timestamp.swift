import Foundation

/// UTC timestamps as ratui stores them: `2026-11-25T08:29:14.123Z`, which sorts as text.
///
/// Also the one parser of dates and times typed by people, for every command and screen: a form's
/// date field, `audit list --since`, and anything later that takes a date. It reads only what it
/// writes, and only real calendar dates and clock times, so `2025-13-99` and `T99:99:99Z` are
/// refused rather than compared as text.
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let milliseconds = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }

    /// Whether `text` is a real calendar date written `YYYY-MM-DD` in ASCII digits: 2024-02-29
    /// is, 2023-02-29 and 2026-04-31 are not.
    public static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, digits(parts[0], 4), digits(parts[1], 2), digits(parts[2], 2),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// The stored form of a UTC date (`2026-11-25`) or time (`2026-11-25T08:00:00Z`, with or
    /// without milliseconds), or nil if it is neither or names no real date or clock time.
    ///
    /// A date alone stands for its first millisecond, or with `endOfDay` its last, so a range
    /// of days compares as text against stored timestamps, both ends inclusive. No leap second:
    /// ratui never stores one.
    public static func parse(_ text: String, endOfDay: Bool = false) -> String? {
        guard text.utf8.count >= 10 else { return nil }
        let date = String(text.prefix(10))
        guard isCalendarDate(date) else { return nil }
        if text.count == 10 { return date + (endOfDay ? "T23:59:59.999Z" : "T00:00:00.000Z") }
        let time = text.dropFirst(10)
        guard time.first == "T", time.last == "Z" else { return nil }
        let clock = time.dropFirst().dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, digits(clock[0], 2), digits(clock[1], 2) else { return nil }
        let seconds = clock[2].split(separator: ".", omittingEmptySubsequences: false)
        guard seconds.count <= 2, digits(seconds[0], 2) else { return nil }
        let fraction = seconds.count == 2 ? seconds[1] : (endOfDay ? "999" : "000")
        guard digits(fraction, 3),
            let hour = Int(clock[0]), hour < 24, let minute = Int(clock[1]), minute < 60,
            let second = Int(seconds[0]), second < 60
        else { return nil }
        return "\(date)T\(clock[0]):\(clock[1]):\(seconds[0]).\(fraction)Z"
    }

    /// Exactly `count` ASCII digits (not the other Unicode digits `Int` would refuse anyway).
    private static func digits(_ part: Substring, _ count: Int) -> Bool {
        part.utf8.count == count && part.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}
