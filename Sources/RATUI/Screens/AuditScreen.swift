import Foundation
import RAPPModel

/// The audit trail, a page at a time: who changed what, when; filterable, with each event's details.
///
/// Opened from Home for the whole trail, or from an organisation for its own history (a fixed
/// record filter). Only one page of events is held; pages are read by sequence number.
public struct AuditScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// A page of events, oldest first, with how many match when a new list was asked for.
        case page(AuditPageRequest, Result<AuditPage, Failure>)
    }

    /// Events shown when the screen's size is not known yet.
    static let defaultPage = 15

    /// The record whose history this is (`organisation/12`), or nil for the whole trail.
    public let record: String?
    public var filter = FilterLine(maxLength: TextField.memoryLimit)
    public var events: [AuditEvent] = []
    public var selected = 0
    /// Events matching the filter; nil until counted.
    public var total: Int?
    public var showingDetails = false
    public var problem: Failure?
    public var visibleRows = AuditScreen.defaultPage

    public init(record: String? = nil) {
        self.record = record
    }

    public static let actions: [Action] = [
        // The filter line.
        Action(.open, keys: [.enter, .down], name: "to list", description: "Keep the filter and go to the list.", contexts: [.auditFilter]),
        Action(.clearFilter, keys: [.escape, .control("g")], name: "clear", description: "Clear the filter and show every event.", contexts: [.auditFilter]),
        // The trail.
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the event above.", contexts: [.auditList], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the event below.", contexts: [.auditList], inFooter: false),
        Action(.pageUp, keys: [.pageUp], name: "page up", description: "Older events.", contexts: [.auditList], inFooter: false),
        Action(.pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "Newer events.", contexts: [.auditList], inFooter: false),
        Action(.first, keys: [.home, .character("g")], name: "first", description: "Go to the first event.", contexts: [.auditList], inFooter: false),
        Action(.last, keys: [.end, .character("G")], name: "last", description: "Go to the latest event.", contexts: [.auditList], inFooter: false),
        Action(.open, keys: [.enter], name: "details", description: "Show or hide the highlighted event's details.", contexts: [.auditList]),
        Action(.filter, keys: [.character("/")], name: "filter", description: "Filter by operator name, action (organisation.submitted) or record (organisation/12).", contexts: [.auditList]),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        filter.isActive ? [.screen, .auditFilter] : [.screen, .innerScreen, .auditList]
    }

    public var isTyping: Bool { filter.isActive }

    public func title(environment: AppEnvironment) -> String { title }

    public var title: String { record.map { "History of \($0)" } ?? "Audit trail" }

    public func laidOut(in area: Rect) -> AuditScreen {
        var screen = self
        screen.visibleRows = max(1, area.height - (showingDetails ? 14 : 4))
        return screen
    }

    /// The filter typed, read as what it looks like: a record (has a '/'), an action, or an operator.
    public var auditFilter: AuditFilter {
        var result = AuditFilter(record: record)
        let text = filter.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return result }
        if text.contains("/") {
            result.record = text
        } else if AuditAction(rawValue: text) != nil {
            result.action = text
        } else {
            result.operatorName = text
        }
        return result
    }

    func request(_ direction: AuditPageRequest.Direction) -> Effect {
        let request = AuditPageRequest(filter: auditFilter, direction: direction, limit: max(1, visibleRows))
        return .registry("audit page", { context in
            try request.read(from: context.registry, by: try context.signedIn())
        }, then: { Message.page(request, $0) })
    }

    /// The latest events first appear: an audit trail is read from its end.
    public var appearEffects: [Effect] { [request(.last)] }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (AuditScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        if let outcome = next.filter.handle(event) {
            if outcome == .changed {
                next.selected = 0
                output.effects = [next.request(.last)]
            }
            return (next, output)
        }
        switch event {
        case .action(.back):
            output.navigation = .pop
        case .action(.open):
            next.showingDetails.toggle()
        case .action(.moveUp):
            if selected > 0 { next.selected -= 1 } else if let first = events.first { output.effects = [request(.before(first.sequence))] }
        case .action(.moveDown):
            if selected + 1 < events.count { next.selected += 1 } else if let last = events.last { output.effects = [request(.after(last.sequence))] }
        case .action(.pageUp):
            if let first = events.first { output.effects = [request(.before(first.sequence))] }
        case .action(.pageDown):
            if let last = events.last { output.effects = [request(.after(last.sequence))] }
        case .action(.first):
            output.effects = [request(.first)]
        case .action(.last):
            output.effects = [request(.last)]
        case .message(.page(let request, .success(let answer))):
            guard request.filter == auditFilter else { break }  // an answer to an older filter
            let page = answer.events
            if let total = answer.total { next.total = total }
            next.problem = nil
            switch request.direction {
            case .first:
                next.events = page
                next.selected = 0
            case .last:
                next.events = page
                next.selected = max(0, page.count - 1)
            case .before:
                guard !page.isEmpty else { output.status = .info("That is the first event."); break }
                next.events = page
                next.selected = page.count - 1
            case .after:
                guard !page.isEmpty else { output.status = .info("That is the latest event."); break }
                next.events = page
                next.selected = 0
            }
        case .message(.page(_, .failure(let failure))):
            next.problem = failure
            output.status = .error(failure.message)
        default:
            break
        }
        return (next, output)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        let width = area.width - 2
        var row = area.row
        let filterLabel = "Filter: "
        let used = grid.put(filterLabel, row: row, column: left, style: .label)
        let slice = filter.visibleSlice(width: 40)
        if filter.isActive && !theme.isPlain { grid.fill(row: row, column: left + used, width: 40, style: .focus) }
        grid.put(filter.text.isEmpty && !filter.isActive ? "(none: / to filter)" : slice.text, row: row, column: left + used,
                 style: filter.isActive ? .focus : (filter.text.isEmpty ? .dim : .value))
        if filter.isActive, let offset = slice.cursorOffset { grid.cursor = (row, left + used + offset) }
        let position: String
        if let total {
            let shown = events.indices.contains(selected) ? "event \(events[selected].sequence), " : ""
            position = "\(shown)\(NumberText.grouped(total)) matching"
        } else {
            position = ""
        }
        grid.put(position, row: row, column: max(left + used + 42, area.column + area.width - DisplayWidth.of(position) - 1), style: .dim)
        row += 2
        let header = "  #     Time (UTC)       Operator      Action                   Record"
        grid.put(DisplayWidth.truncate(header, to: width, ascii: theme.isPlain), row: row, column: left, style: .heading)
        row += 1
        if let problem {
            grid.put(DisplayWidth.truncate("Error: " + VisibleText.escaped(problem.message), to: width, ascii: theme.isPlain), row: row, column: left, style: .error)
            return
        }
        if events.isEmpty {
            grid.put(total == nil ? "Reading…" : "No events match.", row: row, column: left + 2, style: .dim)
            return
        }
        let detailsHeight = showingDetails ? min(10, max(4, area.height / 3)) : 0
        for (index, event) in events.enumerated() where row < area.bottom - detailsHeight {
            let isSelected = index == selected
            let marker = isSelected ? theme.box.pointer : " "
            // To the minute here; the details line below shows the full time.
            let minute = String(event.recordedAt.prefix(16)).replacingOccurrences(of: "T", with: " ")
            let text = "\(marker) " + pad(String(event.sequence), 6) + pad(minute, 17)
                + pad(VisibleText.escaped(event.operatorName ?? (event.action == AuditAction.signInFailed.rawValue ? "(unknown)" : "(ratui)")), 14) + pad(event.action, 25) + VisibleText.escaped(event.record ?? "")
            grid.put(DisplayWidth.truncate(text, to: width, ascii: theme.isPlain), row: row, column: left, style: isSelected ? .selected : .normal)
            if isSelected && !filter.isActive && theme.isPlain { grid.cursor = (row, left) }
            row += 1
        }
        if showingDetails, events.indices.contains(selected) {
            let event = events[selected]
            var detailRow = area.bottom - detailsHeight
            grid.put(DisplayWidth.truncate("Event \(event.sequence) at \(event.recordedAt): \(event.action)", to: width, ascii: theme.isPlain),
                     row: detailRow, column: left, style: .heading)
            grid.put(DisplayWidth.truncate("hash \(event.hash)", to: width - 2, ascii: theme.isPlain), row: detailRow + 1, column: left + 2, style: .dim)
            detailRow += 2
            for line in TextWrap.lines(VisibleText.escaped(event.details), width: width - 2) where detailRow < area.bottom {
                grid.put(line, row: detailRow, column: left + 2)
                detailRow += 1
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let fitted = DisplayWidth.prefix(text, fitting: width - 1)
        return fitted + String(repeating: " ", count: max(1, width - DisplayWidth.of(fitted)))
    }
}

extension ActionContext {
    static let auditList = ActionContext("auditList")
    static let auditFilter = ActionContext("auditFilter")
}
