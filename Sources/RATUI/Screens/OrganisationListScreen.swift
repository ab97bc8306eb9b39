import RAPPModel

/// The registered organisations, a page at a time, searchable by the start of the name.
///
/// Only a window of rows is held: pages are read from the registry by key as the selection
/// moves, so the list is as quick with 100,000 organisations as with ten.
public struct OrganisationListScreen: Hashable, Sendable {
    /// Rows read per query.
    public static let pageSize = 100
    /// The most rows held at once; pages far from the selection are dropped.
    public static let windowLimit = 300

    public var filter = FilterLine(maxLength: 160)
    /// The rows held, and the list position of the first of them.
    public var rows: [OrganisationSummary] = []
    public var firstIndex = 0
    /// The selected row's position in the whole list.
    public var selected = 0
    /// How many organisations match; nil until counted.
    public var total: Int?
    public var problem: String?
    /// The list's rows visible on screen at the last layout (for paging).
    public var visibleRows = 15

    public init() {}

    public var contexts: Set<ActionContext> {
        filter.isActive ? [.screen, .organisationListFilter] : [.screen, .innerScreen, .organisationList]
    }

    public var isTyping: Bool { filter.isActive }

    public var appearEffects: [Effect] {
        [.query(.organisations(OrganisationPageRequest(namePrefix: filter.text, direction: .first, limit: Self.pageSize)))]
    }

    var selectedRow: OrganisationSummary? {
        let index = selected - firstIndex
        return rows.indices.contains(index) ? rows[index] : nil
    }

    public func update(_ message: ScreenMessage, environment: AppEnvironment) -> (OrganisationListScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        if let outcome = next.filter.handle(message) {
            if outcome == .changed {
                next.selected = 0
                output.effects = next.appearEffects
            }
            return (next, output)
        }
        switch message {
        case .action(.open):
            if let row = selectedRow {
                output.navigation = .push(.organisation(OrganisationScreen(id: row.id)))
            }
        case .action(.newOrganisation):
            output.navigation = .push(.form(FormScreen(environment: environment)))
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
                output.effects = [.query(.organisations(OrganisationPageRequest(namePrefix: filter.text, direction: .last, limit: Self.pageSize)))]
            }
        case .action(.back):
            output.navigation = .pop
        case .result(.organisations(let request, let page, let total)):
            guard request.namePrefix == filter.text else { break }  // an older search
            next.problem = nil
            if let total { next.total = total }
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
        case .result(.failed(let problem)):
            next.problem = problem
            output.status = .error(problem)
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
            return [.query(.organisations(OrganisationPageRequest(namePrefix: filter.text, direction: .after(last), limit: Self.pageSize)))]
        }
        if selected < firstIndex, let first = rows.first {
            return [.query(.organisations(OrganisationPageRequest(namePrefix: filter.text, direction: .before(first), limit: Self.pageSize)))]
        }
        return []
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        // Search line.
        let searchLabel = "Search (name starts with): "
        if filter.isActive || !filter.text.isEmpty {
            let used = grid.put(searchLabel, row: area.row, column: left, style: .label)
            let width = area.width - used - 3
            let slice = filter.visibleSlice(width: width)
            if !theme.isPlain { grid.fill(row: area.row, column: left + used, width: width, style: filter.isActive ? .focus : .value) }
            grid.put(slice.text, row: area.row, column: left + used, style: filter.isActive ? .focus : .value)
            if let offset = slice.cursorOffset { grid.cursor = (area.row, left + used + offset) }
        } else {
            grid.put("Press / to search by name.", row: area.row, column: left, style: .dim)
        }
        // Columns: id, name, version, roles, submitted.
        let idWidth = 7
        let versionWidth = 4
        let submittedWidth = area.width >= 120 ? 20 : 0
        let rolesWidth = area.width >= 120 ? 44 : 22
        let nameWidth = area.width - 2 - idWidth - versionWidth - rolesWidth - submittedWidth - 6
        let header = DisplayWidth.pad("ID", to: idWidth) + " " + DisplayWidth.pad("Name", to: nameWidth) + " "
            + DisplayWidth.pad("Ver", to: versionWidth) + " " + DisplayWidth.pad("User Roles", to: rolesWidth)
            + (submittedWidth > 0 ? " " + DisplayWidth.pad("Submitted", to: submittedWidth) : "")
        grid.put("  " + header, row: area.row + 2, column: area.column, style: .heading)
        let listTop = area.row + 3
        let visible = max(1, area.height - 4)
        let count = total ?? (firstIndex + rows.count)
        // Keep the selection in view, scrolling as little as possible from a centred position.
        let top = min(max(0, selected - visible / 2), max(0, count - visible))
        for offset in 0..<visible {
            let index = top + offset
            guard index < count else { break }
            let row = listTop + offset
            let isSelected = index == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected {
                grid.fill(row: row, column: area.column, width: area.width, style: style)
                grid.put(theme.box.pointer, row: row, column: area.column, style: style)
                grid.cursor = (row, area.column)
            }
            guard rows.indices.contains(index - firstIndex) else {
                grid.put("  …", row: row, column: area.column, style: .dim)
                continue
            }
            let organisation = rows[index - firstIndex]
            let roles = organisation.roles.map(environment.rules.roleName).joined(separator: ", ")
            var column = area.column + 2
            column += grid.put(DisplayWidth.pad(String(organisation.id), to: idWidth) + " ", row: row, column: column, style: style)
            let name = DisplayWidth.truncate(VisibleText.escaped(organisation.name), to: nameWidth, ascii: theme.isPlain)
            column += grid.put(DisplayWidth.pad(name, to: nameWidth) + " ", row: row, column: column, style: style)
            column += grid.put(DisplayWidth.pad("v\(organisation.version)", to: versionWidth) + " ", row: row, column: column, style: style)
            column += grid.put(DisplayWidth.pad(DisplayWidth.truncate(roles, to: rolesWidth, ascii: theme.isPlain), to: rolesWidth), row: row, column: column, style: style)
            if submittedWidth > 0 {
                // "2026-11-25T08:51:52.123Z" shown as "2026-11-25 08:51 UTC".
                let stamp = VisibleText.escaped(String(organisation.submittedAt.prefix(16))).replacingOccurrences(of: "T", with: " ") + " UTC"
                grid.put(" " + stamp, row: row, column: column, style: style, limit: submittedWidth + 1)
            }
        }
        let position: String
        if count == 0 {
            position = filter.text.isEmpty ? "No organisations registered yet: press n to register one." : "No organisation's name starts with that."
        } else {
            position = "\(NumberText.grouped(selected + 1)) of \(NumberText.grouped(count))" + (filter.text.isEmpty ? "" : " matching")
        }
        grid.put(position, row: area.bottom - 1, column: left, style: .dim)
        if let problem {
            grid.put("Error: " + VisibleText.escaped(problem), row: area.row + 1, column: left, style: .error, limit: area.width - 2)
        }
    }
}
