import Foundation
import RAPPModel

/// Choosing what kind of request to enter: every workflow of the policy that fits where it was
/// opened (about an organisation, from its screen; otherwise, from Home), each offered only if
/// the operator's roles grant its submit permission, else shown disabled with the reason.
public struct NewRequestScreen: Screen, Hashable {
    /// The organisation the request is about, when opened from its screen.
    public let organisation: Int64?
    public var selected = 0

    public init(organisation: Int64? = nil) { self.organisation = organisation }

    public static let actions: [Action] = [
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the kind above.",
            contexts: [.newRequest], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the kind below.",
            contexts: [.newRequest], inFooter: false),
        Action(
            .open, keys: [.enter], name: "fill in", description: "Fill in the highlighted kind's form.",
            contexts: [.newRequest]),
    ]

    /// The workflows that fit: about an organisation (they name an organisation field) when
    /// opened from one, the others from Home.
    static func kinds(organisation: Int64?, library: FormLibrary) -> [WorkflowDefinition] {
        library.workflows.filter { ($0.organisationField != nil) == (organisation != nil) }
    }

    public func title(environment: AppEnvironment) -> String {
        organisation.map { "New request about organisation \($0)" } ?? "New request"
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .newRequest] }

    public func update(_ event: ScreenEvent<Never>, environment: AppEnvironment) -> (NewRequestScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        let kinds = Self.kinds(organisation: organisation, library: environment.library)
        switch event {
        case .action(.moveUp): next.selected = max(0, selected - 1)
        case .action(.moveDown): next.selected = min(max(0, kinds.count - 1), selected + 1)
        case .action(.open):
            guard kinds.indices.contains(selected) else { break }
            let workflow = kinds[selected]
            guard environment.permits(workflow.submitPermission) else {
                output.status = .error(environment.refusal(workflow.submitPermission))
                break
            }
            var values: [String: String] = [:]
            if let organisation, let field = workflow.organisationField { values[field] = String(organisation) }
            output.navigation = .push(
                RequestFormScreen(environment: environment, purpose: .request(kind: workflow.id), values: values))
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let left = area.column + 2
        var row = area.row + 1
        grid.put("What kind of request?", row: row, column: left, style: .heading)
        row += 2
        let kinds = Self.kinds(organisation: organisation, library: environment.library)
        if kinds.isEmpty {
            grid.put(
                "The registry's policy defines no kind of request here.", row: row, column: left, style: .dim,
                limit: area.width - 4)
            return
        }
        for (index, workflow) in kinds.enumerated() where row < area.bottom {
            let isSelected = index == selected
            let allowed = environment.permits(workflow.submitPermission)
            let reason = allowed ? "" : " (\(AppEnvironment.reason(workflow.submitPermission)))"
            let style: Style = isSelected ? .selected : allowed ? .normal : .dim
            let marker = isSelected ? theme.box.pointer : " "
            grid.put(
                "\(marker) \(VisibleText.escaped(workflow.title))\(reason)", row: row, column: left, style: style,
                limit: area.width - 4)
            if isSelected { grid.cursor = (row, left) }
            row += 1
            for text in TextWrap.lines(VisibleText.escaped(workflow.about), width: area.width - 10).prefix(
                isSelected ? 6 : 0) where row < area.bottom
            {
                grid.put(text, row: row, column: left + 4, style: .dim)
                row += 1
            }
        }
    }
}

extension ActionID {
    static let newRequest = ActionID("newRequest")
    static let openCredentials = ActionID("openCredentials")
}

extension ActionContext {
    static let newRequest = ActionContext("newRequest")
}
