import Foundation
import RAPPModel

/// The credentials the RA issued (AROs', systems'…), newest last, a page at a time; Enter opens
/// the request that created the highlighted one. `s` shows one state at a time.
public struct CredentialListScreen: Screen, Hashable {
    public enum Message: Sendable {
        case page(state: String?, after: Int64, Result<[Credential], Failure>)
    }

    public static let pageSize = 100
    /// The states `s` steps through; nil is every state.
    static let stateFilters: [String?] = [nil, "active"]

    public let organisation: Int64?
    public var state: String?
    public var rows: [Credential] = []
    public var selected = 0
    public var complete = false
    public var loaded = false
    public var problem: Failure?

    public init(organisation: Int64? = nil) { self.organisation = organisation }

    public static let actions: [Action] = [
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
    ]

    public func title(environment: AppEnvironment) -> String {
        (organisation.map { "Credentials of organisation \($0)" } ?? "Credentials") + (state.map { ": \($0)" } ?? "")
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        [.screen, .innerScreen, .credentialList]
    }

    public var appearEffects: [Effect] { [read(after: 0)] }

    func read(after: Int64) -> Effect {
        let (organisation, state, limit) = (self.organisation, self.state, Self.pageSize)
        return .registry(
            "credentials",
            { context in
                try context.registry.credentials(
                    organisation: organisation, state: state, after: after, limit: limit, by: context.signedIn())
            }, then: { Message.page(state: state, after: after, $0) })
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (
        CredentialListScreen, ScreenOutput
    ) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .action(.moveUp): next.selected = max(0, selected - 1)
        case .action(.moveDown):
            next.selected = min(max(0, rows.count - 1), selected + 1)
            if next.selected >= rows.count - 1, !complete, let last = rows.last {
                output.effects = [read(after: last.id)]
            }
        case .action(.open):
            if rows.indices.contains(selected) {
                output.navigation = .push(RequestScreen(id: rows[selected].requestID))
            }
        case .action(.cycleState):
            let index = Self.stateFilters.firstIndex(of: state) ?? 0
            next.state = Self.stateFilters[(index + 1) % Self.stateFilters.count]
            next.selected = 0
            next.rows = []
            next.loaded = false
            output.effects = [next.read(after: 0)]
        case .action(.back):
            output.navigation = .pop
        case .message(.page(let state, let after, .success(let page))):
            guard state == self.state else { break }
            next.loaded = true
            next.problem = nil
            if after == 0 { next.rows = page } else if after == rows.last?.id { next.rows += page }
            next.complete = page.count < Self.pageSize
        case .message(.page(_, _, .failure(let failure))):
            next.problem = failure
            output.status = .error("\(failure.code) \(VisibleText.escaped(failure.message))")
        default:
            break
        }
        return (next, output)
    }

    /// One credential as a line: id, kind, holder, state, scopes, issued.
    static func line(_ credential: Credential, width: Int, plain: Bool) -> String {
        let scopes = VisibleText.escaped(credential.scopes.joined(separator: ", "))
        let text =
            DisplayWidth.pad(String(credential.id), to: 6) + " "
            + DisplayWidth.pad(DisplayWidth.truncate(VisibleText.escaped(credential.kind), to: 8, ascii: plain), to: 8)
            + " "
            + DisplayWidth.pad(
                DisplayWidth.truncate(VisibleText.escaped(credential.holder.name), to: 24, ascii: plain), to: 24)
            + " "
            + DisplayWidth.pad(DisplayWidth.truncate(VisibleText.escaped(credential.state), to: 8, ascii: plain), to: 8)
            + " " + RequestText.time(credential.createdAt) + " UTC  " + scopes
        return DisplayWidth.truncate(text, to: width, ascii: plain)
    }

    static let header =
        DisplayWidth.pad("ID", to: 6) + " " + DisplayWidth.pad("Kind", to: 8) + " " + DisplayWidth.pad("Holder", to: 24)
        + " "
        + DisplayWidth.pad("State", to: 8) + " " + DisplayWidth.pad("Issued", to: 20) + "  Scopes"

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 1
        grid.put(
            state.map { "Showing \($0) credentials. s: every state." } ?? "Showing every state. s: active only.",
            row: area.row, column: left, style: .dim, limit: area.width - 2)
        grid.put("  " + Self.header, row: area.row + 2, column: area.column, style: .heading, limit: area.width)
        let visible = max(1, area.height - 4)
        let top = min(max(0, selected - visible / 2), max(0, rows.count - visible))
        for (offset, credential) in rows.dropFirst(top).prefix(visible).enumerated() {
            let row = area.row + 3 + offset
            let isSelected = top + offset == selected
            let style: Style = isSelected ? .selected : .normal
            if isSelected {
                grid.fill(row: row, column: area.column, width: area.width, style: style)
                grid.put(theme.box.pointer, row: row, column: area.column, style: style)
                grid.cursor = (row, area.column)
            }
            grid.put(
                Self.line(credential, width: area.width - 3, plain: theme.isPlain), row: row, column: area.column + 2,
                style: style)
        }
        let position =
            !loaded
            ? "Reading…"
            : rows.isEmpty
                ? "No credentials."
                : "\(NumberText.grouped(selected + 1)) of \(NumberText.grouped(rows.count))\(complete ? "" : "+")"
        grid.put(position, row: area.bottom - 1, column: left, style: .dim)
        if let problem {
            grid.put(
                "Error: " + VisibleText.escaped(problem.message), row: area.row + 1, column: left, style: .error,
                limit: area.width - 2)
        }
    }
}

extension ActionID {
    static let cycleState = ActionID("cycleState")
}

extension ActionContext {
    static let credentialList = ActionContext("credentialList")
}
