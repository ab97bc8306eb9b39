import RAPPModel

/// One page of the organisation list: after or before a position, of what a query finds.
public struct OrganisationPageRequest: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        /// The first page.
        case first
        /// The page after this row.
        case after(OrganisationSummary)
        /// The page before this row.
        case before(OrganisationSummary)
        /// The last page.
        case last
    }

    public var query: OrganisationQuery
    public var direction: Direction
    public var limit: Int

    public init(query: OrganisationQuery, direction: Direction, limit: Int) {
        self.query = query
        self.direction = direction
        self.limit = limit
    }

    /// Reads the page by key, and counts the matches only for a new list (first or last page):
    /// counting is an index range scan, not worth repeating for every page.
    func read(from registry: Registry) throws -> OrganisationPage {
        let position: Registry.PagePosition =
            switch direction {
            case .first: .first
            case .last: .last
            case .after(let row): .after(id: row.id, name: row.name)
            case .before(let row): .before(id: row.id, name: row.name)
            }
        let rows = try registry.organisations(matching: query, at: position, limit: limit)
        let total: Int? =
            switch direction {
            case .first, .last: try registry.organisationCount(matching: query)
            case .after, .before: nil
            }
        return OrganisationPage(rows: rows, total: total)
    }
}

/// A page of organisations, and how many match when that was counted.
public struct OrganisationPage: Hashable, Sendable {
    public var rows: [OrganisationSummary]
    public var total: Int?
}
