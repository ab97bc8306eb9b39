/// An editable line (or lines) of text: the characters, where the cursor is, and a length limit.
///
/// Text is held as characters (grapheme clusters), so the cursor never lands inside an accented
/// letter or a CJK character, and the limit counts what the validator counts.
public struct TextField: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0...count).
    public private(set) var cursor: Int
    /// The most characters the field holds, only to bound memory: typing past it is refused.
    ///
    /// Not a field's allowed length. A field keeps everything typed and validation reports what
    /// is too long (`field.too-long`, `eui64.length`), so text is never cut into another value.
    public let maxLength: Int?

    /// The hard limit for fields whose allowed length validation checks: far above any of them.
    public static let memoryLimit = 4096
    /// Whether Enter may insert a line break (an address).
    public let allowsLineBreaks: Bool

    public init(_ text: String = "", maxLength: Int? = nil, allowsLineBreaks: Bool = false) {
        self.characters = Array(text)
        self.cursor = characters.count
        self.maxLength = maxLength
        self.allowsLineBreaks = allowsLineBreaks
    }

    public var text: String { String(characters) }
    public var isFull: Bool { maxLength.map { characters.count >= $0 } ?? false }

    /// What happened to a key: edited, moved, refused (full), or not an editing key at all.
    public enum Outcome: Hashable, Sendable {
        case edited
        case moved
        case refusedFull
        case ignored
    }

    /// Applies an editing key.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character(let character):
            return insert(character)
        case .left:
            guard cursor > 0 else { return .moved }
            cursor -= 1
            return .moved
        case .right:
            guard cursor < characters.count else { return .moved }
            cursor += 1
            return .moved
        case .home, .control("a"):
            cursor = lineStart(of: cursor)
            return .moved
        case .end, .control("e"):
            cursor = lineEnd(of: cursor)
            return .moved
        case .backspace:
            guard cursor > 0 else { return .moved }
            characters.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete, .control("d"):
            guard cursor < characters.count else { return .moved }
            characters.remove(at: cursor)
            return .edited
        case .control("u"):
            let start = lineStart(of: cursor)
            guard start < cursor else { return .moved }
            characters.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .control("k"):
            let end = lineEnd(of: cursor)
            guard cursor < end else { return .moved }
            characters.removeSubrange(cursor..<end)
            return .edited
        default:
            return .ignored
        }
    }

    /// Inserts one character at the cursor, unless the field is full.
    public mutating func insert(_ character: Character) -> Outcome {
        if character == "\n" && !allowsLineBreaks { return .ignored }
        guard !isFull else { return .refusedFull }
        characters.insert(character, at: cursor)
        cursor += 1
        return .edited
    }

    /// Moves the cursor one line up or down (multi-line fields); false at the first or last line.
    public mutating func moveLine(by delta: Int) -> Bool {
        let lines = self.lines
        let (line, column) = position
        let target = line + delta
        guard target >= 0, target < lines.count else { return false }
        var index = 0
        for previous in 0..<target { index += lines[previous].count + 1 }
        cursor = index + min(column, lines[target].count)
        return true
    }

    /// The text split into lines.
    public var lines: [[Character]] {
        characters.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    }

    /// The cursor's line and its index within that line.
    public var position: (line: Int, column: Int) {
        var line = 0
        var column = 0
        for character in characters[..<cursor] {
            if character == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private func lineStart(of index: Int) -> Int {
        var start = index
        while start > 0 && characters[start - 1] != "\n" { start -= 1 }
        return start
    }

    private func lineEnd(of index: Int) -> Int {
        var end = index
        while end < characters.count && characters[end] != "\n" { end += 1 }
        return end
    }

    /// What to draw of one line in `width` cells so the cursor stays visible, and the cursor's
    /// column within it (when the cursor is on this line).
    ///
    /// The view scrolls horizontally by display width, so CJK text scrolls by whole characters.
    public func visibleSlice(line: [Character], cursorColumn: Int?, width: Int) -> (text: String, cursorOffset: Int?) {
        guard width > 0 else { return ("", nil) }
        guard let cursorColumn else {
            return (DisplayWidth.prefix(String(line), fitting: width), nil)
        }
        // Start far enough right that the cursor (plus one cell for it) fits.
        var start = 0
        var widthBeforeCursor = line[..<cursorColumn].reduce(0) { $0 + DisplayWidth.of($1) }
        while widthBeforeCursor + 1 > width && start < cursorColumn {
            widthBeforeCursor -= DisplayWidth.of(line[start])
            start += 1
        }
        let text = DisplayWidth.prefix(String(line[start...]), fitting: width)
        return (text, widthBeforeCursor)
    }
}
