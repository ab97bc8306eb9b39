import RAPPModel

/// The registered organisations, a page at a time, searchable by name, company number, SEC Party
/// identifier or id, in name or id order.
///
/// Only a window of rows is held: pages are read from the registry by key as the selection
/// moves, so the list is as quick with 100,000 organisations as with ten.
public struct OrganisationListScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// A page of organisations, with how many match when a new list was asked for.
        case page(OrganisationPageRequest, Result<OrganisationPage, Failure>)
    }

    /// Rows read per query.
    public static let pageSize = 100
    /// The most rows held at once; pages far from the selection are dropped.
    public static let windowLimit = 300

    public var filter = FilterLine(maxLength: TextField.memoryLimit)
    /// The order rows are listed in (`s` switches).
    public var order: OrganisationQuery.Order = .id
    /// The rows held, and the list position of the first of them.
    public var rows: [OrganisationSummary] = []
    public var firstIndex = 0
    /// The selected row's position in the whole list.
    public var selected = 0
    /// How many organisations match; nil until counted.
    public var total: Int?
    public var problem: Failure?
    /// The list's rows visible on screen at the last layout (for paging).
    public var visibleRows = 15

    public init() {}

    public static let actions: [Action] = [
        // The filter line.
        Action(
            .open, keys: [.enter, .down], name: "to list", description: "Keep the filter and go to the list.",
            contexts: [.organisationListFilter]),
        Action(
            .clearFilter, keys: [.escape, .control("g")], name: "clear",
            description: "Clear the filter and show every organisation.", contexts: [.organisationListFilter]),
        // The list.
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the organisation above.",
            contexts: [.organisationList], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the organisation below.",
            contexts: [.organisationList], inFooter: false),
        Action(
            .pageUp, keys: [.pageUp], name: "page up", description: "One page up.", contexts: [.organisationList],
            inFooter: false),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "One page down.",
            contexts: [.organisationList], inFooter: false),
        Action(
            .first, keys: [.home, .character("g")], name: "first", description: "Go to the first organisation.",
            contexts: [.organisationList], inFooter: false),
        Action(
            .last, keys: [.end, .character("G")], name: "last", description: "Go to the last organisation.",
            contexts: [.organisationList], inFooter: false),
        Action(
            .open, keys: [.enter], name: "open", description: "Open the highlighted organisation and its history.",
            contexts: [.organisationList]),
        Action(
            .filter, keys: [.character("/")], name: "search",
            description:
                "Search the name, company number and SEC Party ID anywhere (3 characters or more; fewer: the start of the name), or an id.",
            contexts: [.organisationList]),
        Action(
            .sortOrder, keys: [.character("s")], name: "sort", description: "List in name order or in id order.",
            contexts: [.organisationList]),
        Action(
            .newOrganisation, keys: [.character("n")], name: "new A1", description: "Register a new organisation.",
            contexts: [.organisationList]),
    ]

    public func title(environment: AppEnvironment) -> String {
        (filter.text.isEmpty ? "Organisations" : "Organisations: search") + (order == .name ? ", by name" : ", by id")
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        filter.isActive ? [.screen, .organisationListFilter] : [.screen, .innerScreen, .organisationList]
    }

    public var isTyping: Bool { filter.isActive }

    public var appearEffects: [Effect] { [read(.first)] }

    public func laidOut(in area: Rect) -> OrganisationListScreen {
        var screen = self
        screen.visibleRows = max(1, area.height - 4)
        return screen
    }

    /// The query the list shows: the search as typed, in the order chosen.
    public var query: OrganisationQuery { OrganisationQuery(text: filter.text, order: order) }

    /// Reads the page in `direction` for the filter as typed.
    func read(_ direction: OrganisationPageRequest.Direction) -> Effect {
        let request = OrganisationPageRequest(query: query, direction: direction, limit: Self.pageSize)
        return .registry(
            "organisation page", { context in try request.read(from: context.reading()) },
            then: { Message.page(request, $0) })
    }

    var selectedRow: OrganisationSummary? {
        let index = selected - firstIndex
        return rows.indices.contains(index) ? rows[index] : nil
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        OrganisationListScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        if let outcome = next.filter.handle(event) {
            if outcome == .changed {
                next.selected = 0
                output.effects = next.appearEffects
            }
            return (next, output)
        }
        switch event {
        case .action(.open):
            if let row = selectedRow {
                output.navigation = .push(OrganisationScreen(id: row.id))
            }
        case .action(.sortOrder):
            next.order = order == .id ? .name : .id
            next.selected = 0
            output.effects = next.appearEffects
            output.status = .info(next.order == .name ? "Listed by name." : "Listed by id.")
        case .action(.newOrganisation):
            output.navigation = .push(FormScreen(environment: environment))
        case .action(.moveUp): output.effects = next.move(to: selected - 1)
        case .action(.moveDown): output.effects = next.move(to: selected + 1)
        case .action(.pageUp): output.effects = next.move(to: selected - visibleRows)
        case .action(.pageDown): output.effects = next.move(to: selected + visibleRows)
        case .action(.first):
            next.selected = 0
            if firstIndex != 0 { output.effects = next.appearEffects }
        case .action(.last):
            guard let total, total > 0 else { break }
            next.selected = total - 1
            if firstIndex + rows.count < total {
                output.effects = [read(.last)]
            }
        case .action(.back):
            output.navigation = .pop
        case .message(.page(let request, .success(let answer))):
            guard request.query == query else { break }  // an older search or order
            next.problem = nil
            let page = answer.rows
            if let total = answer.total { next.total = total }
            switch request.direction {
            case .first:
                next.rows = page
                next.firstIndex = 0
            case .last:
                next.rows = page
                next.firstIndex = max(0, (next.total ?? page.count) - page.count)
            case .after:
                next.rows += page
                if next.rows.count > Self.windowLimit {
                    let drop = next.rows.count - Self.windowLimit
                    next.rows.removeFirst(drop)
                    next.firstIndex += drop
                }
                if page.count < request.limit { next.total = next.firstIndex + next.rows.count }
            case .before:
                next.rows = page + next.rows
                next.firstIndex -= page.count
                if next.rows.count > Self.windowLimit { next.rows.removeLast(next.rows.count - Self.windowLimit) }
            }
            let count = next.total ?? (next.firstIndex + next.rows.count)
            next.selected = min(max(0, next.selected), max(0, count - 1))
            // A jump further than one page: keep reading towards the selection.
            if !page.isEmpty { output.effects = next.move(to: next.selected) }
        case .message(.page(_, .failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// Moves the selection, asking for the page it lands in when that is not held.
    private mutating func move(to target: Int) -> [Effect] {
        let count = total ?? (firstIndex + rows.count)
        guard count > 0 else { return [] }
        selected = min(max(0, target), count - 1)
        if selected >= firstIndex + rows.count, let last = rows.last {
            return [read(.after(last))]
        }
        if selected < firstIndex, let first = rows.first {
            return [read(.before(first))]
        }
        return []
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        // Search line.
        let searchLabel = "Search: "
        if filter.isActive || !filter.text.isEmpty {
            let used = grid.put(searchLabel, row: area.row, column: left, style: .label)
            let width = area.width - used - 3
            let slice = filter.visibleSlice(width: width)
            if !theme.isPlain {
                grid.fill(row: area.row, column: left + used, width: width, style: filter.isActive ? .focus : .value)
            }
            grid.put(slice.text, row: area.row, column: left + used, style: filter.isActive ? .focus : .value)
            if let offset = slice.cursorOffset { grid.cursor = (area.row, left + used + offset) }
            let how =
                query.searchesAnywhere || query.searchText.isEmpty
                ? "Anywhere in name, company number or SEC Party ID; digits also an id."
                : "Fewer than 3 characters: the start of the name; digits also an id."
            grid.put(how, row: area.row + 1, column: left + used, style: .dim, limit: area.width - used - 3)
        } else {
            grid.put(
                "Press / to search by name, company number, SEC Party ID or id; s to sort.", row: area.row,
                column: left, style: .dim, limit: area.width - 2)
        }
        // Columns: id, name, version, roles, submitted. What is left after the fixed ones is
        // shared: the name two parts, the roles one (at least 16), up to 44 for the roles.
        let idWidth = 7
        let versionWidth = 4
        let submittedWidth = area.width >= 100 ? 20 : 0
        let shared = area.width - 2 - idWidth - versionWidth - submittedWidth - 6
        let rolesWidth = min(44, max(16, shared / 3))
        let nameWidth = shared - rolesWidth
        let sorted = theme.isPlain ? " ^" : " ▲"
        let header =
            DisplayWidth.pad("ID" + (order == .id ? sorted : ""), to: idWidth) + " "
            + DisplayWidth.pad("Name" + (order == .name ? sorted : ""), to: nameWidth) + " "
            + DisplayWidth.pad("Ver", to: versionWidth) + " " + DisplayWidth.pad("User Roles", to: rolesWidth)
            + (submittedWidth > 0 ? " " + DisplayWidth.pad("Submitted", to: submittedWidth) : "")
        grid.put("  " + header, row: area.row + 2, column: area.column, style: .heading)
        let listTop = area.row + 3
        let visible = max(1, area.height - 4)
        let count = total ?? (firstIndex + rows.count)
        // Keep the selection in view, scrolling as little as possible from a centred position.
        let top = CellGrid.firstVisibleRow(selected: selected, count: count, visible: visible)
        for offset in 0..<visible {
            let index = top + offset
            guard index < count else { break }
            let row = listTop + offset
            let isSelected = index == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected { grid.markSelected(row: row, in: area, theme: theme) }
            guard rows.indices.contains(index - firstIndex) else {
                grid.put("  …", row: row, column: area.column, style: .dim)
                continue
            }
            let organisation = rows[index - firstIndex]
            let roles = organisation.roles.map(environment.rules.roleName).joined(separator: ", ")
            var column = area.column + 2
            column += grid.put(
                DisplayWidth.pad(String(organisation.id), to: idWidth) + " ", row: row, column: column, style: style)
            let name = DisplayWidth.truncate(
                VisibleText.escaped(organisation.name), to: nameWidth, ascii: theme.isPlain)
            column += grid.put(DisplayWidth.pad(name, to: nameWidth) + " ", row: row, column: column, style: style)
            column += grid.put(
                DisplayWidth.pad("v\(organisation.version)", to: versionWidth) + " ", row: row, column: column,
                style: style)
            column += grid.put(
                DisplayWidth.pad(DisplayWidth.truncate(roles, to: rolesWidth, ascii: theme.isPlain), to: rolesWidth),
                row: row, column: column, style: style)
            if submittedWidth > 0 {
                // "2026-11-25T08:51:52.123Z" shown as "2026-11-25 08:51 UTC".
                let stamp =
                    VisibleText.escaped(String(organisation.submittedAt.prefix(16))).replacingOccurrences(
                        of: "T", with: " ") + " UTC"
                grid.put(" " + stamp, row: row, column: column, style: style, limit: submittedWidth + 1)
            }
        }
        if count == 0, total != nil, !filter.text.isEmpty {
            grid.put("Nothing found.", row: listTop, column: area.column + 2, style: .dim)
        }
        let position: String
        if count == 0 {
            position =
                filter.text.isEmpty
                ? "No organisations registered yet: press n to register one."
                : "No organisation matches \(VisibleText.quoted(query.searchText)): Esc clears the search."
        } else {
            position =
                "\(NumberText.grouped(selected + 1)) of \(NumberText.grouped(count))"
                + (filter.text.isEmpty ? "" : " matching")
        }
        grid.put(position, row: area.bottom - 1, column: left, style: .dim)
        if let problem {
            grid.put(
                "Error: " + problem.terminalText, row: area.row + 1, column: left, style: .error,
                limit: area.width - 2)
        }
    }
}

extension ActionID {
    static let sortOrder = ActionID("sortOrder")
}

extension ActionContext {
    static let organisationList = ActionContext("organisationList")
    static let organisationListFilter = ActionContext("organisationListFilter")
}
