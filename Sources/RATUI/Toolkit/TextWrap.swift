/// Splits text into lines of at most `width` cells, at spaces where it can.
///
/// A character wider than the whole line (a two-cell character at width 1) gets a line of its
/// own, which the grid then clips: every line holds at least one character, so wrapping ends.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                var wordWidth = DisplayWidth.of(word)
                let gap = line.isEmpty ? 0 : 1
                if lineWidth + gap + wordWidth <= width {
                    line += (gap == 1 ? " " : "") + word
                    lineWidth += gap + wordWidth
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                // A word longer than the line is cut across lines.
                while wordWidth > width && word.count > 1 {
                    var head = DisplayWidth.prefix(word, fitting: width)
                    if head.isEmpty, let first = word.first { head = String(first) }
                    lines.append(head)
                    word = String(word.dropFirst(head.count))
                    wordWidth = DisplayWidth.of(word)
                }
                line = word
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }
}
