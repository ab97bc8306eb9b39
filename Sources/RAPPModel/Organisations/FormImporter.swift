import Foundation
import GRDB

/// Stores many A1 forms from a JSON Lines file: one form per line, each stored or rejected alone.
///
/// A line is a form file's object; one that amends an organisation adds `"amend": ID` and
/// `"expectVersion": N`, the version it was made from, and is refused (`organisation.stale-version`)
/// if the organisation is at another version when the line is stored, as `org submit --amend ID
/// --expect-version N` would be.
///
/// Lines are read in chunks, never the whole file at once, and stored in batches of one
/// transaction each, so a large import runs at tens of thousands of forms a second. Later lines are checked against the
/// forms stored from earlier lines, exactly as if each had been submitted on its own.
public struct FormImporter: Sendable {
    public let registry: Registry
    public let session: OperatorSession

    /// Lines per transaction.
    public static let batchSize = 2_000
    /// Rejected lines reported in full; beyond this only counted, so memory stays flat.
    public static let detailedRejectionLimit = 1_000

    public struct Rejection: Sendable, Equatable {
        public let line: Int
        public let errors: [ValidationIssue]
    }

    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var stored = 0
        public var rejectedCount = 0
        /// The first `detailedRejectionLimit` rejected lines, with their errors.
        public var rejections: [Rejection] = []
        /// The organisation id of each stored form, in line order, while there are few.
        public var storedIDs: [Int64] = []
    }

    /// An importer storing forms in `registry` as `session`'s operator, under the registry's policy.
    public init(registry: Registry, session: OperatorSession) {
        self.registry = registry
        self.session = session
    }

    /// The A1 validator of the registry's policy.
    public var validator: OrganisationFormValidator { registry.validator }

    /// Imports every non-blank line of `handle`. `progress` is called after each batch with the
    /// summary so far.
    ///
    /// `source` names the input in messages. A stream (`isStream`: standard input, a pipe) may
    /// never end, so a line longer than a form may be stops it rather than being skipped. When
    /// the import cannot go on (the disk is full, the operator was disabled, the input cannot be
    /// read or is binary), it throws `ImportInterrupted`: every batch before it is stored, none
    /// after, and it names the line to resume from.
    public func importLines(
        from handle: FileHandle, source: String = "the input", isStream: Bool = false,
        progress: (Summary) -> Void = { _ in }
    ) throws -> Summary {
        var summary = Summary()
        var reader = LineReader(
            handle: handle, maximumLength: OrganisationInformationForm.maximumFileSize, skipsLongLines: !isStream)
        var finished = false
        /// The first line not yet stored or rejected.
        var nextLine = 1
        while !finished {
            var batch: [(number: Int, line: LineReader.Line)] = []
            var stop: InputError?
            while batch.count < Self.batchSize {
                guard let line = reader.next() else {
                    finished = true
                    break
                }
                if case .text(let data) = line, data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                if line == .notText { stop = .notText(source: source, line: reader.lineNumber) }
                if line == .tooLong && isStream {
                    stop = .lineTooLong(
                        source: source, line: reader.lineNumber, limit: OrganisationInformationForm.maximumFileSize)
                }
                if stop != nil {
                    finished = true
                    break
                }
                batch.append((reader.lineNumber, line))
            }
            if !batch.isEmpty {
                let timestamp = Timestamp.now()
                let outcomes: [(Int, LineOutcome)]
                do {
                    outcomes = try registry.write { db in
                        // Checked per batch, so an account disabled mid-import stops it at the next batch.
                        try OperatorStore(db: db, rules: registry.rules).authorise(
                            .organisationSubmit, session: session)
                        let known = ImportBatch()
                        let organisations = OrganisationStore(db: db)
                        var mayAmend = false
                        return try organisations.deferringSearchIndex {
                            try batch.map { number, line in
                                (
                                    number,
                                    try store(line, in: organisations, timestamp: timestamp, batch: known) {
                                        amendment in
                                        // Only lines that amend need organisation.amend: checked once a batch, at the first.
                                        if !mayAmend {
                                            try OperatorStore(db: db, rules: registry.rules).authorise(
                                                .organisationAmend, session: session)
                                            mayAmend = true
                                        }
                                    }
                                )
                            }
                        }
                    }
                } catch {
                    throw ImportInterrupted(
                        summary: summary, resumeLine: batch[0].number, source: source, cause: Failure(error))
                }
                for (number, outcome) in outcomes {
                    summary.lines += 1
                    switch outcome {
                    case .stored(let id):
                        summary.stored += 1
                        if summary.storedIDs.count < Self.detailedRejectionLimit { summary.storedIDs.append(id) }
                    case .rejected(let errors):
                        summary.rejectedCount += 1
                        if summary.rejections.count < Self.detailedRejectionLimit {
                            summary.rejections.append(Rejection(line: number, errors: errors))
                        }
                    }
                }
                nextLine = batch[batch.count - 1].number + 1
                progress(summary)
            }
            if let stop {
                throw ImportInterrupted(
                    summary: summary, resumeLine: reader.lineNumber, source: source, cause: Failure(stop))
            }
        }
        if let error = reader.error {
            let cause = InputError.unreadable(path: source, reason: error)
            throw ImportInterrupted(
                summary: summary, resumeLine: max(nextLine, reader.lineNumber + 1), source: source,
                cause: Failure(cause))
        }
        return summary
    }

    private enum LineOutcome {
        case stored(Int64)
        case rejected([ValidationIssue])
    }

    private func store(
        _ line: LineReader.Line, in organisations: OrganisationStore, timestamp: String, batch: ImportBatch,
        authoriseAmendment: (Amendment) throws -> Void
    ) throws -> LineOutcome {
        guard case .text(let data) = line else {
            // A NUL byte stops the import before its line is stored; only a long line gets here.
            return .rejected([
                ValidationIssue(
                    .formTooLarge, "The line is longer than \(OrganisationInformationForm.maximumFileSize) bytes.")
            ])
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            return .rejected([error])
        }
        let (amendment, formValue, amendmentIssues) = Self.amendment(in: value)
        let (form, structural) = OrganisationInformationForm.read(formValue, definition: validator.definition)
        if !amendmentIssues.isEmpty || !structural.isEmpty { return .rejected(amendmentIssues + structural) }
        if let amendment { try authoriseAmendment(amendment) }
        // No savepoint is needed: a rejected form writes nothing, and a database error while
        // storing one aborts the whole batch's transaction, so no line is ever stored in part.
        switch try organisations.submit(
            form, amending: amendment, validator: validator, by: session, submittedAt: timestamp, batch: batch)
        {
        case .stored(let id, _, _): return .stored(id)
        case .rejected(let report): return .rejected(report.errors)
        }
    }

    /// Splits a line's `amend` and `expectVersion` from its form: both or neither, each a whole
    /// number from 1.
    static func amendment(in value: JSONValue) -> (Amendment?, form: JSONValue, issues: [ValidationIssue]) {
        guard case .object(var object) = value, object["amend"] != nil || object["expectVersion"] != nil else {
            return (nil, value, [])
        }
        let amend = object.removeValue(forKey: "amend")
        let expected = object.removeValue(forKey: "expectVersion")
        func number(_ value: JSONValue?) -> Int64? {
            guard case .number(let number)? = value, number.rounded() == number, number >= 1, number < 1e15 else {
                return nil
            }
            return Int64(number)
        }
        guard let organisation = number(amend), let version = number(expected) else {
            let issue = ValidationIssue(
                .organisationAmendment,
                "A line that amends gives both \"amend\" (the organisation's id) and \"expectVersion\" (the version it was made from), each a whole number from 1.",
                field: FieldPath.key(amend == nil || number(amend) != nil ? "expectVersion" : "amend"))
            return (nil, .object(object), [issue])
        }
        return (Amendment(organisation: organisation, version: Int(version)), .object(object), [])
    }
}
