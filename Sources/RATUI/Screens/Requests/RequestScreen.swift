import Foundation
import RAPPModel

/// One request: the steps this operator may take now, its form, and a timeline of every step
/// (who, when, evidence).
///
/// Each possible step comes from the engine (`RequestAction`) with the engine's own refusal, so a
/// step the operator may not take is shown disabled with the engine's code and message ("you
/// entered this request", "needs request.approve"), never offered and then refused. Personal
/// fields are never shown: only that they were recorded, by their digest.
public struct RequestScreen: Screen, Hashable {
    public enum Message: Sendable {
        case loaded(Result<RequestDetails, Failure>)
        /// "Take this step?" answered yes.
        case stepConfirmed(action: String)
        case stepTaken(action: String, Result<RequestDetails, Failure>)
    }

    public let id: Int64
    // What the lines show changes only in `update`, which works the lines out again then.
    public private(set) var details: RequestDetails?
    /// The highlighted step, an index into `details.actions`.
    public private(set) var selected = 0
    public var scroll = 0
    public private(set) var problem: Failure?
    public var viewport = Rect(row: 1, column: 0, width: 80, height: 21)
    /// The lines below the title, wrapped to `shownWidth`: worked out in `update` when what they
    /// show or the width changes, never for each frame.
    private(set) var shownLines: [StyledLine] = []
    private(set) var shownWidth: Int?

    public init(id: Int64) { self.id = id }

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the step above.",
            contexts: [.requestDetail], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the step below.",
            contexts: [.requestDetail], inFooter: false),
        Action(
            .open, keys: [.enter], name: "take step",
            description:
                "Take the highlighted step: enter its evidence, or confirm it. A disabled step says why instead.",
            contexts: [.requestDetail]),
        Action(
            .pageUp, keys: [.pageUp], name: "scroll up", description: "Scroll the form and timeline up.",
            contexts: [.requestDetail], inFooter: false),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "scroll",
            description: "Scroll the form and timeline down.", contexts: [.requestDetail]),
        Action(
            .openAudit, keys: [.character("h")], name: "history",
            description: "This request's audit history: every event that recorded it.", contexts: [.requestDetail],
            permission: .auditRead),
    ]

    public func title(environment: AppEnvironment) -> String {
        guard let details else { return "Request \(id)" }
        return "Request \(id): \(RequestText.kind(details.request.kind, library: environment.library))"
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .requestDetail] }

    /// Read whenever shown, so a step just taken (here or on its evidence form) shows.
    public var appearEffects: [Effect] { [load] }

    var load: Effect {
        .registry(
            "request", { [id] context in try context.registry.request(id, by: context.signedIn()) },
            then: Message.loaded)
    }

    public func laidOut(in area: Rect) -> RequestScreen {
        var screen = self
        screen.viewport = area
        return screen
    }

    var selectedAction: RequestAction? {
        guard let actions = details?.actions, actions.indices.contains(selected) else { return nil }
        return actions[selected]
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (RequestScreen, ScreenOutput) {
        let (handled, output) = handle(event, environment: environment)
        var next = handled
        let width = Self.textWidth(of: next.viewport)
        if next.shownWidth != width || next.details != details || next.problem != problem || next.selected != selected {
            next.shownLines = next.lines(environment: environment, width: width)
            next.shownWidth = width
        }
        return (next, output)
    }

    /// The width the lines are wrapped to in `area`: a column of margin each side.
    static func textWidth(of area: Rect) -> Int { area.width - 2 }

    /// The lines for `width`: the ones worked out in `update`, unless the screen is drawn at
    /// another width before its next update (just after the terminal is resized).
    func shownLines(environment: AppEnvironment, width: Int) -> [StyledLine] {
        width == shownWidth ? shownLines : lines(environment: environment, width: width)
    }

    private func handle(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (RequestScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .message(.loaded(.success(let details))):
            next.details = details
            next.problem = nil
            next.selected = min(selected, max(0, details.actions.count - 1))
        case .message(.loaded(.failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        case .action(.moveUp):
            next.selected = max(0, selected - 1)
            next.scroll = 0
        case .action(.moveDown):
            next.selected = min(max(0, (details?.actions.count ?? 1) - 1), selected + 1)
            next.scroll = 0
        case .action(.pageUp):
            next.scroll = max(0, scroll - max(1, viewport.height - 2))
        case .action(.pageDown):
            let count = shownLines(environment: environment, width: Self.textWidth(of: viewport)).count
            next.scroll = min(scroll + max(1, viewport.height - 2), max(0, count - viewport.height))
        case .action(.open):
            guard let details, let action = selectedAction else { break }
            let transition = action.transition
            if let blocked = action.blocked {
                // The engine would refuse it: say why, in its words, and take nothing.
                output.status = .error(
                    "You may not take \"\(VisibleText.escaped(transition.label))\": " + blocked.terminalText
                )
            } else if action.evidenceForm != nil || transition.needsReason {
                output.navigation = .push(
                    RequestFormScreen(
                        environment: environment, purpose: .step(request: details.request.id, transition: transition)))
            } else {
                output.dialog = ConfirmDialog(
                    title: "Take this step?",
                    message: [
                        DisplayWidth.truncate("\(VisibleText.escaped(transition.label)) in request \(id)", to: 60),
                        "The request goes to: "
                            + RequestText.state(transition.to, kind: details.request.kind, library: environment.library)
                            + ".",
                    ],
                    confirmLabel: "Take step", cancelLabel: "Cancel",
                    onConfirm: .screen(Message.stepConfirmed(action: transition.action)))
            }
        case .message(.stepConfirmed(let action)):
            output.status = .info("Taking the step…")
            output.effects = [
                .registry(
                    "request step",
                    { [id] context in
                        try context.registry.act(on: id, action: action, by: context.signedIn())
                    }, then: { Message.stepTaken(action: action, $0) })
            ]
        case .message(.stepTaken(let action, .success(let details))):
            next.details = details
            next.selected = 0
            let label =
                details.workflow?.transitions.first { $0.transition.action == action }?.transition.label ?? action
            output.status = .success(
                "Step taken: \(VisibleText.escaped(label)). Request \(id) is now \(VisibleText.escaped(details.stateLabel))."
            )
        case .message(.stepTaken(_, .failure(let failure))):
            output.status = .error(failure, "Not taken")
            output.effects = [load]
        case .action(.openAudit):
            output.navigation = .push(AuditScreen(record: "request/\(id)"))
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    // MARK: View

    /// Everything below the steps: the form, then the timeline.
    func lines(environment: AppEnvironment, width: Int) -> [StyledLine] {
        guard let details else {
            return [
                StyledLine(
                    problem.map { "Error: " + $0.terminalText } ?? "Reading…",
                    style: problem == nil ? .dim : .error)
            ]
        }
        let theme = environment.theme
        let library = environment.library
        let request = details.request
        var lines: [StyledLine] = []
        func field(_ label: String, _ value: String, indent: Int = 2) {
            let valueLines = value.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, text) in valueLines.enumerated() {
                var line = StyledLine()
                line.append(
                    String(repeating: " ", count: indent) + DisplayWidth.pad(index == 0 ? label + ":" : "", to: 31)
                        + " ", .label)
                line.append(String(text), .value)
                lines.append(line)
            }
        }
        // A Supplier of Last Resort hold (SEC L16): the engine's own code and message, on top.
        if let hold = details.hold {
            for text in TextWrap.lines(Failure(hold).terminalText, width: max(20, width - 2)) {
                lines.append(StyledLine(" " + text, style: .error))
            }
        }
        var state = StyledLine()
        state.append("State: ", .label)
        state.append(VisibleText.escaped(details.stateLabel), .value)
        if details.hold != nil { state.append(theme.isPlain ? " (held)" : " · held", .error) }
        state.append(
            "   entered by \(VisibleText.escaped(request.submittedBy)) \(RequestText.time(request.submittedAt)) UTC",
            .dim)
        lines.append(state)

        // The steps possible now, each allowed or disabled with the engine's reason.
        lines.append(StyledLine())
        lines.append(StyledLine(theme.isPlain ? "Steps now:" : "Steps now", style: .heading))
        if details.actions.isEmpty {
            lines.append(StyledLine("  None: the request is \(VisibleText.escaped(details.stateLabel)).", style: .dim))
        }
        for (index, action) in details.actions.enumerated() {
            let isSelected = index == selected
            let blocked = action.blocked
            let marker = isSelected ? theme.box.pointer : " "
            let mark = blocked == nil ? (theme.isPlain ? "[may take]" : "✓") : (theme.isPlain ? "[disabled]" : "✗")
            let style: Style = isSelected ? .selected : blocked == nil ? .normal : .dim
            lines.append(
                StyledLine(
                    "\(marker) \(mark) \(VisibleText.escaped(action.transition.label)) (\(VisibleText.escaped(action.transition.action)))",
                    style: style))
            if let blocked {
                for text in TextWrap.lines(
                    blocked.terminalText, width: max(20, width - 8))
                {
                    lines.append(StyledLine("      " + text, style: .dim))
                }
            }
        }

        // The form as entered.
        if let form = library.form(request.formID) {
            lines.append(StyledLine())
            lines.append(StyledLine(VisibleText.escaped(form.title) + (theme.isPlain ? ":" : ""), style: .heading))
            for definition in form.fields {
                if definition.isPersonal {
                    field(VisibleText.escaped(definition.label), Self.personal(request.personal))
                } else if let value = request.fields[definition.id] {
                    field(VisibleText.escaped(definition.label), Self.text(value, field: definition))
                }
            }
        }

        // Every step, oldest first.
        lines.append(StyledLine())
        lines.append(StyledLine(theme.isPlain ? "Timeline:" : "Timeline", style: .heading))
        let workflow = details.workflow
        for step in request.steps {
            let label =
                step.sequence == 0
                ? "Entered"
                : workflow?.transitions.first { $0.transition.action == step.action }?.transition.label ?? step.action
            // Time, the state reached and who, first: a long step label is what a narrow screen cuts.
            var line = StyledLine()
            line.append("  \(RequestText.time(step.recordedAt))  ", .dim)
            line.append(
                DisplayWidth.pad(
                    (theme.isPlain ? "-> " : "→ ") + RequestText.state(step.to, kind: request.kind, library: library),
                    to: 20) + " ", .value)
            line.append(
                VisibleText.escaped(step.operatorName) + (step.isAutomatic ? " (automatic)" : "") + ": ", .normal)
            line.append(VisibleText.escaped(label), .label)
            lines.append(line)
            if let formID = step.evidenceForm, let form = library.form(formID) {
                for definition in form.fields {
                    if definition.isPersonal {
                        field(VisibleText.escaped(definition.label), Self.personal(step.personal), indent: 6)
                    } else if let value = step.evidence?[definition.id] {
                        field(VisibleText.escaped(definition.label), Self.text(value, field: definition), indent: 6)
                    }
                }
            }
            if let reason = step.reason {
                field("Reason", VisibleText.escaped(environment.rules.requestReason(reason)?.name ?? reason), indent: 6)
            }
            if let note = step.note { field("Note", VisibleText.escaped(note), indent: 6) }
        }
        return lines
    }

    /// A personal field: never its value, only that it was recorded (and its digest), or redacted.
    static func personal(_ data: PersonalData?) -> String {
        guard let data else { return "(not recorded)" }
        if data.redactedAt != nil { return "redacted (digest \(Self.shortDigest(data.digest)))" }
        return "recorded (digest \(Self.shortDigest(data.digest)))"
    }

    /// A digest's algorithm and first twelve hex digits: enough to match it with the audit trail's.
    static func shortDigest(_ digest: String) -> String {
        let (algorithm, hex) =
            digest.firstIndex(of: ":").map { (String(digest[...$0]), digest[digest.index(after: $0)...]) } ?? (
                "", Substring(digest)
            )
        return VisibleText.escaped(algorithm + hex.prefix(12))
    }

    /// A stored value as the form shows it: option labels for choices, escaped text.
    static func text(_ value: JSONValue, field: FieldDefinition) -> String {
        switch (field.type, value) {
        case (.choice, .string(let id)):
            return VisibleText.escaped(field.option(id)?.label ?? id)
        case (.multiChoice, .array(let items)):
            return items.map { item in
                guard case .string(let id) = item else { return VisibleText.escaped(item.serialized()) }
                return VisibleText.escaped(field.option(id)?.label ?? id)
            }.joined(separator: ", ")
        default:
            return VisibleText.escaped(RequestEntry.text(of: value, field: field))
        }
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let lines = shownLines(environment: environment, width: Self.textWidth(of: area))
        // The steps are at the top: moving between them scrolls back there.
        let top = min(scroll, max(0, lines.count - area.height))
        for (offset, line) in lines.dropFirst(top).prefix(area.height).enumerated() {
            if line.segments.first?.style == .selected {
                grid.fill(row: area.row + offset, column: area.column, width: area.width, style: .selected)
                grid.cursor = (area.row + offset, area.column + 1)
            }
            line.draw(into: &grid, row: area.row + offset, column: area.column + 1, limit: area.width - 2)
        }
        if top + area.height < lines.count {
            let more = environment.theme.isPlain ? "(more below: Space)" : "↓ more"
            grid.put(more, row: area.bottom - 1, column: area.right - DisplayWidth.of(more) - 1, style: .dim)
        }
    }
}

extension ActionContext {
    static let requestDetail = ActionContext("requestDetail")
}
