import RAPPModel

/// Performs an app's registry effects and turns the outcome into a message.
///
/// The runner and the tests use this same code against a real registry, so what the tests
/// exercise is what the terminal runs.
public struct RegistryEffects: Sendable {
    public let registry: Registry
    public let validator: OrganisationFormValidator

    public init(registry: Registry, validator: OrganisationFormValidator) {
        self.registry = registry
        self.validator = validator
    }

    /// The message for an effect's outcome; nil for effects that are not registry work.
    public func perform(_ effect: Effect) -> AppMessage? {
        switch effect {
        case .query(let query):
            do {
                return .result(try answer(query))
            } catch {
                return .result(.failed(String(describing: error)))
            }
        case .submit(let form, let amending):
            do {
                return .submitted(.result(try registry.submit(form, amending: amending, validator: validator)))
            } catch {
                return .submitted(.failed(error.description))
            }
        case .redraw, .quit:
            return nil
        }
    }

    func answer(_ query: Query) throws -> QueryResult {
        switch query {
        case .counts:
            let counts = try registry.counts()
            return .counts(organisations: counts.organisations, ranges: counts.ranges)
        case .organisations(let request):
            let position: Registry.PagePosition = switch request.direction {
            case .first: .first
            case .last: .last
            case .after(let row): .after(id: row.id, name: row.name)
            case .before(let row): .before(id: row.id, name: row.name)
            }
            let page = try registry.organisations(namePrefix: request.namePrefix, at: position, limit: request.limit)
            // Counting is an index range scan: only for a new list, not for every page.
            var total: Int?
            switch request.direction {
            case .first, .last: total = try registry.organisationCount(namePrefix: request.namePrefix)
            case .after, .before: total = nil
            }
            return .organisations(request, page, total: total)
        case .history(let organisation):
            return .history(organisation: organisation, try registry.history(of: organisation))
        case .whois(let identifier):
            return .whois(identifier, try registry.owners(of: identifier))
        case .check(let form, let amending):
            let report = try validator.validate(form, registry: registry, amending: amending)
            let ranges = form.userRoleRanges.compactMap { entry -> IdentifierRange? in
                guard let first = try? EUI64(parsing: entry.first, allowReserved: true),
                    let last = try? EUI64(parsing: entry.last, allowReserved: true)
                else { return nil }
                return IdentifierRange(first: first, last: last)
            }
            return .check(form, report, nearby: try nearby(ranges, excluding: amending))
        case .nearby(let ranges, let excluded):
            return .nearby(ranges, try nearby(ranges, excluding: excluded))
        }
    }

    /// For each range: the registered ranges overlapping it (a few) and its nearest neighbours.
    func nearby(_ ranges: [IdentifierRange], excluding excluded: Int64?) throws -> [RegisteredRange] {
        var found: [RegisteredRange] = []
        for range in ranges {
            found += try registry.conflicts(with: range, excluding: excluded, limit: OrganisationFormValidator.conflictsReportedPerRange)
            found += try registry.neighbours(of: range, excluding: excluded)
        }
        var seen: Set<RegisteredRange> = []
        return found.filter { seen.insert($0).inserted }
    }
}
