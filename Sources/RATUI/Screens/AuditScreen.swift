import Foundation
import RAPPModel

/// The audit trail, latest first, a page at a time: who changed what, when; searchable, with each
/// event's details a key away.
///
/// Opened from Home for the whole trail, or from an organisation for its own history (a fixed
/// record filter). Only one page of events is held; pages are read by sequence number. A search
/// (`/`) matches text anywhere in the operator, action or record, A-Z folded, and takes a date
/// range (`since:2026-11-01 until:2026-11-25`); no index serves it, so each page examines at most
/// `AuditPageRequest.defaultScanLimit` events and says how far it looked.
public struct AuditScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// A page of events, newest first, with how many match when a new list was asked for.
        case page(AuditPageRequest, Result<AuditPage, Failure>)
    }

    /// Events shown when the screen's size is not known yet.
    static let defaultPage = 15

    /// The record whose history this is (`organisation/12`), or nil for the whole trail.
    public let record: String?
    public var filter = FilterLine(maxLength: TextField.memoryLimit)
    /// The page shown, newest first.
    public var events: [AuditEvent] = []
    public var selected = 0
    /// Events matching the filter; nil until counted.
    public var total: Int?
    /// Set when `total` counts only this many latest events.
    public var totalCapped: Int64?
    /// The sequence numbers the page shown examined, and the trail's end when read.
    public var scanned: ClosedRange<Int64>?
    public var head: Int64 = 0
    /// Current names of the organisations the page's events are about.
    public var organisationNames: [String: String] = [:]
    public var problem: Failure?
    public var visibleRows = AuditScreen.defaultPage

    public init(record: String? = nil) {
        self.record = record
    }

    public static let actions: [Action] = [
        // The filter line.
        Action(
            .open, keys: [.enter, .down], name: "to list", description: "Keep the search and go to the list.",
            contexts: [.auditFilter]),
        Action(
            .clearFilter, keys: [.escape, .control("g")], name: "clear",
            description: "Clear the search and show every event.", contexts: [.auditFilter]),
        // The trail.
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the newer event above.",
            contexts: [.auditList], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the older event below.",
            contexts: [.auditList], inFooter: false),
        Action(
            .pageUp, keys: [.pageUp], name: "page up", description: "Newer events.", contexts: [.auditList],
            inFooter: false),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "page down",
            description: "Older events (a search goes on from where it stopped).", contexts: [.auditList],
            inFooter: false),
        Action(
            .first, keys: [.home, .character("g")], name: "latest", description: "Go to the latest event.",
            contexts: [.auditList], inFooter: false),
        Action(
            .last, keys: [.end, .character("G")], name: "oldest", description: "Go to the oldest event.",
            contexts: [.auditList], inFooter: false),
        Action(
            .open, keys: [.enter], name: "details",
            description: "Show the highlighted event's details, hash and state.", contexts: [.auditList]),
        Action(
            .filter, keys: [.character("/")], name: "search",
            description:
                "Search operator, action and record for text (A-Z folded); since:DATE and until:DATE limit the time.",
            contexts: [.auditList]),
        Action(
            .exportAudit, keys: [.character("x")], name: "export",
            description: "Export the events the search matches to a JSON Lines file.", contexts: [.auditList],
            permission: .auditRead),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        filter.isActive ? [.screen, .auditFilter] : [.screen, .innerScreen, .auditList]
    }

    public var isTyping: Bool { filter.isActive }

    public func title(environment: AppEnvironment) -> String { title }

    public var title: String { record.map { "History of \($0)" } ?? "Audit trail" }

    public func laidOut(in area: Rect) -> AuditScreen {
        var screen = self
        screen.visibleRows = max(1, area.height - 5)
        return screen
    }

    /// The search typed, read by the model (`AuditSearch`): words, `since:` and `until:`.
    public var auditFilter: Result<AuditFilter, Failure> {
        AuditSearch.filter(filter.text, narrowing: AuditFilter(record: record))
    }

    func request(_ direction: AuditPageRequest.Direction) -> [Effect] {
        guard case .success(let filter) = auditFilter else { return [] }
        let request = AuditPageRequest(filter: filter, direction: direction, limit: max(1, visibleRows))
        return [
            .registry(
                "audit page",
                { context in
                    try request.read(from: context.registry, by: try context.signedIn())
                }, then: { Message.page(request, $0) })
        ]
    }

    /// The latest events first: an audit trail is read from its end.
    public var appearEffects: [Effect] { request(.latest) }

    /// Another operator's change: re-read only while the latest page is shown, so reading older
    /// events is never interrupted.
    public var refreshEffects: [Effect] {
        guard let scanned, scanned.upperBound >= head else { return [] }
        return request(.latest)
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (AuditScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        if let outcome = next.filter.handle(event) {
            if outcome == .changed {
                next.selected = 0
                switch next.auditFilter {
                case .success:
                    next.problem = nil
                    output.effects = next.request(.latest)
                    output.clearsProblems = true
                case .failure(let failure):
                    output.status = .error(failure)
                }
            }
            return (next, output)
        }
        switch event {
        case .action(.back):
            output.navigation = .pop
        case .action(.open):
            if events.indices.contains(selected) {
                let event = events[selected]
                output.navigation = .push(
                    AuditEventScreen(event: event, organisationName: event.record.flatMap { organisationNames[$0] }))
            }
        case .action(.exportAudit):
            switch auditFilter {
            case .success(let filter):
                output.navigation = .push(AuditExportScreen(filter: filter, described: filter.text ?? ""))
            case .failure(let failure): output.status = .error(failure)
            }
        case .action(.moveUp):
            if selected > 0 { next.selected -= 1 } else { output.effects = newer() }
        case .action(.moveDown):
            if selected + 1 < events.count { next.selected += 1 } else { output.effects = older() }
        case .action(.pageUp):
            output.effects = newer()
        case .action(.pageDown):
            output.effects = older()
        case .action(.first):
            output.effects = request(.latest)
        case .action(.last):
            output.effects = request(.oldest)
        case .message(.page(let request, .success(let answer))):
            guard case .success(let filter) = auditFilter, request.filter == filter else { break }  // an older search
            if let total = answer.total {
                next.total = total
                next.totalCapped = answer.totalCapped
            }
            next.problem = nil
            next.head = answer.head
            let moved: Bool
            switch request.direction {
            case .latest, .oldest:
                moved = true
            case .older:
                moved = !answer.events.isEmpty || answer.scanned.lowerBound > 1
                if !moved { output.status = .info("That is the oldest event\(filter.scansEvents ? " matching" : "").") }
            case .newer:
                moved = !answer.events.isEmpty || answer.scanned.upperBound < answer.head
                if !moved { output.status = .info("That is the latest event\(filter.scansEvents ? " matching" : "").") }
            }
            guard moved else { break }
            next.events = answer.events
            next.scanned = answer.scanned
            next.organisationNames = answer.organisationNames
            switch request.direction {
            case .latest, .older: next.selected = 0
            case .oldest, .newer: next.selected = max(0, answer.events.count - 1)
            }
        case .message(.page(_, .failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// The page older than the one shown: below the oldest event shown, or below where a search
    /// stopped looking.
    private func older() -> [Effect] {
        guard let scanned else { return [] }
        let from = min(scanned.lowerBound, events.last?.sequence ?? scanned.lowerBound)
        return request(.older(than: from))
    }

    private func newer() -> [Effect] {
        guard let scanned else { return [] }
        let from = max(scanned.upperBound, events.first?.sequence ?? scanned.upperBound)
        return request(.newer(than: from))
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        let width = area.width - 2
        var row = area.row
        let filterLabel = "Search: "
        var position = ""
        if let total {
            let shown = events.indices.contains(selected) ? "event \(events[selected].sequence), " : ""
            position = "\(shown)\(NumberText.grouped(total)) matching"
            if let capped = totalCapped { position += " in the latest \(NumberText.grouped(Int(capped)))" }
        }
        let used = grid.put(filterLabel, row: row, column: left, style: .label)
        // The search field gives way to the position on the right.
        let fieldWidth = max(10, min(40, width - used - DisplayWidth.of(position) - 2))
        let slice = filter.visibleSlice(width: fieldWidth)
        if filter.isActive && !theme.isPlain {
            grid.fill(row: row, column: left + used, width: fieldWidth, style: .focus)
        }
        grid.put(
            filter.text.isEmpty && !filter.isActive ? "(none: / to search)" : slice.text, row: row, column: left + used,
            style: filter.isActive ? .focus : (filter.text.isEmpty ? .dim : .value), limit: fieldWidth)
        if filter.isActive, let offset = slice.cursorOffset { grid.cursor = (row, left + used + offset) }
        grid.put(
            position, row: row,
            column: max(left + used + fieldWidth + 2, area.column + area.width - DisplayWidth.of(position) - 1),
            style: .dim,
            limit: max(0, area.column + area.width - 1 - (left + used + fieldWidth + 2)))
        row += 1
        if filter.isActive || filter.text.isEmpty {
            grid.put(
                "Text in operator, action or record; since:2026-11-01 until:2026-11-25", row: row, column: left + used,
                style: .dim, limit: width - used)
        }
        row += 1
        let header =
            "  " + DisplayWidth.pad("#", to: max(6, String(head).count + 1))
            + "Time (UTC)       Operator      Action                   Record"
        grid.put(
            DisplayWidth.truncate(header, to: width, ascii: theme.isPlain), row: row, column: left, style: .heading)
        row += 1
        if let problem {
            grid.put(
                DisplayWidth.truncate(
                    "Error: " + problem.terminalText, to: width, ascii: theme.isPlain), row: row,
                column: left, style: .error)
            return
        }
        if case .failure(let failure) = auditFilter {
            grid.put(
                DisplayWidth.truncate(failure.terminalText, to: width, ascii: theme.isPlain), row: row,
                column: left + 2, style: .error)
            return
        }
        if events.isEmpty {
            grid.put(total == nil ? "Reading…" : "No events match.", row: row, column: left + 2, style: .dim)
        }
        // The # column fits the trail's largest sequence number: a number is never cut.
        let sequenceWidth = max(6, String(head).count + 1)
        for (index, event) in events.enumerated() where row < area.bottom - 1 {
            let isSelected = index == selected
            let marker = isSelected ? theme.box.pointer : " "
            // To the minute here; the details show the full time.
            let minute = String(event.recordedAt.prefix(16)).replacingOccurrences(of: "T", with: " ")
            var text =
                "\(marker) " + pad(String(event.sequence), sequenceWidth) + pad(minute, 17)
                + pad(
                    VisibleText.escaped(
                        event.operatorName
                            ?? (event.action == AuditAction.signInFailed.rawValue ? "(unknown)" : "(ratui)")), 14)
                + pad(event.action, 25)
                + VisibleText.escaped(event.record ?? "")
            // The organisation's name where there is room: the record itself is never cut for it.
            let room = width - DisplayWidth.of(text) - 1
            if let name = event.record.flatMap({ organisationNames[$0] }), room >= 6 {
                text += " " + DisplayWidth.truncate(VisibleText.escaped(name), to: room, ascii: theme.isPlain)
            }
            grid.put(
                DisplayWidth.truncate(text, to: width, ascii: theme.isPlain), row: row, column: left,
                style: isSelected ? .selected : .normal)
            if isSelected && !filter.isActive && theme.isPlain { grid.cursor = (row, left) }
            row += 1
        }
        // Where a bounded search stopped looking, when it did not fill the page.
        if let scanned, events.count < visibleRows, case .success(let filter) = auditFilter, filter.scansEvents,
            scanned.lowerBound > 1 || scanned.upperBound < head
        {
            var note =
                "Searched events \(NumberText.grouped(Int(scanned.lowerBound)))–\(NumberText.grouped(Int(scanned.upperBound))) of \(NumberText.grouped(Int(head)))."
            if scanned.lowerBound > 1 { note += " PgDn searches older events." }
            if scanned.upperBound < head { note += " PgUp searches newer events." }
            grid.put(
                DisplayWidth.truncate(note, to: width, ascii: theme.isPlain), row: area.bottom - 1, column: left,
                style: .dim)
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let fitted = DisplayWidth.prefix(text, fitting: width - 1)
        return fitted + String(repeating: " ", count: max(1, width - DisplayWidth.of(fitted)))
    }
}

extension ActionID {
    static let exportAudit = ActionID("exportAudit")
}

extension ActionContext {
    static let auditList = ActionContext("auditList")
    static let auditFilter = ActionContext("auditFilter")
}
