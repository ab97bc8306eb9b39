import Foundation
import GRDB

/// What the organisation list shows: every organisation or those a search finds, and in what order.
///
/// A search of three characters or more finds the text anywhere in the current name, company
/// number or SEC Party identifier (the `organisation_search` trigram index, case folded); a
/// shorter one, the start of the name (A-Z folded). Digits also find the organisation with that id.
public struct OrganisationQuery: Hashable, Sendable {
    public enum Order: String, Hashable, Sendable, CaseIterable {
        case name
        case id
    }

    public var text: String
    public var order: Order

    public init(text: String = "", order: Order = .id) {
        self.text = text
        self.order = order
    }

    /// The text searched for: without surrounding spaces, or control characters, which no
    /// stored name holds (validation refuses them) and which FTS5's query parser cannot take (a
    /// NUL ends its string).
    public var searchText: String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control }))
            .trimmingCharacters(in: .whitespaces)
    }

    /// Whether the search finds text anywhere (three characters or more), rather than at the
    /// start of the name.
    public var searchesAnywhere: Bool { searchText.count >= 3 }

    /// The organisation ids the search finds, as SQL for a `WITH hit(id) AS (...)` clause.
    var hits: (sql: String, arguments: [any DatabaseValueConvertible]) {
        let text = searchText
        var parts: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if searchesAnywhere {
            // One FTS5 phrase: the whole text, its quotes doubled, never read as query syntax.
            parts.append("SELECT rowid FROM organisation_search WHERE organisation_search MATCH ?")
            arguments.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        } else {
            parts.append(
                """
                SELECT organisation_id FROM organisation_version INDEXED BY organisation_version_current_name
                WHERE is_current = 1 AND name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE
                """)
            arguments += [text, text + "\u{10FFFF}"]
        }
        if text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int64(text) {
            parts.append("SELECT ?")
            arguments.append(id)
        }
        return (parts.joined(separator: " UNION "), arguments)
    }
}
