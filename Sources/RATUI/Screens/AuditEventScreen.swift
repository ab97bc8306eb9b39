import Foundation
import RAPPModel

/// One audit event in full: who, what, when, its details and state pretty-printed, its hashes.
///
/// The list shows an event on one line; this shows everything it recorded, wrapped to the screen
/// and scrolled, so nothing is cut mid-token. Every string passes through `VisibleText`.
public struct AuditEventScreen: Screen, Hashable {
    public let event: AuditEvent
    /// The current name of the organisation the event is about, when it is about one.
    public let organisationName: String?
    public var scroll = 0
    public var viewport = Rect(row: 1, column: 0, width: 80, height: 21)
    /// The event's details and state pretty-printed: parsed once, when the screen opens.
    let prettyDetails: String
    let prettyState: String?
    /// The event's lines wrapped to the viewport: worked out when it opens or its width changes,
    /// never for each frame.
    private(set) var shownLines: [StyledLine] = []

    public init(event: AuditEvent, organisationName: String? = nil) {
        self.event = event
        self.organisationName = organisationName
        prettyDetails = Self.pretty(event.details)
        prettyState = event.state.map(Self.pretty)
        shownLines = lines(width: Self.textWidth(of: viewport))
    }

    /// The width the lines are wrapped to in `area`: a column of margin each side.
    static func textWidth(of area: Rect) -> Int { area.width - 2 }

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Scroll up a line.",
            contexts: [.auditEvent], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Scroll down a line.",
            contexts: [.auditEvent], inFooter: false),
        Action(.pageUp, keys: [.pageUp], name: "page up", description: "Scroll up a page.", contexts: [.auditEvent]),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "Scroll down a page.",
            contexts: [.auditEvent]),
        Action(
            .first, keys: [.home, .character("g")], name: "top", description: "Go to the top.", contexts: [.auditEvent],
            inFooter: false),
        Action(
            .last, keys: [.end, .character("G")], name: "bottom", description: "Go to the bottom.",
            contexts: [.auditEvent], inFooter: false),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .auditEvent] }

    public func title(environment: AppEnvironment) -> String { "Audit event \(event.sequence)" }

    public func laidOut(in area: Rect) -> AuditEventScreen {
        var screen = self
        screen.viewport = area
        if Self.textWidth(of: area) != Self.textWidth(of: viewport) {
            screen.shownLines = lines(width: Self.textWidth(of: area))
        }
        return screen
    }

    public func update(_ event: ScreenEvent<Never>, environment: AppEnvironment) -> (AuditEventScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        let page = max(1, viewport.height - 1)
        let bottom = max(0, shownLines.count - page)
        switch event {
        case .action(.moveUp): next.scroll = max(0, scroll - 1)
        case .action(.moveDown): next.scroll = min(bottom, scroll + 1)
        case .action(.pageUp): next.scroll = max(0, scroll - page)
        case .action(.pageDown): next.scroll = min(bottom, scroll + page)
        case .action(.first): next.scroll = 0
        case .action(.last): next.scroll = bottom
        case .action(.back): output.navigation = .pop
        default: break
        }
        return (next, output)
    }

    /// Canonical JSON shown indented, one member a line; text that does not parse, as it is.
    static func pretty(_ text: String) -> String {
        guard let value = try? JSONValue.parse(Data(text.utf8)) else { return VisibleText.escaped(text) }
        // `serialized` escapes every control and invisible character inside strings.
        return value.serialized(pretty: true)
    }

    /// Wraps each line to `width`, keeping its indentation (and indenting what wraps two more),
    /// so nested JSON reads as nested.
    static func indentedLines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = min(line.prefix(while: { $0 == " " }).count, max(0, width / 2))
            let pad = String(repeating: " ", count: indent)
            let wrapped = TextWrap.lines(String(line.dropFirst(indent)), width: max(1, width - indent - 2))
            for (index, part) in wrapped.enumerated() { lines.append(pad + (index == 0 ? "" : "  ") + part) }
            if wrapped.isEmpty { lines.append("") }
        }
        return lines
    }

    func lines(width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        func field(_ label: String, _ value: String) {
            let text = label.padding(toLength: 13, withPad: " ", startingAt: 0) + value
            for (index, line) in TextWrap.lines(text, width: width).enumerated() {
                lines.append(
                    index == 0
                        ? StyledLine([
                            .init(text: String(line.prefix(13)), style: .label),
                            .init(text: String(line.dropFirst(13)), style: .value),
                        ])
                        : StyledLine("             " + line, style: .value))
            }
        }
        field("Event", "\(event.sequence)")
        field("Time (UTC)", event.recordedAt)
        field("Operator", VisibleText.escaped(event.operatorName ?? "(none)"))
        field("Action", VisibleText.escaped(event.action))
        var record = VisibleText.escaped(event.record ?? "(none)")
        if let organisationName { record += " (\(VisibleText.escaped(organisationName)), now)" }
        field("Record", record)
        if let version = event.policyVersion { field("Policy", "version \(version)") }
        for (heading, text) in [("Details", Optional(prettyDetails)), ("State after", prettyState)] {
            guard let text else { continue }
            lines.append(StyledLine())
            lines.append(StyledLine(heading, style: .heading))
            for line in Self.indentedLines(text, width: width - 2) {
                lines.append(StyledLine("  " + line))
            }
        }
        lines.append(StyledLine())
        field("Hash", event.hash)
        field("Previous", event.previousHash)
        return lines
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let width = Self.textWidth(of: area)
        // Drawn into the area it was laid out in (the app lays a screen out before it draws it);
        // wrapped afresh only if asked for another width.
        let all = width == Self.textWidth(of: viewport) ? shownLines : lines(width: width)
        let height = area.height - 1
        let top = min(scroll, max(0, all.count - height))
        for (offset, line) in all.dropFirst(top).prefix(height).enumerated() {
            line.draw(into: &grid, row: area.row + offset, column: area.column + 1, limit: width)
        }
        if all.count > height {
            let position = "lines \(top + 1)–\(min(all.count, top + height)) of \(all.count)"
            grid.put(
                position, row: area.bottom - 1, column: area.column + area.width - DisplayWidth.of(position) - 1,
                style: .dim)
        }
    }
}

extension ActionContext {
    static let auditEvent = ActionContext("auditEvent")
}
