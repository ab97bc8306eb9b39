/// A line of text in pieces of different styles, laid out before it is placed on the grid.
public struct StyledLine: Hashable, Sendable {
    public var segments: [Segment]

    public struct Segment: Hashable, Sendable {
        public var text: String
        public var style: Style
    }

    public init(_ segments: [Segment] = []) { self.segments = segments }

    public init(_ text: String, style: Style = .normal) {
        self.segments = [Segment(text: text, style: style)]
    }

    public mutating func append(_ text: String, _ style: Style = .normal) {
        segments.append(Segment(text: text, style: style))
    }

    /// Draws the line from (row, column), clipped to `limit` cells.
    public func draw(into grid: inout CellGrid, row: Int, column: Int, limit: Int) {
        var used = 0
        for segment in segments where used < limit {
            used += grid.put(segment.text, row: row, column: column + used, style: segment.style, limit: limit - used)
        }
    }
}
