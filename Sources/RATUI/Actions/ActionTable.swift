/// The single table of actions: what each key does, where, and how footers and help describe it.
///
/// Modelled on tig: one table, so key handling, the footer hints and the help screen cannot
/// disagree. A key resolves to the first action, in table order, that applies in one of the
/// current contexts. While a text field has focus, printable keys type text instead.
public enum ActionTable {
    public static let all: [Action] = [
        // Overlays first, so their keys win over the screen beneath.
        Action(.confirm, keys: [.enter], name: "choose", description: "Choose the highlighted button.", contexts: [.dialog]),
        Action(.dialogNext, keys: [.tab, .left, .right, .backTab], name: "switch", description: "Move between the buttons.", contexts: [.dialog]),
        Action(.cancel, keys: [.escape, .control("g")], name: "cancel", description: "Close the dialog without doing anything.", contexts: [.dialog]),
        Action(.confirm, keys: [.enter], name: "choose", description: "Choose the highlighted User Role.", contexts: [.chooser]),
        Action(.moveUp, keys: [.up], name: "up", description: "Highlight the role above.", contexts: [.chooser], inFooter: false),
        Action(.moveDown, keys: [.down], name: "down", description: "Highlight the role below.", contexts: [.chooser], inFooter: false),
        Action(.cancel, keys: [.escape, .control("g")], name: "cancel", description: "Close the list, keeping the role as it was.", contexts: [.chooser]),
        Action(.lookUp, keys: [.enter], name: "look up", description: "Look up who holds the identifier typed; Enter again opens the highlighted holder.", contexts: [.whois]),
        Action(.moveUp, keys: [.up], name: "up", description: "Highlight the holder above.", contexts: [.whois], inFooter: false),
        Action(.moveDown, keys: [.down], name: "down", description: "Highlight the holder below.", contexts: [.whois], inFooter: false),
        Action(.open, keys: [.tab], name: "open", description: "Open the highlighted holder's organisation.", contexts: [.whois]),
        Action(.close, keys: [.escape, .control("g"), .function(2)], name: "close", description: "Close the identifier look-up.", contexts: [.whois]),
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Scroll help up.", contexts: [.help], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Scroll help down.", contexts: [.help], inFooter: false),
        Action(.close, keys: [.escape, .character("?"), .function(1), .character("q"), .control("g")], name: "close", description: "Close help.", contexts: [.help]),

        // The idle lock, over everything.
        Action(.submit, keys: [.enter], name: "unlock", description: "Check the passphrase and go back to where you were.", contexts: [.lock]),

        // Signing in.
        Action(.nextField, keys: [.tab, .enter, .down], name: "next", description: "Next field; Enter on the last field signs in.", contexts: [.signIn]),
        Action(.previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.", contexts: [.signIn], inFooter: false),
        Action(.help, keys: [.function(1)], name: "help", description: "Show every key that works here.", contexts: [.signIn]),
        Action(.quit, keys: [.control("c")], name: "quit", description: "Quit ratui.", contexts: [.signIn]),

        // Everywhere.
        Action(.help, keys: [.character("?"), .function(1)], name: "help", description: "Show every key that works here.", contexts: [.screen]),
        Action(.whois, keys: [.function(2), .character("w")], name: "whois", description: "Look up which organisation holds an EUI-64 identifier.", contexts: [.screen]),
        Action(.redraw, keys: [.control("l")], name: "redraw", description: "Redraw the whole screen.", contexts: [.screen, .dialog, .help, .whois, .chooser, .signIn, .lock], inFooter: false),
        Action(.quit, keys: [.control("c")], name: "quit", description: "Quit ratui (asks first if a form has unsaved changes).", contexts: [.screen], inFooter: false),

        // Home.
        Action(.newOrganisation, keys: [.character("n")], name: "new A1", description: "Register a new organisation: fill in an A1 form.", contexts: [.home]),
        Action(.openOrganisations, keys: [.character("o")], name: "organisations", description: "Browse and search the registered organisations.", contexts: [.home]),
        Action(.openAudit, keys: [.character("t")], name: "audit trail", description: "Browse the audit trail of every change.", contexts: [.home]),
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the item above.", contexts: [.home], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the item below.", contexts: [.home], inFooter: false),
        Action(.open, keys: [.enter], name: "open", description: "Open the highlighted item.", contexts: [.home]),
        Action(.quit, keys: [.character("q")], name: "quit", description: "Quit ratui.", contexts: [.home]),

        // The list's filter line.
        Action(.open, keys: [.enter, .down], name: "to list", description: "Keep the filter and go to the list.", contexts: [.organisationListFilter]),
        Action(.clearFilter, keys: [.escape, .control("g")], name: "clear", description: "Clear the filter and show every organisation.", contexts: [.organisationListFilter]),

        // Organisations.
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the organisation above.", contexts: [.organisationList], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the organisation below.", contexts: [.organisationList], inFooter: false),
        Action(.pageUp, keys: [.pageUp], name: "page up", description: "One page up.", contexts: [.organisationList], inFooter: false),
        Action(.pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "One page down.", contexts: [.organisationList], inFooter: false),
        Action(.first, keys: [.home, .character("g")], name: "first", description: "Go to the first organisation.", contexts: [.organisationList], inFooter: false),
        Action(.last, keys: [.end, .character("G")], name: "last", description: "Go to the last organisation.", contexts: [.organisationList], inFooter: false),
        Action(.open, keys: [.enter], name: "open", description: "Open the highlighted organisation and its history.", contexts: [.organisationList]),
        Action(.filter, keys: [.character("/")], name: "search", description: "Search by the start of the name (case-insensitive for A-Z).", contexts: [.organisationList]),
        Action(.newOrganisation, keys: [.character("n")], name: "new A1", description: "Register a new organisation.", contexts: [.organisationList]),

        // The audit trail's filter line.
        Action(.open, keys: [.enter, .down], name: "to list", description: "Keep the filter and go to the list.", contexts: [.auditFilter]),
        Action(.clearFilter, keys: [.escape, .control("g")], name: "clear", description: "Clear the filter and show every event.", contexts: [.auditFilter]),

        // The audit trail.
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Highlight the event above.", contexts: [.auditList], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Highlight the event below.", contexts: [.auditList], inFooter: false),
        Action(.pageUp, keys: [.pageUp], name: "page up", description: "Older events.", contexts: [.auditList], inFooter: false),
        Action(.pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "Newer events.", contexts: [.auditList], inFooter: false),
        Action(.first, keys: [.home, .character("g")], name: "first", description: "Go to the first event.", contexts: [.auditList], inFooter: false),
        Action(.last, keys: [.end, .character("G")], name: "last", description: "Go to the latest event.", contexts: [.auditList], inFooter: false),
        Action(.open, keys: [.enter], name: "details", description: "Show or hide the highlighted event's details.", contexts: [.auditList]),
        Action(.filter, keys: [.character("/")], name: "filter", description: "Filter by operator name, action (organisation.submitted) or record (organisation/12).", contexts: [.auditList]),

        // One organisation.
        Action(.openAudit, keys: [.character("h")], name: "history", description: "This organisation's audit history: who changed what, when.", contexts: [.organisationDetail]),
        Action(.amend, keys: [.character("a")], name: "amend", description: "Amend: fill in a new version of the A1 form.", contexts: [.organisationDetail]),
        Action(.olderVersion, keys: [.left, .character("[")], name: "older", description: "Show the previous version.", contexts: [.organisationDetail]),
        Action(.newerVersion, keys: [.right, .character("]")], name: "newer", description: "Show the next version.", contexts: [.organisationDetail]),
        Action(.moveUp, keys: [.up, .character("k")], name: "up", description: "Scroll up.", contexts: [.organisationDetail], inFooter: false),
        Action(.moveDown, keys: [.down, .character("j")], name: "down", description: "Scroll down.", contexts: [.organisationDetail], inFooter: false),

        // The A1 form.
        Action(.submit, keys: [.control("s")], name: "submit", description: "Check the whole form against the rules and the registry, then store it (asks first).", contexts: [.form]),
        Action(.newLine, keys: [.enter], name: "new line", description: "Start a new line in this field.", contexts: [.formMultiline]),
        Action(.lineUp, keys: [.up], name: "line up", description: "Move up a line in this field; from its first line, to the previous field.", contexts: [.formMultiline], inFooter: false),
        Action(.lineDown, keys: [.down], name: "line down", description: "Move down a line in this field; from its last line, to the next field.", contexts: [.formMultiline], inFooter: false),
        Action(.chooseRole, keys: [.enter, .character(" ")], name: "choose role", description: "Choose this row's User Role from a list.", contexts: [.formRole]),
        Action(.nextField, keys: [.tab, .enter, .down], name: "next", description: "Next field; Enter on the last field submits.", contexts: [.form]),
        Action(.previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.", contexts: [.form], inFooter: false),
        Action(.addRangeRow, keys: [.control("n")], name: "add range", description: "Add a User Role range row.", contexts: [.form]),
        Action(.removeRangeRow, keys: [.control("x")], name: "remove range", description: "Remove the focused User Role range row.", contexts: [.formRanges]),

        // Going back.
        Action(.back, keys: [.escape, .control("g"), .character("q")], name: "back", description: "Go back (asks first if a form has unsaved changes).", contexts: [.innerScreen]),
    ]

    /// The actions that apply in any of `contexts`, in table order.
    public static func actions(in contexts: Set<ActionContext>) -> [Action] {
        all.filter { !$0.contexts.isDisjoint(with: contexts) }
    }

    /// The keys that really trigger `action` here: not typing keys while typing, and not keys an
    /// earlier row of the table takes first. Footers and help show only these.
    public static func effectiveKeys(of action: Action, in contexts: Set<ActionContext>, typing: Bool) -> [Key] {
        action.keys(typing: typing).filter { key in
            Self.action(for: key, in: contexts, typing: typing) == action
        }
    }

    /// The action a key triggers in `contexts`, or nil when it does nothing (or types text).
    public static func action(for key: Key, in contexts: Set<ActionContext>, typing: Bool) -> Action? {
        if typing && key.isPrintable { return nil }
        return all.first { action in
            !action.contexts.isDisjoint(with: contexts) && action.keys.contains(key)
        }
    }
}
