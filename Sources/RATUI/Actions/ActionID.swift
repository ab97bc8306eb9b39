/// Every action ratui offers. Keys, footers and help all come from `ActionTable`.
public enum ActionID: String, Hashable, Sendable, CaseIterable {
    case help
    case whois
    case redraw
    case quit
    case back
    case openOrganisations
    case newOrganisation
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case first
    case last
    case open
    case filter
    case clearFilter
    case amend
    case olderVersion
    case newerVersion
    case nextField
    case previousField
    case submit
    case addRangeRow
    case removeRangeRow
    case chooseRole
    case newLine
    case lineUp
    case lineDown
    case confirm
    case cancel
    case dialogNext
    case lookUp
    case close
    case openAudit
}
