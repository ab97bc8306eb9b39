/// What a file in a forms folder is, known from where it sits and its name.
///
/// A forms folder holds form definitions and the rules file at its top, workflow definitions in
/// `workflows/` and message templates in `templates/`. Anything else (another extension, another
/// folder, a file nested deeper) is refused by name rather than skipped, so a file put in the
/// wrong place is never silently left out. Names starting with "." (`.git`, editors' files) are
/// not part of the folder. `scripts/check-forms-schema.py` and the EmbedDefaults build tool apply
/// the same rules.
public enum FormsFileKind: String, Hashable, Sendable, CaseIterable {
    /// `*.json` at the top: a form definition or the rules file (`rules.json`), told apart by
    /// their `"kind"`.
    case definition
    /// `workflows/*.json`: a request workflow definition.
    case workflow
    /// `templates/*.json`: a notification template.
    case template

    /// The kind of the file at `path`, relative to the forms folder with "/" between folders; nil
    /// when ratui does not know such a file.
    public init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where parts[0].hasSuffix(".json") && parts[0].count > ".json".count:
            self = .definition
        case 2 where parts[0] == "workflows" && parts[1].hasSuffix(".json") && parts[1].count > ".json".count:
            self = .workflow
        case 2 where parts[0] == "templates" && parts[1].hasSuffix(".json") && parts[1].count > ".json".count:
            self = .template
        default:
            return nil
        }
    }

    /// The folders that may hold files, besides the top.
    public static let folders: Set<String> = ["workflows", "templates"]

    /// Whether a name is hidden, and so not part of a forms folder.
    static func isHidden(_ name: some StringProtocol) -> Bool {
        name.hasPrefix(".")
    }
}
