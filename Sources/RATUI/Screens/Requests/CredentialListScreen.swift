import Foundation
import RAPPModel

/// The credentials the RA issued (AROs', systems'…), a page at a time in id order; Enter opens
/// the request that created the highlighted one.
///
/// `s` shows every state or active ones only. On the list of every organisation's credentials,
/// `e` shows the active ones expiring within a number of days the operator types (expired ones
/// included), and `d` those with no recorded activity for the rules file's dormant period: both
/// read by the registry's indexes a page at a time, never all at once.
public struct CredentialListScreen: Screen, Hashable {
    /// Which credentials the list shows.
    public enum Filter: Hashable, Sendable {
        /// Every state.
        case every
        /// Active credentials only.
        case active
        /// Active credentials expiring within this many days, expired ones included.
        case expiring(days: Int)
        /// Active credentials with no recorded activity for this many days (the rules file's).
        case dormant(days: Int)
    }

    /// One credential of the list, with its last activity in the dormant view.
    public struct Row: Hashable, Sendable {
        public let credential: Credential
        public let lastActivity: String?
    }

    public enum Message: Sendable {
        case page(filter: Filter, after: Int64, Result<[Row], Failure>)
    }

    public static let pageSize = 100
    /// The days `e` offers first: a quarter, time to arrange a renewal. The operator types others.
    public static let defaultExpiringDays = 90

    public let organisation: Int64?
    public var filter: Filter = .every
    /// The days last typed for the expiring view.
    public var expiringDays = Self.defaultExpiringDays
    /// The days being typed after `e`; nil when not typing.
    public var daysLine: TextField?
    /// When the expiring or dormant view was chosen: every page of it counts days from this time,
    /// so pages read later agree with the first.
    public var readAt = Date()
    public var rows: [Row] = []
    public var selected = 0
    public var complete = false
    public var loaded = false
    public var problem: Failure?

    public init(organisation: Int64? = nil) { self.organisation = organisation }

    public static let actions: [Action] = [
        Action(
            .open, keys: [.enter], name: "show", description: "Show the credentials expiring within the days typed.",
            contexts: [.credentialDays]),
        Action(
            .clearFilter, keys: [.escape, .control("g")], name: "cancel",
            description: "Keep the list as it was without changing the days.", contexts: [.credentialDays]),
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the credential above.",
            contexts: [.credentialList], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the credential below.",
            contexts: [.credentialList], inFooter: false),
        Action(
            .open, keys: [.enter], name: "request",
            description: "Open the request that created the highlighted credential.", contexts: [.credentialList]),
        Action(
            .cycleState, keys: [.character("s")], name: "state",
            description: "Show every state, or active credentials only.", contexts: [.credentialList]),
        Action(
            .showExpiring, keys: [.character("e")], name: "expiring",
            description:
                "Show active credentials expiring within a number of days you type (\(defaultExpiringDays) first), expired ones included.",
            contexts: [.credentialFilters]),
        Action(
            .showDormant, keys: [.character("d")], name: "dormant",
            description:
                "Show active credentials with no recorded activity for the rules file's dormant period (d again: every state).",
            contexts: [.credentialFilters]),
    ]

    public func title(environment: AppEnvironment) -> String {
        let base = organisation.map { "Credentials of organisation \($0)" } ?? "Credentials"
        switch filter {
        case .every: return base
        case .active: return base + ": active"
        case .expiring(let days): return base + ": expiring within \(Self.days(days))"
        case .dormant(let days): return base + ": dormant for \(Self.days(days))"
        }
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        if daysLine != nil { return [.screen, .credentialDays] }
        return organisation == nil
            ? [.screen, .innerScreen, .credentialList, .credentialFilters] : [.screen, .innerScreen, .credentialList]
    }

    public var isTyping: Bool { daysLine != nil }

    public var appearEffects: [Effect] { [read(after: 0)] }

    /// "1 day", "90 days".
    static func days(_ count: Int) -> String {
        count == 1 ? "1 day" : "\(NumberText.grouped(count)) days"
    }

    func read(after: Int64) -> Effect {
        let (organisation, filter, limit, now) = (self.organisation, self.filter, Self.pageSize, readAt)
        return .registry(
            "credentials",
            { context in
                let session = try context.signedIn()
                switch filter {
                case .every, .active:
                    return try context.registry.credentials(
                        organisation: organisation, state: filter == .active ? "active" : nil,
                        after: after, limit: limit, by: session
                    ).map { Row(credential: $0, lastActivity: nil) }
                case .expiring(let days):
                    return try context.registry.credentials(
                        expiringWithin: days, after: after, limit: limit, by: session, now: now
                    ).map { Row(credential: $0, lastActivity: nil) }
                case .dormant(let days):
                    return try context.registry.dormantCredentials(
                        days: days, after: after, limit: limit, by: session, now: now
                    ).map { Row(credential: $0.credential, lastActivity: $0.lastActivity) }
                }
            }, then: { Message.page(filter: filter, after: after, $0) })
    }

    /// Shows `filter` from its first page.
    private mutating func show(_ filter: Filter, environment: AppEnvironment, output: inout ScreenOutput) {
        self.filter = filter
        readAt = environment.now()
        selected = 0
        rows = []
        loaded = false
        complete = false
        problem = nil
        output.effects = [read(after: 0)]
        output.clearsProblems = true  // days refused before no longer stand
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        CredentialListScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        if var line = daysLine {
            switch event {
            case .edit(let key):
                _ = line.handle(key)
                next.daysLine = line
                return (next, output)
            case .action(.open):
                do {
                    let days = try CredentialLife.days(line.text)
                    next.daysLine = nil
                    next.expiringDays = days
                    next.show(.expiring(days: days), environment: environment, output: &output)
                } catch {
                    let failure = Failure(error)
                    output.status = .error(failure)
                }
                return (next, output)
            case .action(.clearFilter):
                next.daysLine = nil
                output.clearsProblems = true
                return (next, output)
            case .action:
                return (next, output)
            case .message:
                break  // pages still arrive while the days are typed
            }
        }
        switch event {
        case .action(.moveUp): next.selected = max(0, selected - 1)
        case .action(.moveDown):
            next.selected = min(max(0, rows.count - 1), selected + 1)
            if next.selected >= rows.count - 1, !complete, let last = rows.last {
                output.effects = [read(after: last.credential.id)]
            }
        case .action(.open):
            if rows.indices.contains(selected) {
                output.navigation = .push(RequestScreen(id: rows[selected].credential.requestID))
            }
        case .action(.cycleState):
            next.show(filter == .every ? .active : .every, environment: environment, output: &output)
        case .action(.showExpiring) where organisation == nil:
            next.daysLine = TextField(String(expiringDays), maxLength: 5)
        case .action(.showDormant) where organisation == nil:
            if case .dormant = filter {
                next.show(.every, environment: environment, output: &output)
            } else {
                next.show(
                    .dormant(days: environment.rules.credentialLife.dormantAfterDays), environment: environment,
                    output: &output)
            }
        case .action(.back):
            output.navigation = .pop
        case .message(.page(let filter, let after, .success(let page))):
            guard filter == self.filter else { break }  // an older filter's answer
            next.loaded = true
            next.problem = nil
            if after == 0 { next.rows = page } else if after == rows.last?.credential.id { next.rows += page }
            next.complete = page.count < Self.pageSize
            next.selected = min(next.selected, max(0, next.rows.count - 1))
        case .message(.page(let filter, _, .failure(let failure))):
            guard filter == self.filter else { break }
            next.loaded = true
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// The columns each view shows, in order: the expiry date always; the state when it may vary;
    /// the last activity in the dormant view, the issue time otherwise.
    enum Column: Hashable {
        case id, kind, holder, state, expires, issued, lastActivity

        var title: String {
            switch self {
            case .id: "ID"
            case .kind: "Kind"
            case .holder: "Holder"
            case .state: "State"
            case .expires: "Expires"
            case .issued: "Issued"
            case .lastActivity: "Last activity"
            }
        }

        func width(wide: Bool) -> Int {
            switch self {
            case .id: 6
            case .kind: 8
            case .holder: wide ? 24 : 16
            case .state: 8
            case .expires: 10
            case .issued, .lastActivity: 20
            }
        }
    }

    static func columns(for filter: Filter) -> [Column] {
        switch filter {
        case .every, .active: [.id, .kind, .holder, .state, .expires, .issued]
        case .expiring: [.id, .kind, .holder, .expires, .issued]
        case .dormant: [.id, .kind, .holder, .expires, .lastActivity]
        }
    }

    /// One credential as a line of `columns`, then its scopes.
    static func line(_ row: Row, columns: [Column], width: Int, wide: Bool, plain: Bool) -> String {
        let credential = row.credential
        func text(_ column: Column) -> String {
            switch column {
            case .id: String(credential.id)
            case .kind: credential.kind
            case .holder: credential.holder.name
            case .state: credential.state
            case .expires: credential.expiresOn ?? "-"
            case .issued: RequestText.time(credential.createdAt) + " UTC"
            case .lastActivity: row.lastActivity.map { RequestText.time($0) + " UTC" } ?? "-"
            }
        }
        let cells = columns.map { column in
            let width = column.width(wide: wide)
            return DisplayWidth.pad(
                DisplayWidth.truncate(VisibleText.escaped(text(column)), to: width, ascii: plain), to: width)
        }
        let scopes = VisibleText.escaped(credential.scopes.joined(separator: ", "))
        return DisplayWidth.truncate(cells.joined(separator: " ") + "  " + scopes, to: width, ascii: plain)
    }

    /// One credential as the organisation screen lists it: id, kind, holder, state, issued, scopes.
    static func line(_ credential: Credential, width: Int, plain: Bool) -> String {
        line(
            Row(credential: credential, lastActivity: nil), columns: [.id, .kind, .holder, .state, .issued],
            width: width, wide: true, plain: plain)
    }

    static func header(columns: [Column], wide: Bool) -> String {
        columns.map { DisplayWidth.pad($0.title, to: $0.width(wide: wide)) }.joined(separator: " ") + "  Scopes"
    }

    /// What the line above the list says the view is, and the keys that change it.
    func description(environment: AppEnvironment) -> String {
        let filters = organisation == nil
        switch filter {
        case .every:
            return "Showing every state. s: active only." + (filters ? " e: expiring. d: dormant." : "")
        case .active:
            return "Showing active credentials. s: every state." + (filters ? " e: expiring. d: dormant." : "")
        case .expiring(let days):
            return "Expiring within \(Self.days(days)), expired included. e: other days. s: every state."
        case .dormant(let days):
            return "Active, no recorded activity for \(Self.days(days)) (rules file). d: every state."
        }
    }

    /// What the list says when nothing matches.
    var nothing: String {
        switch filter {
        case .every: "No credentials."
        case .active: "No active credentials."
        case .expiring(let days): "No credentials expire within \(Self.days(days))."
        case .dormant(let days): "No credentials have been dormant for \(Self.days(days))."
        }
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        if let daysLine {
            let used = grid.put("Expiring within days: ", row: area.row, column: left, style: .label)
            let width = min(8, area.width - used - 3)
            let slice = daysLine.visibleSlice(line: daysLine.characters, cursorColumn: daysLine.cursor, width: width)
            if !theme.isPlain { grid.fill(row: area.row, column: left + used, width: width, style: .focus) }
            grid.put(slice.text, row: area.row, column: left + used, style: .focus)
            if let offset = slice.cursorOffset { grid.cursor = (area.row, left + used + offset) }
            grid.put(
                "(\(CredentialLife.listDays.lowerBound) to \(NumberText.grouped(CredentialLife.listDays.upperBound))"
                    + "; Enter shows, Esc keeps the list)", row: area.row, column: left + used + width + 1,
                style: .dim, limit: max(0, area.width - used - width - 3))
        } else {
            grid.put(
                description(environment: environment), row: area.row, column: left, style: .dim, limit: area.width - 2)
        }
        let wide = area.width >= 100
        let columns = Self.columns(for: filter)
        grid.put(
            "  " + Self.header(columns: columns, wide: wide), row: area.row + 2, column: area.column, style: .heading,
            limit: area.width)
        let visible = max(1, area.height - 4)
        let top = CellGrid.firstVisibleRow(selected: selected, count: rows.count, visible: visible)
        for (offset, credential) in rows.dropFirst(top).prefix(visible).enumerated() {
            let row = area.row + 3 + offset
            let isSelected = top + offset == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected { grid.markSelected(row: row, in: area, theme: theme, placingCursor: daysLine == nil) }
            grid.put(
                Self.line(credential, columns: columns, width: area.width - 3, wide: wide, plain: theme.isPlain),
                row: row, column: area.column + 2, style: style)
        }
        let position =
            !loaded
            ? "Reading…"
            : rows.isEmpty
                ? nothing
                : "\(NumberText.grouped(selected + 1)) of \(NumberText.grouped(rows.count))\(complete ? "" : "+")"
        grid.put(position, row: area.bottom - 1, column: left, style: .dim)
        if let problem {
            grid.put(
                "Error: " + problem.terminalText, row: area.row + 1, column: left, style: .error,
                limit: area.width - 2)
        }
    }
}

extension ActionID {
    static let cycleState = ActionID("cycleState")
    static let showExpiring = ActionID("showExpiring")
    static let showDormant = ActionID("showDormant")
}

extension ActionContext {
    static let credentialList = ActionContext("credentialList")
    static let credentialFilters = ActionContext("credentialFilters")
    static let credentialDays = ActionContext("credentialDays")
}
