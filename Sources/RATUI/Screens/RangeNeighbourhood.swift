import RAPPModel

/// The registered ranges a range map draws beside a form's own: for each range, those
/// overlapping it (a few) and its nearest neighbours on either side.
enum RangeNeighbourhood {
    static func around(_ ranges: [IdentifierRange], excluding excluded: Int64?, in registry: Registry) throws
        -> [RegisteredRange]
    {
        var found: [RegisteredRange] = []
        for range in ranges {
            found += try registry.conflicts(
                with: range, excluding: excluded, limit: OrganisationFormValidator.conflictsReportedPerRange)
            found += try registry.neighbours(of: range, excluding: excluded)
        }
        var seen: Set<RegisteredRange> = []
        return found.filter { seen.insert($0).inserted }
    }
}
