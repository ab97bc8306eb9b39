/// What a piece of text on screen is, for the theme to decide how it looks.
///
/// Screens say "this is an error" or "this is the focused field", never "red" or "bold": the
/// default, monochrome and plain themes then render the same screen their own way, and no
/// state is ever shown by colour alone because the words are always there too.
public enum Style: UInt8, Hashable, Sendable, CaseIterable {
    case normal
    case title
    case heading
    case label
    case value
    case focus
    case selected
    case hint
    case hintKey
    case status
    case error
    case warning
    case success
    case dim
    case border
    case own
    case neighbour
    case overlap
}
