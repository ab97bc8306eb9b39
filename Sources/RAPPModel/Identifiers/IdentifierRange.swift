/// A continuous block of EUI-64 identifiers, first and last inclusive.
///
/// `first <= last` always holds; a reversed pair is a validation error, never a range.
public struct IdentifierRange: Hashable, Sendable {
    public let first: EUI64
    public let last: EUI64

    /// Nil when `first` comes after `last`.
    public init?(first: EUI64, last: EUI64) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    public func contains(_ identifier: EUI64) -> Bool {
        first <= identifier && identifier <= last
    }

    public func overlaps(_ other: IdentifierRange) -> Bool {
        first <= other.last && other.first <= last
    }

    /// The number of identifiers in the range, minus one (the full space does not fit a UInt64).
    public var span: UInt64 { last.value - first.value }

    /// True when the range runs across more than one IEEE company identifier (OUI).
    public var spansOUI: Bool { first.oui != last.oui }

    /// The lowest reserved identifier in the range, if it holds one.
    ///
    /// Reserved values are the top of every OUI block: octets 4-5 `FF FE` and `FF FF` are the last
    /// 2^25 identifiers of each OUI. So when `first` is not reserved, the next reserved value is
    /// the start of its own OUI's reserved tail, and the range holds one exactly when it reaches it.
    public var firstReserved: EUI64? {
        if first.isReserved { return first }
        let ownTail = (first.value & ~0xFF_FFFF_FFFF) | 0xFF_FE00_0000
        return ownTail <= last.value ? EUI64(ownTail) : nil
    }
}

extension IdentifierRange: CustomStringConvertible {
    public var description: String { "\(first) to \(last)" }
}
