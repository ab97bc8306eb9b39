import Crypto
import Foundation

/// One entry of the audit trail: who did what to which record, when, and its place in the chain.
public struct AuditEvent: Hashable, Sendable {
    public let sequence: Int64
    /// UTC, `2026-11-25T08:29:14.123Z`.
    public let recordedAt: String
    /// The operator who acted; nil when nobody could be named (a sign-in with an unknown name).
    public let operatorName: String?
    public let action: String
    /// The record concerned, as `organisation/12` or `operator/3`.
    public let record: String?
    /// What changed, as canonical JSON text (before and after where it applies).
    public let details: String
    public let previousHash: String
    public let hash: String
    /// The registry's policy version in force when the event was recorded; nil for events from
    /// before registries stored their policy. Covered by the hash when present.
    public let policyVersion: Int64?
    /// The state of each record the event changed, after the change, as canonical JSON keyed by
    /// record (`{"operator/3": {...}}`): what `audit verify` reconciles the rows with. Nil for
    /// events that change no record and for events from before schema 5. Covered by the hash
    /// when present.
    public let state: String?

    public init(
        sequence: Int64, recordedAt: String, operatorName: String?, action: String, record: String?, details: String,
        previousHash: String, hash: String, policyVersion: Int64? = nil, state: String? = nil
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.operatorName = operatorName
        self.action = action
        self.record = record
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
        self.policyVersion = policyVersion
        self.state = state
    }

    /// The hash before the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256, in lower-case hex, of the previous hash and the event's content.
    ///
    /// Each field is written as its length in bytes, a colon and its UTF-8 bytes (a missing one as
    /// `-`), so no choice of content can make two different events hash the same input. The
    /// policy version and the state are last fields, each present only on events that have one
    /// (and told apart by their prefixes), so events recorded before they existed hash as they
    /// always did.
    static func hash(
        sequence: Int64, recordedAt: String, operatorName: String?, action: String, record: String?,
        details: String, previousHash: String, policyVersion: Int64? = nil, state: String? = nil
    ) -> String {
        var input: [UInt8] = []
        input.reserveCapacity(details.utf8.count + (state?.utf8.count ?? 0) + 256)
        // Written byte by byte, numbers included, without a string per field: every stored form
        // hashes one event, and the bytes are the ones `"\(count):" + field` would give.
        func add(prefix: StaticString = "", _ field: String?) {
            guard let field else {
                input.append(UInt8(ascii: "-"))
                return
            }
            RowDigest.appendDecimal(Int64(prefix.utf8CodeUnitCount + field.utf8.count), to: &input)
            input.append(UInt8(ascii: ":"))
            input.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
            input.append(contentsOf: field.utf8)
        }
        var number: [UInt8] = []
        RowDigest.appendDecimal(sequence, to: &number)
        RowDigest.appendDecimal(Int64(number.count), to: &input)
        input.append(UInt8(ascii: ":"))
        input.append(contentsOf: number)
        for field in [recordedAt, operatorName, action, record, details, previousHash] { add(field) }
        if let policyVersion {
            number.removeAll(keepingCapacity: true)
            RowDigest.appendDecimal(policyVersion, to: &number)
            RowDigest.appendDecimal(Int64(7 + number.count), to: &input)
            input.append(contentsOf: ":policy ".utf8)
            input.append(contentsOf: number)
        }
        if let state { add(prefix: "state ", state) }
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: input) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The hash this event should have, given its content and its previous hash.
    var expectedHash: String {
        Self.hash(
            sequence: sequence, recordedAt: recordedAt, operatorName: operatorName, action: action, record: record,
            details: details, previousHash: previousHash, policyVersion: policyVersion, state: state)
    }
}

extension AuditEvent {
    /// The event as `audit list --json` and `audit export` show it.
    public var jsonValue: JSONValue {
        let parsedDetails = (try? JSONValue.parse(Data(details.utf8))) ?? .string(details)
        return .object([
            "sequence": JSONValue(sequence), "recordedAt": .string(recordedAt),
            "operator": operatorName.map(JSONValue.string) ?? .null, "action": .string(action),
            "record": record.map(JSONValue.string) ?? .null, "details": parsedDetails,
            "previousHash": .string(previousHash), "hash": .string(hash),
            "policyVersion": policyVersion.map { JSONValue($0) } ?? .null,
            "state": state.flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .null,
        ])
    }
}
