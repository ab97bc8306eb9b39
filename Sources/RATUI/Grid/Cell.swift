/// One terminal cell: the character drawn there and its style.
///
/// A wide character fills its own cell and leaves the next as a continuation (empty text), so
/// the grid's columns are always the terminal's columns.
public struct Cell: Hashable, Sendable {
    /// One grapheme cluster, " " for blank, or "" for the right half of a wide character.
    public var text: String
    public var style: Style

    public init(_ text: String = " ", style: Style = .normal) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell()

    public var isContinuation: Bool { text.isEmpty }
}
