import RAPPModel

/// The first screen: what the registry holds, and where to go from here.
public struct HomeScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// How many organisations and ranges the registry holds.
        case counted(Result<Counts, Failure>)
        /// What waits for the operator, the open requests by state, and their own requests.
        case requests(Result<RequestCounts, Failure>)
        case notifications(Result<Int, Failure>)
    }

    public struct Counts: Hashable, Sendable {
        public var organisations: Int
        public var ranges: Int
    }

    /// The menu, each item with the action it runs.
    static let items: [(label: String, action: ActionID, key: String)] = [
        ("Register a new organisation (A1 form)", .newOrganisation, "n"),
        ("Browse and search organisations", .openOrganisations, "o"),
        ("Who owns an identifier?", .whois, "w"),
        ("Audit trail: who changed what, when", .openAudit, "t"),
        ("Work queue: requests waiting for you", .openWorkQueue, "r"),
        ("Enter a request (RA credential, revocation A7…)", .newRequest, "e"),
        ("Request revocation (A7)", .requestRevocation, "a"),
        ("Credentials issued", .openCredentials, "c"),
        ("Outbox: notifications to send or deliver by hand", .openNotifications, "u"),
        ("Operators: roles, disable, unlock, passphrases", .openOperators, "m"),
        ("Change your passphrase", .changePassphrase, "p"),
    ]

    public var organisations: Int?
    public var ranges: Int?
    public var problem: Failure?
    public var selected = 0
    /// The requests block; nil until read (or when the operator may not read requests).
    public var requests: RequestCounts?
    /// Open notifications (pending or in doubt), counted up to `Registry.countLimit`; nil for an
    /// operator who may not read the outbox.
    public var notifications: Int?

    public init() {}

    public static let actions: [Action] = [
        Action(
            .newOrganisation, keys: [.character("n")], name: "new A1",
            description: "Register a new organisation: fill in an A1 form.", contexts: [.home],
            permission: .organisationSubmit),
        Action(
            .openOrganisations, keys: [.character("o")], name: "organisations",
            description: "Browse and search the registered organisations.", contexts: [.home], permission: .registryRead
        ),
        Action(
            .openAudit, keys: [.character("t")], name: "audit trail",
            description: "Browse the audit trail of every change.", contexts: [.home], permission: .auditRead),
        Action(
            .openWorkQueue, keys: [.character("r")], name: "work queue",
            description: "Requests waiting for a step by you.", contexts: [.home], inFooter: false,
            permission: .requestRead),
        // No one permission: each kind needs its own (an A7 needs revocation.request), and the
        // list of kinds shows those the operator's roles do not grant disabled, with the reason.
        Action(
            .newRequest, keys: [.character("e")], name: "new request",
            description: "Enter a request from Home: any kind your roles allow.", contexts: [.home], inFooter: false),
        // No permission here: it is the A7 workflow's submit permission, from the policy, which
        // `update` and the menu check (`disabledReason`).
        Action(
            .requestRevocation, keys: [.character("a")], name: "request revocation",
            description: "Fill in form A7: ask to revoke an RA person's credentials.",
            contexts: [.home],
            inFooter: false),
        Action(
            .openCredentials, keys: [.character("c")], name: "credentials", description: "Every credential issued.",
            contexts: [.home], inFooter: false, permission: .requestRead),
        Action(
            .openNotifications, keys: [.character("u")], name: "outbox",
            description: "Notifications waiting to be sent or delivered by hand; mark them handled.",
            contexts: [.home], inFooter: false, permission: .notificationRead),
        Action(
            .openOperators, keys: [.character("m")], name: "operators",
            description: "Manage operator accounts: roles, disable, enable, unlock, passphrases.", contexts: [.home],
            inFooter: false, permission: .operatorManage),
        // No permission: every operator may change their own passphrase.
        Action(
            .changePassphrase, keys: [.character("p")], name: "passphrase",
            description: "Change your own passphrase (it needs the current one).", contexts: [.home],
            inFooter: false),
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the item above.",
            contexts: [.home], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the item below.",
            contexts: [.home], inFooter: false),
        Action(.open, keys: [.enter], name: "open", description: "Open the highlighted item.", contexts: [.home]),
        Action(.quit, keys: [.character("q")], name: "quit", description: "Quit ratui.", contexts: [.home]),
    ]

    public func title(environment: AppEnvironment) -> String { "Home" }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .home] }

    /// Counts are read whenever Home is shown, so they are fresh after a submission.
    public var appearEffects: [Effect] {
        [
            .registry(
                "counts",
                { context in
                    let counts = try context.reading().counts()
                    return Counts(organisations: counts.organisations, ranges: counts.ranges)
                }, then: Message.counted),
            .registry("request counts", RequestCounts.read, then: Message.requests),
            .registry(
                "notification count",
                { context in
                    try context.registry.openNotificationCount(
                        limit: Registry.countLimit + 1, by: try context.signedIn())
                }, then: Message.notifications),
        ]
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (HomeScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .message(.counted(.success(let counts))):
            next.organisations = counts.organisations
            next.ranges = counts.ranges
            next.problem = nil
        case .message(.counted(.failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        case .message(.requests(.success(let counts))):
            next.requests = counts
        case .message(.requests(.failure)):
            next.requests = nil  // not theirs to read: the menu says so
        case .message(.notifications(.success(let count))):
            next.notifications = count
        case .message(.notifications(.failure)):
            next.notifications = nil  // not theirs to read: the menu says so
        case .action(.openNotifications):
            output.navigation = .push(NotificationListScreen())
        case .action(.openWorkQueue):
            output.navigation = .push(WorkQueueScreen())
        case .action(.newRequest):
            output.navigation = .push(NewRequestScreen())
        case .action(.openCredentials):
            output.navigation = .push(CredentialListScreen())
        case .action(.requestRevocation):
            guard let workflow = Self.revocation(environment) else {
                // The engine's own refusal of a kind the policy does not define, in its words.
                let unknown = RequestError.unknownKind(
                    Self.revocationKind, known: environment.library.workflows.map(\.id))
                output.status = .error(Failure(unknown))
                break
            }
            guard environment.permits(workflow.submitPermission) else {
                output.status = .error(environment.refusal(workflow.submitPermission))
                break
            }
            output.navigation = .push(RequestFormScreen(environment: environment, purpose: .request(kind: workflow.id)))
        case .action(.moveUp):
            next.selected = max(0, selected - 1)
        case .action(.moveDown):
            next.selected = min(Self.items.count - 1, selected + 1)
        case .action(.open):
            let items = Self.items
            guard items.indices.contains(selected) else { break }
            let item = items[selected]
            if let permission = Self.permission(of: item.action), !environment.permits(permission) {
                output.status = .error(environment.refusal(permission))
                return (next, output)
            }
            return next.update(.action(item.action), environment: environment)
        case .action(.newOrganisation):
            output.navigation = .push(FormScreen(environment: environment))
        case .action(.openOrganisations):
            output.navigation = .push(OrganisationListScreen())
        case .action(.whois):
            output.whois = ""
        case .action(.openAudit):
            output.navigation = .push(AuditScreen())
        case .action(.openOperators):
            output.navigation = .push(OperatorListScreen())
        case .action(.changePassphrase):
            output.navigation = .push(ChangePassphraseScreen())
        default:
            break
        }
        return (next, output)
    }

    /// What an item's action needs, from the action table (the one place permissions are given).
    static func permission(of id: ActionID) -> OperatorAction? { permissions[id] }

    /// The permissions Home's rows need, read from the table once: the menu asks for each item
    /// at every frame.
    private static let permissions: [ActionID: OperatorAction] = ActionTable.table(for: HomeScreen.self)
        .reduce(into: [:]) { found, action in
            if let permission = action.permission, found[action.id] == nil { found[action.id] = permission }
        }

    /// The kind of request that revokes an RA person's credentials (RAPP 8.3.3, form A7).
    static let revocationKind = "ra-revocation"

    /// The policy's A7 workflow, if it has one.
    static func revocation(_ environment: AppEnvironment) -> WorkflowDefinition? {
        environment.library.workflow(revocationKind)
    }

    /// Why an item is shown disabled, in words; nil when the operator may use it.
    static func disabledReason(of id: ActionID, environment: AppEnvironment) -> String? {
        if id == .requestRevocation {
            guard let workflow = revocation(environment) else { return "not in this registry's policy" }
            return environment.permits(workflow.submitPermission)
                ? nil : AppEnvironment.reason(workflow.submitPermission)
        }
        guard let permission = permission(of: id), !environment.permits(permission) else { return nil }
        return AppEnvironment.reason(permission)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        var row = area.row + 1
        let left = area.column + 2
        grid.put(
            "SMKI Registration Authority: registry of organisations (RAPP 5.1)", row: row, column: left, style: .heading
        )
        row += 2
        let count = { (value: Int?) in value.map(NumberText.grouped) ?? "…" }
        grid.put("Organisations registered:   \(count(organisations))", row: row, column: left)
        grid.put("User Role ranges in force:  \(count(ranges))", row: row + 1, column: left)
        grid.put(
            "Forms:                      \(VisibleText.escaped(environment.library.origin)), \(environment.form.id) \(environment.form.title)",
            row: row + 2, column: left, limit: area.width - 4)
        if let problem {
            grid.put(
                "Error: " + problem.terminalText, row: row + 3, column: left, style: .error,
                limit: area.width - 4)
        }
        row += 4
        if let requests {
            row += requests.draw(into: &grid, row: row, column: left, width: area.width - 4, environment: environment)
        }
        row += 1
        grid.put("What would you like to do?", row: row, column: left, style: .heading)
        // The blank line under the heading goes first when the menu would not fit (80x24).
        row += area.row + area.height - row - 2 >= Self.items.count ? 2 : 1
        for (index, item) in Self.items.enumerated() {
            let isSelected = index == selected
            let marker = isSelected ? theme.box.pointer : " "
            // An item the operator may not use stays in view, disabled, with the reason in words.
            let disabledReason = Self.disabledReason(of: item.action, environment: environment)
            let style: Style = isSelected ? .selected : disabledReason != nil ? .dim : .normal
            let reason = disabledReason.map { " (\($0))" } ?? ""
            let count =
                switch item.action {
                case .openWorkQueue: requests?.waiting.map { " (\(RequestText.count($0)))" } ?? ""
                case .openNotifications: notifications.map { " (\(RequestText.count($0)))" } ?? ""
                default: ""
                }
            grid.put(
                "\(marker) \(item.key)  \(item.label)\(count)\(reason)", row: row + index, column: left, style: style,
                limit: area.width - 4)
            if isSelected { grid.cursor = (row + index, left) }
        }
    }
}

extension ActionID {
    static let requestRevocation = ActionID("requestRevocation")
}

extension ActionContext {
    static let home = ActionContext("home")
}
