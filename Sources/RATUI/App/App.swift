import RAPPModel

/// The whole terminal app as a value: the screen stack, any overlay, the status line, the size.
///
/// `update` takes one message and returns the new app and the effects to perform; `view` draws
/// the app into a grid. Neither touches the terminal or the registry, so the whole app can be
/// driven key by key in tests.
public struct App: Sendable {
    /// Something drawn over the current screen that takes the keys while open.
    public enum Overlay: Sendable {
        case help(HelpOverlay)
        case whois(WhoisPanel)
        case dialog(ConfirmDialog)
        /// The whole text of a status message too long for its line.
        case message(StatusMessage)
    }

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// The forms, rules and theme, and the signed-in operator's roles (kept in step with `session`).
    public private(set) var environment: AppEnvironment
    public private(set) var stack: [any Screen]
    public private(set) var overlay: Overlay?
    public private(set) var status: StatusMessage?
    public private(set) var width: Int
    public private(set) var height: Int
    /// Who is signed in; nil on the sign-in screen.
    public private(set) var session: OperatorSession? {
        didSet { environment.operatorRoles = session?.roles ?? [] }
    }
    /// Set while the terminal is locked after idling: it hides everything and takes every key
    /// until the passphrase is given again. The screens beneath, unsaved work and all, stay.
    public private(set) var lock: LockPanel?
    /// The registry's data version when last polled: a change means another connection committed.
    public private(set) var dataVersion: Int64?

    /// An app showing `screen` (as `session`, if already signed in), and the effects that screen
    /// needs to appear.
    public static func start(
        _ screen: any Screen, session: OperatorSession? = nil, environment: AppEnvironment, width: Int, height: Int
    ) -> (App, [Effect]) {
        var app = App(
            environment: environment, stack: [], overlay: nil, status: nil, width: width, height: height, session: nil,
            lock: nil, dataVersion: nil)
        app.session = session
        // The data version first, then the screen's reads: a change committed in between is
        // seen at the next tick, never taken as already shown.
        let effects = (session == nil ? [] : [Self.pollDataVersion]) + app.show(screen)
        return (app, effects)
    }

    public var top: any Screen { stack[stack.count - 1] }

    /// The screen on top, if it is a `type`.
    public func top<S: Screen>(_ type: S.Type) -> S? { top as? S }

    /// The action table while the screen on top is shown.
    var table: [Action] { ActionTable.table(for: Swift.type(of: top)) }
    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The contexts keys are resolved in now, and whether printable keys type text.
    public var keyContexts: (contexts: Set<ActionContext>, typing: Bool) {
        if let lock { return lock.dialog == nil ? ([.lock], true) : ([.dialog], false) }
        var contexts: Set<ActionContext>
        let typing: Bool
        switch overlay {
        case .dialog: return ([.dialog], false)
        case .message: return ([.message], false)
        case .help: return ([.help], false)
        case .whois: (contexts, typing) = ([.whois], true)
        case nil: (contexts, typing) = (top.contexts(environment: environment), top.isTyping)
        }
        if statusIsCutOff { contexts.insert(.statusCutOff) }
        return (contexts, typing)
    }

    /// True when the status line cannot show the whole message: a key then shows all of it.
    public var statusIsCutOff: Bool {
        guard let status else { return false }
        return DisplayWidth.of(status.prefix + status.text) > width - 1
    }

    var contentArea: Rect {
        Rect(row: 1, column: 0, width: width, height: height - 3)
    }

    // MARK: Update

    public func update(_ message: AppMessage) -> (App, [Effect]) {
        var next = self
        var effects: [Effect] = []
        switch message {
        case .resize(let width, let height):
            next.width = width
            next.height = height
        case .key(let key):
            effects = next.handle(key)
        case .forScreen(let payload):
            if case .whois(var panel) = overlay, let message = payload.value as? WhoisPanel.Message {
                let output: ScreenOutput
                (panel, output) = panel.update(.message(message))
                next.overlay = .whois(panel)
                effects = next.apply(output)
            } else {
                effects = next.send(.message(payload))
            }
        case .quit:
            effects = [.quit]
        case .policyRead(let library):
            next.environment.read(library)
        case .signedIn(let outcome):
            effects = next.signedIn(outcome)
        case .unlockRefused(let failure, let lockedUntil):
            next.lock?.refused(failure, lockedUntil: lockedUntil)
        case .signOut:
            effects = next.signOut()
        case .idle(let seconds):
            if session != nil, lock == nil, seconds >= environment.idleLockSeconds {
                next.lock = LockPanel(minutes: environment.rules.signIn.idleLockMinutes)
            }
            // Nothing shows while locked or signed out: nothing to keep up to date. A revoked
            // account is looked for even under the lock: its session ends either way.
            if next.session != nil { effects = [next.lock == nil ? Self.pollDataVersion : Self.checkNotRevoked] }
        case .accountRevoked(let failure, let operatorID):
            guard session?.operatorID == operatorID else { break }
            effects = next.signOut()
            next.status = .error(failure)
        case .dataVersion(let version):
            guard version >= 0 else { break }
            if let seen = dataVersion, seen != version, session != nil, lock == nil {
                effects = next.top.refreshEffects
            }
            next.dataVersion = version
        }
        return (next, effects)
    }

    private mutating func signedIn(_ outcome: SignInOutcome) -> [Effect] {
        switch outcome {
        case .success(let signedIn), .passphraseToChange(let signedIn):
            if lock != nil {
                lock = nil
                status = .info("Unlocked. Welcome back, \(signedIn.name).")
                session = signedIn
                return []
            }
            stack = []
            overlay = nil
            session = signedIn
            status = .info("Signed in as \(signedIn.name).")
            dataVersion = nil
            guard case .passphraseToChange = outcome else { return [Self.pollDataVersion] + show(HomeScreen()) }
            // Home would offer what the registry refuses: the change comes first, alone.
            return [Self.pollDataVersion] + show(ChangePassphraseScreen(required: true))
        case .failed(let failure):
            if lock != nil {
                lock?.refused(failure, lockedUntil: nil)
                return []
            }
            return send(.message(ScreenPayload(SignInScreen.Message.refused(failure))))
        }
    }

    /// Reads the registry's data version (`PRAGMA data_version`) for live refresh, after checking
    /// that the signed-in account was not revoked meanwhile (RAPP 8.3.4: revocation takes effect
    /// at once, open sessions included).
    static let pollDataVersion = Effect.registry(
        RegistryTask(
            "data version",
            app: { context in
                if let revoked = revocation(context) { return revoked }
                return (try? context.registry.dataVersion()).map(AppMessage.dataVersion) ?? .dataVersion(-1)
            }))

    /// Only the revocation check, for a session under the idle lock.
    static let checkNotRevoked = Effect.registry(
        RegistryTask("revocation check", app: { context in revocation(context) ?? .dataVersion(-1) }))

    /// `.accountRevoked` when the session's account is revoked now; nil otherwise (any other
    /// failure to read is left to the next registry work, which reports it).
    private static func revocation(_ context: RegistryContext) -> AppMessage? {
        do {
            _ = try context.signedIn()
        } catch let failure where failure.code == RevocationError.revokedCode {
            guard let session = context.session else { return nil }
            return .accountRevoked(failure, operatorID: session.operatorID)
        } catch {}
        return nil
    }

    /// Back to signing in: the session, the screens and any unsaved work beneath the lock go.
    private mutating func signOut() -> [Effect] {
        session = nil
        lock = nil
        overlay = nil
        stack = []
        status = .info("Signed out. Unsaved work was discarded.")
        return show(SignInScreen(mode: .signIn))
    }

    /// The idle lock takes every key: the passphrase, or signing out or quitting (asking first
    /// when that would discard unsaved work).
    private mutating func handleLocked(_ key: Key, panel: LockPanel) -> [Effect] {
        var panel = panel
        if let dialog = panel.dialog {
            guard let action = ActionTable.action(for: key, in: [.dialog], typing: false) else {
                guard let accelerated = dialog.button(for: key) else { return [] }
                panel.dialog = nil
                lock = panel
                return accelerated ? answerLocked(dialog) : []
            }
            switch action.id {
            case .dialogNext:
                panel.dialog?.toggle()
                lock = panel
                return []
            case .confirm, .cancel:
                panel.dialog = nil
                lock = panel
                return action.id == .confirm && dialog.confirmHighlighted ? answerLocked(dialog) : []
            case .redraw:
                return [.redraw]
            default:
                return []
            }
        }
        guard let session else { return [] }
        switch ActionTable.action(for: key, in: [.lock], typing: true)?.id {
        case .submit?:
            let passphrase = panel.passphrase.text
            panel.attempting()
            lock = panel
            return [.registry(.unlock(session, passphrase: passphrase))]
        case .redraw?:
            return [.redraw]
        case .signOut?:
            guard stack.contains(where: \.hasUnsavedChanges) else { return signOut() }
            panel.dialog = ConfirmDialog(
                title: "Sign out?", message: ["A form has changes that are not stored.", "Sign out and lose them?"],
                confirmLabel: "Sign out and discard", cancelLabel: "Keep locked", onConfirm: .signOut)
            lock = panel
            return []
        case .quit?:
            guard stack.contains(where: \.hasUnsavedChanges) else { return [.quit] }
            panel.dialog = ConfirmDialog(
                title: "Quit ratui?", message: ["A form has changes that are not stored.", "Quit and lose them?"],
                confirmLabel: "Quit and discard", cancelLabel: "Keep locked", onConfirm: .quit)
            lock = panel
            return []
        default:
            _ = panel.passphrase.handle(key)
            lock = panel
            return []
        }
    }

    /// Carries out a confirmed question asked over the lock.
    private mutating func answerLocked(_ dialog: ConfirmDialog) -> [Effect] {
        let (next, effects) = update(dialog.onConfirm)
        self = next
        return effects
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if let panel = lock { return handleLocked(key, panel: panel) }
        if isTooSmall {
            // Nothing can be seen: only quitting works (and asks first, once there is room).
            return key == .control("c") ? requestQuit() : []
        }
        let (contexts, typing) = keyContexts
        guard let action = ActionTable.action(for: key, in: contexts, typing: typing, table: table) else {
            if case .dialog(let dialog) = overlay, let confirmed = dialog.button(for: key) {
                return answer(dialog, confirmed: confirmed)
            }
            // In a list of choices a letter highlights the next choice starting with it.
            return typing || (key.isPrintable && contexts.contains(.chooser)) ? edit(key) : []
        }
        if action.id == .showMessage, let status {
            overlay = .message(status)
            return []
        }
        if !environment.permits(action.permission), let permission = action.permission {
            // Not offered: the key says why instead of acting. The registry would refuse anyway.
            status = .error(environment.refusal(permission))
            return []
        }
        switch overlay {
        case .message:
            switch action.id {
            case .redraw: return [.redraw]
            default: overlay = nil
            }
            return []
        case .dialog(var dialog):
            switch action.id {
            case .dialogNext:
                dialog.toggle()
                overlay = .dialog(dialog)
                return []
            case .confirm:
                return answer(dialog, confirmed: dialog.confirmHighlighted)
            case .cancel:
                return answer(dialog, confirmed: false)
            case .redraw:
                return [.redraw]
            default:
                return []
            }
        case .help(let help):
            switch action.id {
            case .close: overlay = nil
            case .redraw: return [.redraw]
            case .quit:
                overlay = nil
                return requestQuit()
            case .lockNow, .signOut:
                overlay = nil
                return action.id == .lockNow ? lockNow() : requestSignOut()
            default: overlay = .help(help.update(action.id))
            }
            return []
        case .whois(var panel):
            switch action.id {
            case .close:
                overlay = nil
                return []
            case .redraw:
                return [.redraw]
            default:
                let output: ScreenOutput
                (panel, output) = panel.update(.action(action.id))
                overlay = .whois(panel)
                return apply(output)
            }
        case nil:
            switch action.id {
            case .help:
                overlay = .help(
                    HelpOverlay(
                        contexts: contexts, typing: typing, table: table,
                        screenTitle: top.title(environment: environment), environment: environment))
                return []
            case .whois:
                overlay = .whois(WhoisPanel())
                return []
            case .redraw:
                return [.redraw]
            case .quit:
                return requestQuit()
            case .lockNow:
                return lockNow()
            case .signOut:
                return requestSignOut()
            default:
                return send(.action(action.id))
            }
        }
    }

    private mutating func edit(_ key: Key) -> [Effect] {
        if case .whois(var panel) = overlay {
            let output: ScreenOutput
            (panel, output) = panel.update(.edit(key))
            overlay = .whois(panel)
            return apply(output)
        }
        return send(.edit(key))
    }

    /// Locks at once, as the idle lock does: nothing shows until the passphrase is given.
    private mutating func lockNow() -> [Effect] {
        guard session != nil else { return [] }
        lock = LockPanel(minutes: 0)
        return []
    }

    /// Signs out, asking first when that would discard unsaved work.
    private mutating func requestSignOut() -> [Effect] {
        guard session != nil else { return [] }
        guard stack.contains(where: \.hasUnsavedChanges) else { return signOut() }
        overlay = .dialog(
            ConfirmDialog(
                title: "Sign out?",
                message: ["A form has changes that are not stored.", "Sign out and lose them?"],
                confirmLabel: "Sign out and discard", cancelLabel: "Keep working",
                onConfirm: .signOut))
        return []
    }

    private mutating func requestQuit() -> [Effect] {
        guard stack.contains(where: \.hasUnsavedChanges) else { return [.quit] }
        overlay = .dialog(
            ConfirmDialog(
                title: "Quit ratui?",
                message: ["A form has changes that are not stored.", "Quit and lose them?"],
                confirmLabel: "Quit and discard", cancelLabel: "Keep working",
                onConfirm: .quit))
        return []
    }

    /// Closes the dialog and sends what the answer means.
    private mutating func answer(_ dialog: ConfirmDialog, confirmed: Bool) -> [Effect] {
        overlay = nil
        guard let message = confirmed ? dialog.onConfirm : dialog.onCancel else { return [] }
        let (next, effects) = update(message)
        self = next
        return effects
    }

    /// Gives an event to the top screen and carries out what it asks.
    private mutating func send(_ event: ScreenEvent<ScreenPayload>) -> [Effect] {
        let (screen, output) = top.receive(event, environment: environment, area: contentArea)
        stack[stack.count - 1] = screen
        return apply(output)
    }

    private mutating func apply(_ output: ScreenOutput) -> [Effect] {
        var effects = output.effects
        // A message belongs to the screen that said it: a new screen starts with a clear line,
        // and a check that finds nothing wrong clears the problem it reported before.
        if output.navigation != nil
            || (output.clearsProblems && status.map { $0.kind == .error || $0.kind == .warning } == true)
        {
            status = nil
        }
        if let status = output.status { self.status = status }
        if let dialog = output.dialog { overlay = .dialog(dialog) }
        if let text = output.whois { overlay = .whois(WhoisPanel(text)) }
        switch output.navigation {
        case .push(let screen)?:
            if case .whois = overlay { overlay = nil }
            effects += show(screen)
        case .pop?:
            if stack.count > 1 {
                stack.removeLast()
                effects += top.appearEffects
            }
        case .replace(let screen)?:
            stack.removeLast()
            effects += show(screen)
        case nil:
            break
        }
        return effects
    }

    /// Puts a screen on top, fitted to the content area, and returns what it reads to appear.
    private mutating func show(_ screen: any Screen) -> [Effect] {
        let fitted = screen.laidOut(in: contentArea)
        stack.append(fitted)
        return fitted.appearEffects
    }

    // MARK: View

    public func view() -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let theme = environment.theme
        if isTooSmall {
            Chrome.drawTooSmall(into: &grid, minimumWidth: Self.minimumWidth, minimumHeight: Self.minimumHeight)
            grid.cursor = nil
            return grid
        }
        let who =
            session.map {
                "\($0.name) (\($0.roles.map(environment.rules.operatorRoleName).joined(separator: ", "))) "
                    + (theme.isPlain ? "| " : "│ ")
            } ?? ""
        Chrome.drawTitle(
            top.title(environment: environment), detail: who + VisibleText.escaped(environment.registryPath),
            into: &grid, theme: theme)
        if let lock {
            // Nothing of the registry shows while locked.
            lock.view(into: &grid, screen: contentArea, environment: environment, name: session?.name ?? "")
            let (contexts, typing) = keyContexts
            Chrome.drawFooter(contexts: contexts, typing: typing, status: status, into: &grid, theme: theme)
            return grid
        }
        top.view(into: &grid, area: contentArea, environment: environment)
        let screenTyping = top.isTyping
        if !theme.isPlain && !screenTyping { grid.cursor = nil }
        switch overlay {
        case .help(let help): help.view(into: &grid, screen: contentArea, theme: theme)
        case .whois(let panel): panel.view(into: &grid, screen: contentArea, environment: environment)
        case .dialog(let dialog): dialog.draw(into: &grid, in: contentArea, theme: theme)
        case .message(let message): MessagePanel.draw(message, into: &grid, screen: contentArea, theme: theme)
        case nil: break
        }
        let (contexts, typing) = keyContexts
        if overlay != nil && !theme.isPlain && !typing { grid.cursor = nil }
        if case .help = overlay { grid.cursor = theme.isPlain ? (2, 2) : nil }
        Chrome.drawFooter(
            contexts: contexts, typing: typing, table: table, status: status, into: &grid, theme: theme,
            environment: environment)
        return grid
    }
}
