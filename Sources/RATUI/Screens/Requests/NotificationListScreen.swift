import Foundation
import RAPPModel

/// The outbox's open notifications (pending, in doubt), a page at a time in id order, for RA
/// staff: who each is for, by e-mail or by hand, and its subject; the highlighted one's text
/// below. `h` marks it handled by hand (a confirm dialog, then the same model call as `ratui
/// notify handle`, audited); Enter opens the request that wrote it. Sending is the command
/// line's (`ratui notify send`), which runs a mail command.
public struct NotificationListScreen: Screen, Hashable {
    public enum Message: Sendable {
        case page(after: Int64, Result<[RAPPModel.Notification], Failure>)
        case confirmed(Int64)
        case handled(Result<RAPPModel.Notification, Failure>)
    }

    public static let pageSize = 100

    public var rows: [RAPPModel.Notification] = []
    public var selected = 0
    public var complete = false
    public var loaded = false
    public var problem: Failure?
    /// The highlighted notification's text, a line each and escaped: derived when the highlight
    /// or the rows change, not at every frame.
    public var textLines: [String] = []

    public init() {}

    /// Derives `textLines` from the highlighted notification.
    mutating func highlight(_ index: Int) {
        selected = min(max(0, index), max(0, rows.count - 1))
        textLines =
            highlighted?.text.split(separator: "\n", omittingEmptySubsequences: false).map {
                VisibleText.escaped(String($0))
            } ?? []
    }

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the notification above.",
            contexts: [.notificationList], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the notification below.",
            contexts: [.notificationList], inFooter: false),
        Action(
            .open, keys: [.enter], name: "request",
            description: "Open the request whose step wrote the highlighted notification.",
            contexts: [.notificationList]),
        Action(
            .markHandled, keys: [.character("h")], name: "handled",
            description: "Mark the highlighted notification handled by hand (delivered another way); audited.",
            contexts: [.notificationList], permission: .notificationHandle),
    ]

    public func title(environment: AppEnvironment) -> String { "Outbox: notifications to send or deliver" }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        [.screen, .innerScreen, .notificationList]
    }

    public var appearEffects: [Effect] { [read(after: 0)] }

    func read(after: Int64) -> Effect {
        let limit = Self.pageSize
        return .registry(
            "notifications",
            { context in
                try context.registry.notifications(
                    openOnly: true, after: after, limit: limit, by: try context.signedIn())
            }, then: { Message.page(after: after, $0) })
    }

    var highlighted: RAPPModel.Notification? { rows.indices.contains(selected) ? rows[selected] : nil }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        NotificationListScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .action(.moveUp): next.highlight(selected - 1)
        case .action(.moveDown):
            next.highlight(selected + 1)
            if next.selected >= rows.count - 1, !complete, let last = rows.last {
                output.effects = [read(after: last.id)]
            }
        case .action(.open):
            if let notification = highlighted {
                output.navigation = .push(RequestScreen(id: notification.requestID))
            }
        case .action(.markHandled):
            guard let notification = highlighted else { break }
            guard environment.permits(.notificationHandle) else {
                output.status = .error(environment.refusal(.notificationHandle))
                break
            }
            output.dialog = ConfirmDialog(
                title: "Mark notification \(notification.id) handled?",
                message: [
                    "For \(VisibleText.escaped(notification.recipient))"
                        + (notification.address.map { " <\(VisibleText.escaped($0))>" } ?? " (by hand)") + ".",
                    "Only once it was delivered another way:", "it will not be sent.",
                ],
                confirmLabel: "Mark handled", cancelLabel: "Cancel",
                onConfirm: .screen(Message.confirmed(notification.id)))
        case .message(.confirmed(let id)):
            output.effects = [
                .registry(
                    "notification handled",
                    { context in try context.registry.handleNotification(id, by: try context.signedIn()) },
                    then: Message.handled)
            ]
        case .message(.handled(.success(let notification))):
            output.status = .success("Notification \(notification.id) marked handled.")
            next.rows.removeAll { $0.id == notification.id }
            next.highlight(selected)
        case .message(.handled(.failure(let failure))):
            output.status = .error(failure)
        case .action(.back):
            output.navigation = .pop
        case .message(.page(let after, .success(let page))):
            next.loaded = true
            next.problem = nil
            if after == 0 { next.rows = page } else if after == rows.last?.id { next.rows += page }
            next.complete = page.count < Self.pageSize
            next.highlight(next.selected)
        case .message(.page(_, .failure(let failure))):
            next.loaded = true
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// One notification as a line: id, state, how it goes, request, subject.
    static func line(_ notification: RAPPModel.Notification, width: Int, plain: Bool) -> String {
        let state = notification.state == .sending ? "in doubt" : notification.state.rawValue
        let how = notification.address == nil ? "by hand" : "e-mail"
        let cells = [
            DisplayWidth.pad(String(notification.id), to: 6), DisplayWidth.pad(state, to: 8),
            DisplayWidth.pad(how, to: 7), DisplayWidth.pad(String(notification.requestID), to: 7),
            DisplayWidth.pad(DisplayWidth.truncate(notification.recipientKind, to: 17, ascii: plain), to: 17),
            VisibleText.escaped(notification.subject),
        ]
        return DisplayWidth.truncate(cells.joined(separator: " "), to: width, ascii: plain)
    }

    static let header = "ID     State    Via     Request Recipient         Subject"

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        grid.put(
            "Pending and in-doubt notifications. Send them with: ratui notify send --via 'sendmail -t -i'",
            row: area.row, column: left, style: .dim, limit: area.width - 2)
        grid.put("  " + Self.header, row: area.row + 2, column: area.column, style: .heading, limit: area.width)
        // The list takes the top half; the highlighted message's text the rest.
        let listHeight = max(1, (area.height - 5) / 2)
        let top = CellGrid.firstVisibleRow(selected: selected, count: rows.count, visible: listHeight)
        for (offset, notification) in rows.dropFirst(top).prefix(listHeight).enumerated() {
            let row = area.row + 3 + offset
            let isSelected = top + offset == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected { grid.markSelected(row: row, in: area, theme: theme) }
            grid.put(
                Self.line(notification, width: area.width - 3, plain: theme.isPlain), row: row,
                column: area.column + 2, style: style)
        }
        var row = area.row + 4 + listHeight
        if let notification = highlighted {
            let to =
                "To: \(VisibleText.escaped(notification.recipient))"
                + (notification.address.map { " <\(VisibleText.escaped($0))>" } ?? " (no address: deliver by hand)")
            grid.put(to, row: row, column: left, style: .label, limit: area.width - 2)
            row += 1
            if let failure = notification.lastFailure {
                grid.put(
                    "Last send failed: " + VisibleText.escaped(failure), row: row, column: left, style: .warning,
                    limit: area.width - 2)
                row += 1
            }
            for line in textLines.flatMap({ TextWrap.lines($0, width: max(10, area.width - 2)) })
            where row < area.bottom - 1 {
                grid.put(line, row: row, column: left, limit: area.width - 2)
                row += 1
            }
        }
        let position =
            !loaded
            ? "Reading…"
            : rows.isEmpty
                ? "Nothing to send or deliver."
                : "\(NumberText.grouped(selected + 1)) of \(NumberText.grouped(rows.count))\(complete ? "" : "+")"
        grid.put(position, row: area.bottom - 1, column: left, style: .dim)
        if let problem {
            grid.put(
                problem.terminalText, row: area.row + 1, column: left, style: .error,
                limit: area.width - 2)
        }
    }
}

extension ActionID {
    static let markHandled = ActionID("markHandled")
    static let openNotifications = ActionID("openNotifications")
}

extension ActionContext {
    static let notificationList = ActionContext("notificationList")
}
