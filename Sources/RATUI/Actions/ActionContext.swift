/// Where an action applies: a screen, a part of it, or an overlay.
///
/// A screen reports the contexts it is in right now; the action table keeps only the actions
/// for those, for keys, for the footer and for help alike.
public enum ActionContext: Hashable, Sendable {
    /// Any screen, when no dialog or overlay is open.
    case screen
    /// A screen from which one can go back (not Home).
    case innerScreen
    case home
    case organisationList
    case organisationListFilter
    case organisationDetail
    case form
    case formMultiline
    case formRole
    case formRanges
    case chooser
    case dialog
    case help
    case whois
    /// The sign-in screen (and creating the first RA Manager).
    case signIn
    /// The idle lock, over everything.
    case lock
    /// The audit trail viewer, and its filter line.
    case auditList
    case auditFilter
}
