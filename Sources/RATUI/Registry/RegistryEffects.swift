import RAPPModel

/// Performs an app's registry effects and turns the outcome into a message.
///
/// The runner and the tests use this same code against a real registry, so what the tests
/// exercise is what the terminal runs.
public struct RegistryEffects: Sendable {
    public let registry: Registry
    /// How passphrases are hashed and checked: always the production hasher outside tests.
    let hasher: PassphraseHasher

    public init(registry: Registry) {
        self.init(registry: registry, hasher: PassphraseHasher())
    }

    /// With a given hasher: only tests make a cheaper one (its initialiser is internal to RAPPModel).
    public init(registry: Registry, hasher: PassphraseHasher) {
        self.registry = registry
        self.hasher = hasher
    }

    /// The A1 validator of the registry's policy.
    public var validator: OrganisationFormValidator { registry.validator }

    /// The message for an effect's outcome; nil for effects that are not registry work.
    /// Changes and audit reads are made as `session`; without one they are refused.
    public func perform(_ effect: Effect, session: OperatorSession?) -> AppMessage? {
        switch effect {
        case .query(let query):
            do {
                return .result(try answer(query, session: session))
            } catch {
                return .result(.failed(String(describing: error)))
            }
        case .submit(let form, let amending):
            guard let session else { return .submitted(.failed(Self.notSignedIn)) }
            do {
                return .submitted(.result(try registry.submit(form, amending: amending, by: session)))
            } catch {
                return .submitted(.failed(String(describing: error)))
            }
        case .signIn(let name, let passphrase):
            do {
                return .signedIn(.success(try registry.signIn(name: name, passphrase: passphrase, hasher: hasher)))
            } catch {
                return .signedIn(.failed(String(describing: error)))
            }
        case .bootstrap(let name, let passphrase):
            do {
                return .signedIn(.success(try registry.bootstrap(name: name, passphrase: passphrase, hasher: hasher)))
            } catch {
                return .signedIn(.failed(String(describing: error)))
            }
        case .redraw, .quit:
            return nil
        }
    }

    static let notSignedIn = "Nobody is signed in: sign in first."

    func answer(_ query: Query, session: OperatorSession?) throws -> QueryResult {
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
        case .audit(let request):
            guard let session else { return .failed(Self.notSignedIn) }
            var filter = request.filter
            switch request.direction {
            case .first: break
            case .after(let sequence): filter.afterSequence = sequence
            case .before(let sequence): filter.beforeSequence = sequence
            case .last: filter.beforeSequence = Int64.max
            }
            var events: [AuditEvent] = []
            try registry.auditEvents(matching: filter, limit: max(1, request.limit), by: session) { events.append($0) }
            // Counting is a scan of the filter's index range: only for a new list, not every page.
            var total: Int?
            switch request.direction {
            case .first, .last: total = try registry.auditEventCount(matching: request.filter, by: session)
            case .after, .before: total = nil
            }
            return .audit(request, events, total: total)
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
