import Foundation

/// The checks of an L16 direction's input, before any registry work: the same codes for the
/// command line and the terminal.
extension RevocationDirection {
    /// The decision reference, trimmed: non-empty, at most `maximumDecisionLength` Unicode scalars,
    /// printable (no control, escape or invisible character, and no U+FFFD, which is what
    /// invalid UTF-8 decodes to). Throws `solr.decision`.
    public static func validDecision(_ text: String) throws(ValidationIssue) -> String {
        let decision = text.trimmingWhiteSpace()
        guard !decision.isEmpty else {
            throw ValidationIssue(.solrDecision, "Give the SMKI PMA's decision reference.", field: "decision")
        }
        if let bad = decision.unicodeScalars.first(where: { VisibleText.mustEscape($0) || $0 == "\u{FFFD}" }) {
            let what = bad == "\u{FFFD}" ? "U+FFFD (invalid UTF-8 decodes to it)" : VisibleText.describe(bad)
            throw ValidationIssue(
                .solrDecision, "The decision reference contains \(what); remove it.", field: "decision")
        }
        // Counted in Unicode scalars, as the table's CHECK (SQLite's length) counts them.
        let length = decision.unicodeScalars.count
        guard length <= maximumDecisionLength else {
            throw ValidationIssue(
                .solrDecision,
                "The decision reference is \(length) characters long; at most \(maximumDecisionLength) are allowed.",
                field: "decision")
        }
        return decision
    }

    /// The decision's date: a real YYYY-MM-DD date, not after `today` (UTC). Throws `solr.date`.
    public static func validDate(_ text: String, now: Date) throws(ValidationIssue) -> String {
        let date = text.trimmingWhiteSpace()
        guard Timestamp.isCalendarDate(date) else {
            throw ValidationIssue(
                .solrDate, "The decision's date \(VisibleText.quoted(date)) must be a real date written YYYY-MM-DD.",
                field: "date")
        }
        let today = String(Timestamp.format(now).prefix(10))
        guard date <= today else {
            throw ValidationIssue(
                .solrDate, "The decision's date \(date) is in the future (today is \(today), UTC).", field: "date")
        }
        return date
    }
}
