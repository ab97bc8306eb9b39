/// The single table of actions: what each key does, where, and how footers and help describe it.
///
/// Modelled on tig: one table, so key handling, the footer hints and the help screen cannot
/// disagree. A key resolves to the first action, in table order, that applies in one of the
/// current contexts. While a text field has focus, printable keys type text instead.
///
/// Each screen owns its rows (`Screen.actions`); the table puts them between the app's rows, in
/// an order that decides which key wins: overlays, then keys that work everywhere, then the
/// screen's own, then going back (so a screen may give Esc a meaning of its own first).
public enum ActionTable {
    /// Every screen type whose keys the app offers: the one line to add for a new screen, so
    /// the whole table can be checked and listed.
    public static let screens: [any Screen.Type] = [
        SignInScreen.self,
        HomeScreen.self,
        OrganisationListScreen.self,
        AuditScreen.self,
        AuditEventScreen.self,
        AuditExportScreen.self,
        OrganisationScreen.self,
        FormScreen.self,
        CSRCheckScreen.self,
        WorkQueueScreen.self,
        RequestScreen.self,
        RequestFormScreen.self,
        NotificationListScreen.self,
        NewRequestScreen.self,
        CredentialListScreen.self,
        OperatorListScreen.self,
        OperatorRolesScreen.self,
        OperatorPassphraseScreen.self,
        ChangePassphraseScreen.self,
    ]

    /// Overlays first, so their keys win over the screen beneath.
    static let overlays: [Action] =
        ConfirmDialog.actions + MessagePanel.actions + ChoiceList.actions + WhoisPanel.actions + HelpOverlay.actions
        + LockPanel.actions

    /// Keys that work on every screen.
    static let everywhere: [Action] = [
        Action(
            .help, keys: [.character("?"), .function(1)], name: "help", description: "Show every key that works here.",
            contexts: [.screen, .chooser]),
        Action(
            .whois, keys: [.function(2), .character("w")], name: "whois",
            description: "Look up which organisation holds an EUI-64 identifier.", contexts: [.screen],
            permission: .registryRead),
        Action(
            .redraw, keys: [.control("l")], name: "redraw", description: "Redraw the whole screen.",
            contexts: [.screen, .dialog, .help, .whois, .chooser, .lock], inFooter: false),
        Action(
            .quit, keys: [.control("c")], name: "quit",
            description: "Quit ratui (asks first if a form has unsaved changes).", contexts: [.screen, .help],
            inFooter: false),
        Action(
            .showMessage, keys: [.control("r")], name: "message",
            description: "Read the whole of the status line's message, which is too long to show.",
            contexts: [.statusCutOff]),
    ]

    /// Going back, locking and signing out, last: a screen's own use of these keys comes first
    /// (and help lists them after the screen's own).
    static let navigation: [Action] = [
        Action(
            .back, keys: [.escape, .control("g"), .character("q")], name: "back",
            description: "Go back (asks first if a form has unsaved changes).", contexts: [.innerScreen]),
        Action(
            .lockNow, keys: [.function(4)], name: "lock",
            description:
                "Lock the terminal now: everything is hidden until your passphrase is given (unsaved work is kept).",
            contexts: [.screen, .help], inFooter: false),
        Action(
            .signOut, keys: [.control("o")], name: "sign out",
            description: "Sign out now and go back to signing in (asks first if a form has unsaved changes).",
            contexts: [.screen, .help], inFooter: false),
    ]

    /// The table while `screen` is on top: the app's rows around that screen's own. A registered
    /// screen's is joined once, not at every key and frame.
    public static func table(for screen: any Screen.Type) -> [Action] {
        tables[ObjectIdentifier(screen)] ?? table(screenRows: screen.actions)
    }

    /// Each registered screen's table, joined once.
    static let tables: [ObjectIdentifier: [Action]] = Dictionary(
        uniqueKeysWithValues: screens.map { (ObjectIdentifier($0), table(screenRows: $0.actions)) })

    /// The whole table, every registered screen's rows included: for checking and listing.
    public static let all: [Action] = table(screenRows: screens.flatMap { $0.actions })

    static func table(screenRows: [Action]) -> [Action] {
        overlays + everywhere + screenRows + navigation
    }

    /// The actions that apply in any of `contexts`, in table order.
    public static func actions(in contexts: Set<ActionContext>, table: [Action] = all) -> [Action] {
        table.filter { !$0.contexts.isDisjoint(with: contexts) }
    }

    /// The keys that really trigger `action` here: not typing keys while typing, and not keys an
    /// earlier row of the table takes first. Footers and help show only these.
    public static func effectiveKeys(
        of action: Action, in contexts: Set<ActionContext>, typing: Bool, table: [Action] = all
    ) -> [Key] {
        action.keys(typing: typing).filter { key in
            Self.action(for: key, in: contexts, typing: typing, table: table) == action
        }
    }

    /// The action a key triggers in `contexts`, or nil when it does nothing (or types text).
    public static func action(for key: Key, in contexts: Set<ActionContext>, typing: Bool, table: [Action] = all)
        -> Action?
    {
        if typing && key.isPrintable { return nil }
        return table.first { action in
            !action.contexts.isDisjoint(with: contexts) && action.keys.contains(key)
        }
    }
}
