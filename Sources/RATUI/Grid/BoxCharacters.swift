/// The characters a theme draws borders and marks with: Unicode lines, or plain ASCII.
public struct BoxCharacters: Hashable, Sendable {
    public let horizontal: String
    public let vertical: String
    public let topLeft: String
    public let topRight: String
    public let bottomLeft: String
    public let bottomRight: String
    /// Marks the focused field or selected row, so focus never depends on colour.
    public let pointer: String
    public let ellipsis: String
    public let ownBar: String
    public let neighbourBar: String
    public let overlapBar: String

    public static let unicode = BoxCharacters(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        pointer: "▶", ellipsis: "…", ownBar: "█", neighbourBar: "▒", overlapBar: "X")

    public static let ascii = BoxCharacters(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        pointer: ">", ellipsis: "~", ownBar: "#", neighbourBar: "=", overlapBar: "X")
}
