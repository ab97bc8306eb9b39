import Foundation
import RAPPModel

/// The requests waiting for the signed-in operator: those in which their roles grant a step now
/// and separation of duties lets them take it, oldest first, with kind, subject and the step that
/// waits. `/` keeps the kinds and states whose names contain what is typed.
///
/// The registry decides what waits (`Registry.workQueue`, the engine's own rules as index seeks);
/// pages are read as the selection moves, so the queue opens as fast with 100,000 requests
/// stored as with ten.
public struct WorkQueueScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// A page after `after`, with the count when it was asked for.
        case page(filter: String, after: Int64, Result<Registry.WorkQueuePage, Failure>)
    }

    /// Rows read per query.
    public static let pageSize = 100

    public var filter = FilterLine(maxLength: 80)
    public var rows: [RequestSummary] = []
    public var selected = 0
    /// How many requests wait (at most `Registry.countLimit` + 1); nil until counted.
    public var waiting: Int?
    /// True once a page came back shorter than asked: nothing more to read.
    public var complete = false
    public var loaded = false
    public var problem: Failure?
    public var visibleRows = 15

    public init() {}

    public static let actions: [Action] = [
        Action(
            .open, keys: [.enter, .down], name: "to list", description: "Keep the filter and go to the queue.",
            contexts: [.workQueueFilter]),
        Action(
            .clearFilter, keys: [.escape, .control("g")], name: "clear",
            description: "Clear the filter and show everything waiting for you.", contexts: [.workQueueFilter]),
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the request above.",
            contexts: [.workQueue], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the request below.",
            contexts: [.workQueue], inFooter: false),
        Action(
            .pageUp, keys: [.pageUp], name: "page up", description: "One page up.", contexts: [.workQueue],
            inFooter: false),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "One page down.",
            contexts: [.workQueue], inFooter: false),
        Action(
            .open, keys: [.enter], name: "open",
            description: "Open the highlighted request: its form, every step, and what you may do now.",
            contexts: [.workQueue]),
        Action(
            .filter, keys: [.character("/")], name: "filter",
            description: "Keep the kinds and states whose names contain what you type.", contexts: [.workQueue]),
        Action(
            .reloadRequests, keys: [.character("r")], name: "refresh", description: "Read the queue again.",
            contexts: [.workQueue]),
    ]

    public func title(environment: AppEnvironment) -> String {
        filter.text.isEmpty ? "Work queue: waiting for you" : "Work queue: filtered"
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        filter.isActive ? [.screen, .workQueueFilter] : [.screen, .innerScreen, .workQueue]
    }

    public var isTyping: Bool { filter.isActive }

    /// Read whenever shown, so a step just taken leaves the queue.
    public var appearEffects: [Effect] { [read(after: 0)] }

    public func laidOut(in area: Rect) -> WorkQueueScreen {
        var screen = self
        screen.visibleRows = max(1, area.height - 4)
        return screen
    }

    func read(after: Int64) -> Effect {
        let text = filter.text
        let limit = Self.pageSize
        return .registry(
            "work queue",
            { context in
                let session = try context.signedIn()
                let states = RequestText.states(matching: text, library: context.registry.policy)
                return try context.registry.workQueue(
                    states: states, after: after, limit: limit, counting: after == 0, by: session)
            }, then: { Message.page(filter: text, after: after, $0) })
    }

    var selectedRow: RequestSummary? { rows.indices.contains(selected) ? rows[selected] : nil }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (WorkQueueScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        if let outcome = next.filter.handle(event) {
            if outcome == .changed {
                next.selected = 0
                output.effects = [next.read(after: 0)]
            }
            return (next, output)
        }
        switch event {
        case .action(.open):
            if let row = selectedRow { output.navigation = .push(RequestScreen(id: row.id)) }
        case .action(.reloadRequests):
            output.effects = [read(after: 0)]
        case .action(.moveUp): next.move(to: selected - 1, output: &output)
        case .action(.moveDown): next.move(to: selected + 1, output: &output)
        case .action(.pageUp): next.move(to: selected - visibleRows, output: &output)
        case .action(.pageDown): next.move(to: selected + visibleRows, output: &output)
        case .action(.back):
            output.navigation = .pop
        case .message(.page(let text, let after, .success(let page))):
            guard text == filter.text else { break }  // an older filter's answer
            next.loaded = true
            next.problem = nil
            if after == 0 {
                next.rows = page.rows
                next.waiting = page.waiting
            } else if after == rows.last?.id {
                next.rows += page.rows
            }
            next.complete = page.rows.count < Self.pageSize
            next.selected = min(next.selected, max(0, next.rows.count - 1))
        case .message(.page(_, _, .failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// Moves the selection, reading the next page when it reaches the last row held.
    private mutating func move(to target: Int, output: inout ScreenOutput) {
        guard !rows.isEmpty else { return }
        selected = min(max(0, target), rows.count - 1)
        if selected >= rows.count - 1, !complete, let last = rows.last {
            output.effects = [read(after: last.id)]
        }
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        if filter.isActive || !filter.text.isEmpty {
            let label = "Kind or state contains: "
            let used = grid.put(label, row: area.row, column: left, style: .label)
            let width = area.width - used - 3
            let slice = filter.visibleSlice(width: width)
            if !theme.isPlain {
                grid.fill(row: area.row, column: left + used, width: width, style: filter.isActive ? .focus : .value)
            }
            grid.put(slice.text, row: area.row, column: left + used, style: filter.isActive ? .focus : .value)
            if let offset = slice.cursorOffset { grid.cursor = (area.row, left + used + offset) }
        } else {
            grid.put(
                "Requests in which you may take a step now, oldest first. Press / to filter.", row: area.row,
                column: left, style: .dim, limit: area.width - 2)
        }
        let wide = area.width >= 120
        let idWidth = 7
        let kindWidth = wide ? 24 : 14
        let sinceWidth = 20
        let stepWidth = wide ? 40 : 18
        let subjectWidth = max(8, area.width - 2 - idWidth - kindWidth - sinceWidth - stepWidth - 5)
        func columns(_ id: String, _ kind: String, _ subject: String, _ step: String, _ since: String) -> String {
            DisplayWidth.pad(id, to: idWidth) + " "
                + DisplayWidth.pad(DisplayWidth.truncate(kind, to: kindWidth, ascii: theme.isPlain), to: kindWidth)
                + " "
                + DisplayWidth.pad(
                    DisplayWidth.truncate(subject, to: subjectWidth, ascii: theme.isPlain), to: subjectWidth) + " "
                + DisplayWidth.pad(DisplayWidth.truncate(step, to: stepWidth, ascii: theme.isPlain), to: stepWidth)
                + " "
                + DisplayWidth.truncate(since, to: sinceWidth, ascii: theme.isPlain)
        }
        grid.put(
            "  " + columns("ID", "Kind", "Subject", "Waiting step", "Waiting since"), row: area.row + 2,
            column: area.column, style: .heading, limit: area.width)
        let listTop = area.row + 3
        let visible = max(1, area.height - 4)
        let top = CellGrid.firstVisibleRow(selected: selected, count: rows.count, visible: visible)
        for (offset, request) in rows.dropFirst(top).prefix(visible).enumerated() {
            let index = top + offset
            let row = listTop + offset
            let isSelected = index == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected { grid.markSelected(row: row, in: area, theme: theme) }
            let subject = VisibleText.escaped(request.name) + (request.organisationID.map { " (org \($0))" } ?? "")
            // Wide: the state and the step that waits; narrow: the step alone.
            let waitingStep = RequestText.waitingStep(
                kind: request.kind, state: request.state, environment: environment)
            let step =
                wide
                ? RequestText.state(request.state, kind: request.kind, library: environment.library) + ": "
                    + waitingStep : waitingStep
            let since = RequestText.time(request.updatedAt) + " UTC"
            // Held by an SMKI PMA direction (SEC L16): it waits, whatever step is shown.
            let shown = request.hold == nil ? step : "Held: " + step
            grid.put(
                columns(
                    String(request.id), RequestText.kind(request.kind, library: environment.library), subject, shown,
                    since),
                row: row, column: area.column + 2, style: style, limit: area.width - 2)
        }
        let position: String
        if !loaded {
            position = "Reading…"
        } else if rows.isEmpty {
            position = filter.text.isEmpty ? "Nothing waits for you." : "Nothing waiting for you matches the filter."
        } else {
            let total = waiting.map { RequestText.count($0) } ?? "…"
            position = "\(NumberText.grouped(selected + 1)) of \(total) waiting"
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
    static let reloadRequests = ActionID("reloadRequests")
    static let openWorkQueue = ActionID("openWorkQueue")
}

extension ActionContext {
    static let workQueue = ActionContext("workQueue")
    static let workQueueFilter = ActionContext("workQueueFilter")
}
