import Dispatch

/// Checks a batch of requests, streaming: a chunk is read, examined on every core (parsing and
/// signatures are the cost), completed against the registry in order, and handed on before the
/// next is read, so memory stays flat for 50,000 requests.
public struct CSRBatchCheck: Sendable {
    /// What a batch found in all: counts, never the results themselves.
    public struct Summary: Sendable, Equatable {
        public var checked = 0
        public var passed = 0
        public var withWarnings = 0
        public var failed = 0
        /// Files of the batch that were not requests (other names, folders, links): not checked.
        public var skipped = 0
        /// How many requests had each error code.
        public var errorCounts: [IssueCode: Int] = [:]
        /// Problems of the batch as a whole, such as more requests than Appendix M allows.
        public var issues: [ValidationIssue] = []

        public var passes: Bool { failed == 0 && issues.allSatisfy { $0.severity != .error } }
    }

    public let check: CSRCheck
    public let chunkSize: Int

    public init(check: CSRCheck, chunkSize: Int = 512) {
        self.check = check
        self.chunkSize = chunkSize
    }

    /// Checks every request of `source`, giving each result to `report` in order.
    public func run(
        _ source: CSRBatchSource, context: CSRCheck.Context,
        report: (String, CSRCheckResult) throws -> Void
    ) throws -> Summary {
        var summary = Summary()
        let check = self.check
        summary.skipped = try source.forEachChunk(size: chunkSize) { members in
            let examined = Self.examine(members, with: check)
            for (member, result) in zip(members, examined) {
                let result = try check.complete(result, context: context)
                summary.count(result)
                try report(member.name, result)
            }
        }
        if summary.checked > CSRBatchSource.maximumMembers {
            summary.issues.append(
                ValidationIssue(
                    .csrBatchSize,
                    "The batch holds \(summary.checked) requests; Appendix M allows at most \(CSRBatchSource.maximumMembers) in one batch."
                ))
        }
        return summary
    }

    /// The registry-free part of each member's check, spread over the cores.
    static func examine(_ members: [CSRBatchSource.Member], with check: CSRCheck) -> [CSRCheckResult] {
        let slots = Slots(count: members.count)
        DispatchQueue.concurrentPerform(iterations: members.count) { index in
            let result: CSRCheckResult
            switch members[index].bytes {
            case .success(let bytes): result = check.examine(bytes)
            case .failure(let issue):
                var unread = CSRCheckResult()
                unread.add(issue)
                result = unread
            }
            slots.set(index, result)
        }
        return slots.results
    }

    /// One slot per member, each written by exactly one iteration of `concurrentPerform`.
    private final class Slots: @unchecked Sendable {
        private var storage: UnsafeMutableBufferPointer<CSRCheckResult>

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: CSRCheckResult())
        }

        func set(_ index: Int, _ result: CSRCheckResult) { storage[index] = result }

        var results: [CSRCheckResult] { Array(storage) }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
    }
}

extension CSRBatchCheck.Summary {
    mutating func count(_ result: CSRCheckResult) {
        checked += 1
        if !result.report.errors.isEmpty {
            failed += 1
            for code in Set(result.report.errors.map(\.code)) { errorCounts[code, default: 0] += 1 }
        } else if !result.report.warnings.isEmpty {
            withWarnings += 1
            passed += 1
        } else {
            passed += 1
        }
    }

    /// The summary as `csr check --batch --json` ends with.
    public var jsonValue: JSONValue {
        .object([
            "checked": JSONValue(Int64(checked)), "passed": JSONValue(Int64(passed)),
            "withWarnings": JSONValue(Int64(withWarnings)), "failed": JSONValue(Int64(failed)),
            "skipped": JSONValue(Int64(skipped)), "valid": .bool(passes),
            "errorCounts": .object(
                Dictionary(uniqueKeysWithValues: errorCounts.map { ($0.key.rawValue, JSONValue(Int64($0.value))) })),
            "issues": .array(issues.map(\.jsonValue)),
        ])
    }
}
