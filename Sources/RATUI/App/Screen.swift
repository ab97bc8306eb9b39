/// The screens of the app, one case each; the app keeps a stack of them.
///
/// The wiring chooses the first screen: sign-in, or Home when the operator is already known.
public enum Screen: Hashable, Sendable {
    case home(HomeScreen)
    case organisations(OrganisationListScreen)
    case organisation(OrganisationScreen)
    case form(FormScreen)
    case signIn(SignInScreen)
    case audit(AuditScreen)

    public func title(environment: AppEnvironment) -> String {
        switch self {
        case .home: "Home"
        case .organisations(let screen): screen.filter.text.isEmpty ? "Organisations" : "Organisations: search"
        case .organisation(let screen): screen.title
        case .form(let screen): screen.title
        case .signIn(let screen): screen.title
        case .audit(let screen): screen.title
        }
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        switch self {
        case .home(let screen): screen.contexts
        case .organisations(let screen): screen.contexts
        case .organisation(let screen): screen.contexts
        case .form(let screen): screen.contexts(environment: environment)
        case .signIn(let screen): screen.contexts
        case .audit(let screen): screen.contexts
        }
    }

    /// True when printable keys type into a field rather than trigger actions.
    public var isTyping: Bool {
        switch self {
        case .home, .organisation: false
        case .organisations(let screen): screen.isTyping
        case .form(let screen): screen.isTyping
        case .signIn: true
        case .audit(let screen): screen.isTyping
        }
    }

    public var hasUnsavedChanges: Bool {
        if case .form(let screen) = self { return screen.hasUnsavedChanges }
        return false
    }

    /// What to read when the screen is shown (first pushed, or uncovered again).
    public var appearEffects: [Effect] {
        switch self {
        case .home(let screen): screen.appearEffects
        case .organisations(let screen): screen.appearEffects
        case .organisation(let screen): screen.appearEffects
        case .form, .signIn: []
        case .audit(let screen): screen.appearEffects
        }
    }

    /// The screen fitted to the area it is drawn in: how many rows a page holds. Applied before a
    /// screen first reads (so its first page fills the screen) and before every update.
    public func laidOut(in area: Rect) -> Screen {
        switch self {
        case .organisations(var screen):
            screen.visibleRows = max(1, area.height - 4)
            return .organisations(screen)
        case .organisation(var screen):
            screen.viewport = area
            return .organisation(screen)
        case .audit(var screen):
            screen.visibleRows = max(1, area.height - (screen.showingDetails ? 14 : 4))
            return .audit(screen)
        case .home, .form, .signIn:
            return self
        }
    }

    public func update(_ message: ScreenMessage, environment: AppEnvironment, area: Rect) -> (Screen, ScreenOutput) {
        switch laidOut(in: area) {
        case .home(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.home(next), output)
        case .organisations(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.organisations(next), output)
        case .organisation(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.organisation(next), output)
        case .form(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.form(next), output)
        case .signIn(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.signIn(next), output)
        case .audit(let screen):
            let (next, output) = screen.update(message, environment: environment)
            return (.audit(next), output)
        }
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        switch self {
        case .home(let screen): screen.view(into: &grid, area: area, environment: environment)
        case .organisations(let screen): screen.view(into: &grid, area: area, environment: environment)
        case .organisation(let screen): screen.view(into: &grid, area: area, environment: environment)
        case .form(let screen): screen.view(into: &grid, area: area, environment: environment)
        case .signIn(let screen): screen.view(into: &grid, area: area, environment: environment)
        case .audit(let screen): screen.view(into: &grid, area: area, environment: environment)
        }
    }
}
