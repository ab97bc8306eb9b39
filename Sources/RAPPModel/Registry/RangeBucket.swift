/// Where a range sits in the registry's interval index.
///
/// Each range is filed under the smallest aligned block of 2^level identifiers that holds it:
/// level is the bit length of `first XOR last`, block is `first >> level`. Every range filed under
/// one bucket holds that block's midpoint, because `first` and `last` differ in bit `level - 1`.
/// So, to find the ranges holding an identifier x, it is enough to visit the buckets that contain
/// x, one per level in use (at most 65): in each, when x lies below the midpoint the ranges holding x are
/// exactly those starting at or before x, otherwise exactly those ending at or after x. Each visit
/// is one index seek returning only hits, so a lookup costs two seeks per level in use, whatever
/// the registry holds, and stays correct even if a site lets different organisations overlap.
struct RangeBucket: Hashable, Sendable {
    let level: Int
    /// `first >> level`, stored as its bit pattern (only compared for equality).
    let block: Int64

    init(level: Int, block: UInt64) {
        self.level = level
        self.block = Int64(bitPattern: block)
    }

    init(_ range: IdentifierRange) {
        let difference = range.first.value ^ range.last.value
        let level = difference == 0 ? 0 : 64 - difference.leadingZeroBitCount
        self.init(level: level, block: level == 64 ? 0 : range.first.value >> UInt64(level))
    }

    /// The bucket at `level` that contains `identifier`, with the midpoint its ranges share
    /// (nil at level 0, where every range is the single identifier itself).
    static func probe(for identifier: EUI64, level: Int) -> (bucket: RangeBucket, midpoint: EUI64?) {
        let block = level == 64 ? 0 : identifier.value >> UInt64(level)
        guard level > 0 else { return (RangeBucket(level: 0, block: block), nil) }
        let base = level == 64 ? 0 : block << UInt64(level)
        return (RangeBucket(level: level, block: block), EUI64(base | (1 << UInt64(level - 1))))
    }
}
