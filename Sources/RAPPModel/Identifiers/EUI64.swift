/// A 64-bit EUI-64 Compliant identifier, as used for User IDs in the SMKI.
///
/// The value spans the whole unsigned 64-bit space, `00-00-00-00-00-00-00-00` to
/// `FF-FF-FF-FF-FF-FF-FF-FF`. The canonical text is eight upper-case pairs joined by `-`; it is
/// the only form ratui stores and displays.
public struct EUI64: Hashable, Comparable, Sendable {
    public let value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    public static let min = EUI64(0)
    public static let max = EUI64(.max)

    /// The length of the canonical text form, `XX-XX-XX-XX-XX-XX-XX-XX`: the most a field for one holds.
    public static let canonicalLength = 23

    public static func < (lhs: EUI64, rhs: EUI64) -> Bool { lhs.value < rhs.value }

    /// The 24-bit IEEE company identifier (OUI) in the first three octets.
    public var oui: UInt32 { UInt32(truncatingIfNeeded: value >> 40) }

    /// The group (multicast) bit: the least significant bit of the first octet.
    public var isGroup: Bool { (value >> 56) & 0x01 != 0 }

    /// The locally administered bit: the second least significant bit of the first octet.
    public var isLocal: Bool { (value >> 56) & 0x02 != 0 }

    /// True when octets 4 and 5 are `FF FE` or `FF FF`, which the IEEE reserves.
    ///
    /// Both values share their top 15 bits (bits 25 to 39 of the identifier), so one mask tests both.
    public var isReserved: Bool { (value >> 25) & 0x7FFF == 0x7FFF }

    /// The canonical text: `90-B3-D5-1F-30-01-00-00`.
    public var canonical: String {
        // Written straight into the string's storage: whois --file prints one or two a line.
        String(unsafeUninitializedCapacity: Self.canonicalLength) { writeCanonical(into: $0) }
    }

    /// The canonical text's bytes appended to `output`, without making a string (`whois --file`).
    public func writeCanonical(into output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.canonicalLength) { bytes in
            output.append(contentsOf: bytes[..<writeCanonical(into: bytes)])
        }
    }

    /// Writes the canonical text into the first `canonicalLength` bytes of `bytes`; returns that length.
    private func writeCanonical(into bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        func digit(_ nibble: UInt64) -> UInt8 {
            UInt8(truncatingIfNeeded: nibble) &+ (nibble < 10 ? UInt8(ascii: "0") : UInt8(ascii: "A") &- 10)
        }
        var at = 0
        for octet in 0..<8 {
            if octet > 0 {
                bytes[at] = UInt8(ascii: "-")
                at += 1
            }
            let byte = (value >> (56 - 8 * UInt64(octet))) & 0xFF
            bytes[at] = digit(byte >> 4)
            bytes[at + 1] = digit(byte & 0x0F)
            at += 2
        }
        return at
    }

    /// The value as SQLite stores it: the unsigned value with its top bit flipped.
    ///
    /// SQLite integers are signed; flipping the top bit maps unsigned order onto signed order, so
    /// `00…00` becomes `Int64.min`, `FF…FF` becomes `Int64.max`, and index range scans stay correct
    /// across the whole space.
    public var storageKey: Int64 { Int64(bitPattern: value ^ 0x8000_0000_0000_0000) }

    public init(storageKey: Int64) {
        self.value = UInt64(bitPattern: storageKey) ^ 0x8000_0000_0000_0000
    }
}

extension EUI64 {
    /// The identifier in exactly one of the shapes `init(parsing:)` accepts, nothing around it:
    /// 16 hex digits, or 8 pairs joined by `-` or by `:` throughout. Nil for anything else,
    /// which `init(parsing:)` then reads in full (and explains): the path of bulk look-ups.
    public init?(exactly bytes: UnsafeBufferPointer<UInt8>) {
        func nibble(_ byte: UInt8) -> UInt64? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte &- UInt8(ascii: "a") &+ 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(byte &- UInt8(ascii: "A") &+ 10)
            default: nil
            }
        }
        var value: UInt64 = 0
        switch bytes.count {
        case 16:
            for byte in bytes {
                guard let digit = nibble(byte) else { return nil }
                value = value << 4 | digit
            }
        case 23:
            let separator = bytes[2]
            guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: ":") else { return nil }
            for pair in 0..<8 {
                let at = pair * 3
                guard pair == 0 || bytes[at - 1] == separator, let high = nibble(bytes[at]),
                    let low = nibble(bytes[at + 1])
                else { return nil }
                value = value << 8 | high << 4 | low
            }
        default:
            return nil
        }
        self.init(value)
    }
}

extension EUI64: CustomStringConvertible {
    public var description: String { canonical }
}

extension EUI64 {
    /// Parses identifier text as the RAPP reference describes it.
    ///
    /// Accepts 16 hex digits in either case, with no separators or with `-` or `:` between every
    /// pair, after trimming surrounding white space. Anything else throws an issue whose code says
    /// what is wrong. Reserved values (`eui64.reserved`) are refused unless `allowReserved` is set,
    /// which only the range rules use to report a reserved endpoint in their own words.
    public init(parsing text: String, field: FieldPath? = nil, allowReserved: Bool = false) throws(ValidationIssue) {
        var text = text
        if let value = text.withUTF8({ EUI64(exactly: $0) }), !value.isReserved || allowReserved {
            self = value
            return
        }
        let trimmed = text.trimmingWhiteSpace()
        var quoted: String { VisibleText.quoted(trimmed) }
        func issue(_ code: IssueCode, _ message: String) -> ValidationIssue {
            ValidationIssue(code, message, field: field)
        }
        if trimmed.isEmpty {
            throw issue(.eui64Length, "An EUI-64 identifier needs 16 hex digits; none were given.")
        }
        var digits: [UInt8] = []
        var separators: [(UInt8, Int)] = []  // separator and the count of digits before it
        var position = 0
        for scalar in trimmed.unicodeScalars {
            position += 1
            switch scalar {
            case "0"..."9", "a"..."f", "A"..."F":
                digits.append(UInt8(scalar.value))
            case "-", ":":
                separators.append((UInt8(scalar.value), digits.count))
            default:
                throw issue(
                    .eui64Character,
                    "\(quoted) has \(VisibleText.describe(scalar)) at position \(position); an EUI-64 identifier uses only hex digits 0-9 and A-F, with '-' or ':' between pairs."
                )
            }
        }
        if !separators.isEmpty {
            let kinds = Set(separators.map(\.0))
            if kinds.count > 1 {
                throw issue(.eui64Separators, "\(quoted) mixes '-' and ':'; use one separator throughout.")
            }
            if digits.count != 16 {
                throw issue(
                    .eui64Length, "\(quoted) has \(digits.count) hex digits; an EUI-64 identifier has exactly 16.")
            }
            let wellPlaced =
                separators.count == 7
                && separators.enumerated().allSatisfy { index, separator in separator.1 == 2 * (index + 1) }
            if !wellPlaced {
                throw issue(
                    .eui64Separators,
                    "\(quoted) has separators out of place; put one between every pair of digits, as in 90-B3-D5-1F-30-01-00-00."
                )
            }
        } else if digits.count != 16 {
            throw issue(.eui64Length, "\(quoted) has \(digits.count) hex digits; an EUI-64 identifier has exactly 16.")
        }
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8 =
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
                default: digit - UInt8(ascii: "A") + 10
                }
            value = value << 4 | UInt64(nibble)
        }
        let identifier = EUI64(value)
        if identifier.isReserved && !allowReserved {
            throw issue(.eui64Reserved, "\(identifier) is reserved: octets 4 and 5 may not be FF-FE or FF-FF.")
        }
        self = identifier
    }
}
