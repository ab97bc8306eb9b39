/// Checks an anchor file's heads against the chain as it is verified: each anchored head must be
/// the hash of the chain's event at its sequence, and every event from the first anchored one on
/// must be covered by an anchor line.
///
/// Lines may come in any order (processes commit and anchor at once), so they are looked up by
/// the sequence of their head as the events stream past, and coverage is worked out at the end.
struct AnchorCheck {
    private let log: AnchorLog
    /// Entry indices by the sequence of their head.
    private var byLast: [Int64: [Int]] = [:]
    private var matched = 0
    private var findings: [AnchorVerification.Finding] = []
    private var findingCount = 0

    init(_ log: AnchorLog) {
        self.log = log
        for (index, entry) in log.entries.enumerated() { byLast[entry.last, default: []].append(index) }
        for line in log.malformedLines { report(.init(kind: .malformed, line: line, first: nil, last: nil)) }
    }

    mutating func note(_ event: AuditEvent) {
        guard let indices = byLast.removeValue(forKey: event.sequence) else { return }
        for index in indices {
            let entry = log.entries[index]
            if entry.hash == event.hash {
                matched += 1
            } else {
                report(.init(kind: .notOnChain, line: entry.line, first: entry.first, last: entry.last))
            }
        }
    }

    mutating func finish(chainLength: Int64) -> AnchorVerification {
        for (_, indices) in byLast.sorted(by: { $0.key < $1.key }) {
            for index in indices {
                let entry = log.entries[index]
                report(.init(kind: .beyondChain, line: entry.line, first: entry.first, last: entry.last))
            }
        }
        if log.entries.isEmpty {
            report(.init(kind: .empty, line: nil, first: nil, last: nil))
        } else {
            // Every event from the first anchored on is covered by some line's first...last.
            var covered = log.entries.map { $0.first }.min()! - 1
            for entry in log.entries.sorted(by: { $0.first < $1.first }) where entry.first <= chainLength {
                if entry.first > covered + 1 {
                    report(.init(kind: .unanchored, line: nil, first: covered + 1, last: entry.first - 1))
                }
                covered = max(covered, entry.last)
            }
            if covered < chainLength {
                report(.init(kind: .unanchored, line: nil, first: covered + 1, last: chainLength))
            }
        }
        return AnchorVerification(
            path: log.path, anchored: log.entries.count, matched: matched, findings: findings,
            findingCount: findingCount)
    }

    private mutating func report(_ finding: AnchorVerification.Finding) {
        findingCount += 1
        if findings.count < Reconciliation.reportLimit { findings.append(finding) }
    }
}
