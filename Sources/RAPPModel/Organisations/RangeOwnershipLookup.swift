/// Answers "who else holds identifiers in this range?" for the A1 rules.
///
/// The registry answers it with index probes; tests answer it by brute force, as an oracle.
public protocol RangeOwnershipLookup {
    /// Up to `limit` registered ranges, lowest first, that overlap `range` and belong to an
    /// organisation other than `excluded`.
    func conflicts(with range: IdentifierRange, excluding excluded: Int64?, limit: Int) throws -> [RegisteredRange]

    /// The organisation's EUI-64 allocation from SECAS, as recorded; empty when none is.
    func allocation(of organisation: Int64) throws -> [IdentifierRange]
}

extension RangeOwnershipLookup {
    /// No allocation known: ranges are not checked against one.
    public func allocation(of organisation: Int64) throws -> [IdentifierRange] { [] }
}
