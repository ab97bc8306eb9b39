/// What a person types to search the audit trail: words, and a date range like the command line's.
///
/// `since:2026-11-01 until:2026-11-25T12:00:00Z amended` reads as events from 1 November to noon
/// on the 25th whose operator, action or record contains "amended" (A-Z folded). The dates take
/// what `audit list --since/--until` takes (`Timestamp.parse`), a date alone meaning its whole day.
public enum AuditSearch {
    /// The filter for `typed`, narrowing `base` (a screen's fixed record), or why it cannot be read.
    public static func filter(_ typed: String, narrowing base: AuditFilter = AuditFilter()) -> Result<
        AuditFilter, Failure
    > {
        var filter = base
        var words: [Substring] = []
        for word in typed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let lowered = word.lowercased()
            if lowered.hasPrefix("since:") || lowered.hasPrefix("until:") {
                let isSince = lowered.hasPrefix("since:")
                let value = String(word.dropFirst(6))
                guard let stamp = Timestamp.parse(value, endOfDay: !isSince) else {
                    return .failure(
                        Failure(
                            code: "audit.filter-time",
                            message:
                                "\(isSince ? "since:" : "until:") takes a real UTC date (2026-11-25) or time (2026-11-25T08:00:00Z), not \(VisibleText.quoted(value)).",
                            exitStatus: .usage))
                }
                if isSince { filter.since = stamp } else { filter.until = stamp }
            } else {
                words.append(word)
            }
        }
        if !words.isEmpty { filter.text = words.joined(separator: " ") }
        return .success(filter)
    }
}
