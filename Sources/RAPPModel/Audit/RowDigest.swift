import Crypto
import Foundation
import GRDB

/// SHA-256 over rows exactly as SQLite stores them: how an audit event records a record's rows,
/// and how reconciliation re-computes them, without keeping the rows.
///
/// Each row is written as its table's name and its column count, then each value with its
/// storage class and, for text and blobs, its length, so no two different sets of rows digest the
/// same input, and a value stored as text where an integer was digests differently.
struct RowDigest {
    private var hasher = SHA256()
    /// One row's encoding, reused: rows are hashed a row at a time, without a string per value.
    private var buffer: [UInt8] = []

    init() {}

    /// Adds one row: its values in the column order the record's store fixes.
    mutating func add(table: String, _ values: [DatabaseValue]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(UInt8(ascii: "T"))
        append(Int64(table.utf8.count))
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: table.utf8)
        buffer.append(UInt8(ascii: "#"))
        append(Int64(values.count))
        for value in values {
            switch value.storage {
            case .null:
                buffer.append(UInt8(ascii: "n"))
            case .int64(let integer):
                buffer.append(UInt8(ascii: "i"))
                append(integer)
            case .double(let double):
                buffer.append(UInt8(ascii: "r"))
                append(Int64(bitPattern: double.bitPattern))
            case .string(let text):
                buffer.append(UInt8(ascii: "t"))
                append(Int64(text.utf8.count))
                buffer.append(UInt8(ascii: ":"))
                buffer.append(contentsOf: text.utf8)
            case .blob(let data):
                buffer.append(UInt8(ascii: "b"))
                append(Int64(data.count))
                buffer.append(UInt8(ascii: ":"))
                buffer.append(contentsOf: data)
            }
        }
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Adds one row read by the store's query, its columns in the query's order.
    mutating func add(table: String, _ row: Row) {
        add(table: table, Array(row.databaseValues))
    }

    /// A whole number in decimal, then `;`.
    private mutating func append(_ number: Int64) {
        Self.appendDecimal(number, to: &buffer)
        buffer.append(UInt8(ascii: ";"))
    }

    /// Appends `String(number)`'s bytes (a `-` first when negative) without making the string:
    /// digests and event hashes write several numbers for every row stored.
    static func appendDecimal(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so Int64.min has one too.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[buffer.count - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: buffer[(buffer.count - count)...])
        }
    }

    /// The digest, in lower-case hex.
    func finish() -> String {
        Self.hex(hasher.finalize())
    }

    /// SHA-256 of `text`, in lower-case hex.
    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
