import CDisplayWidth

/// How many terminal cells text takes, measured with `wcwidth` as the terminal does.
///
/// `String.count` counts characters, but a terminal gives East Asian wide characters two cells
/// and combining marks none; layouts measured any other way tear at the first CJK name.
public enum DisplayWidth {
    /// The cells one character (grapheme cluster) takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii < 0x7F ? 1 : 0
        }
        for scalar in character.unicodeScalars {
            let width = ratui_wcwidth(scalar.value)
            if width > 0 { return min(Int(width), 2) }
        }
        return 0
    }

    /// The cells a whole string takes.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The longest prefix of `text` that fits in `width` cells.
    public static func prefix(_ text: String, fitting width: Int) -> String {
        var used = 0
        var result = ""
        for character in text {
            let cells = of(character)
            if used + cells > width { break }
            used += cells
            result.append(character)
        }
        return result
    }

    /// `text` cut to `width` cells, ending with "…" (or "~" when `ascii`) when it was cut.
    public static func truncate(_ text: String, to width: Int, ascii: Bool = false) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        return prefix(text, fitting: width - 1) + (ascii ? "~" : "…")
    }

    /// `text` padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = prefix(text, fitting: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}
