import RAPPModel

/// A picture of where a form's User Role ranges sit against each other and against other
/// organisations' ranges nearby, so a conflict is seen rather than read about.
///
/// EUI-64 ranges differ in size by many orders of magnitude, so the axis is ordinal: every
/// distinct range end gets its own column, in order. Overlaps then always show as shared
/// columns, however small, at the cost of scale (which the legend says).
public struct RangeMap: Hashable, Sendable {
    /// One bar: a range of this form (by row) or another organisation's.
    public struct Bar: Hashable, Sendable {
        public let label: String
        public let range: IdentifierRange
        public let role: String
        /// The form's row (0-based), or nil for another organisation's range.
        public let row: Int?
        public let organisationID: Int64?
    }

    public let bars: [Bar]
    public let rules: SiteRules

    public static func == (lhs: RangeMap, rhs: RangeMap) -> Bool { lhs.bars == rhs.bars }
    public func hash(into hasher: inout Hasher) { hasher.combine(bars) }

    /// The map for the form's rows that parse as ranges, and the registered ranges nearby.
    public init(
        rows: [(role: String, first: String, last: String)], nearby: [RegisteredRange], rules: SiteRules,
        maximumBars: Int = 12
    ) {
        self.rules = rules
        var bars: [Bar] = []
        for (index, row) in rows.enumerated() {
            guard let first = try? EUI64(parsing: row.first, allowReserved: true),
                let last = try? EUI64(parsing: row.last, allowReserved: true),
                let range = IdentifierRange(first: first, last: last)
            else { continue }
            let role = row.role.isEmpty ? "no role" : rules.roleName(row.role)
            bars.append(
                Bar(label: "row \(index + 1) \(role)", range: range, role: row.role, row: index, organisationID: nil))
        }
        var seen: Set<RegisteredRange> = []
        for other in nearby where seen.insert(other).inserted && bars.count < maximumBars {
            let name = VisibleText.escaped(other.organisationName)
            bars.append(
                Bar(
                    label: "org \(other.organisationID) \(name), \(rules.roleName(other.role))", range: other.range,
                    role: other.role, row: nil, organisationID: other.organisationID))
        }
        self.bars = bars
    }

    /// Whether two bars' identifiers clash: another organisation's, or two of this form's
    /// roles that may not share.
    func conflict(_ a: Bar, _ b: Bar) -> Bool {
        guard a.range.overlaps(b.range) else { return false }
        switch (a.row, b.row) {
        case (.some, .some): return !rules.mayShare(a.role, b.role)
        case (.some, nil), (nil, .some): return true
        case (nil, nil): return false
        }
    }

    /// The map as lines `width` cells wide: one bar per line, a legend, and the axis ends.
    public func lines(width: Int, theme: Theme) -> [StyledLine] {
        let box = theme.box
        guard !bars.isEmpty else {
            return TextWrap.lines("No complete ranges to map yet: fill in first and last identifiers.", width: width)
                .map { StyledLine($0, style: .dim) }
        }
        // Narrow (a side panel): each label on its own line above a full-width bar.
        let stacked = width < 60
        let labelWidth = stacked ? 0 : min(34, max(16, width / 3))
        let barWidth = max(8, stacked ? width - 2 : width - labelWidth - 3)
        // Ordinal axis: each distinct end point gets an evenly spaced column.
        let points = Array(Set(bars.flatMap { [$0.range.first.value, $0.range.last.value] })).sorted()
        func column(_ value: UInt64) -> Int {
            guard points.count > 1, let index = points.firstIndex(of: value) else { return 0 }
            return index * (barWidth - 1) / (points.count - 1)
        }
        var lines: [StyledLine] = []
        for bar in bars {
            var line = StyledLine()
            if stacked {
                lines.append(
                    StyledLine(
                        DisplayWidth.truncate(bar.label, to: width, ascii: theme.isPlain),
                        style: bar.row == nil ? .neighbour : .own))
                line.append(box.vertical, .border)
            } else {
                let label = DisplayWidth.pad(
                    DisplayWidth.truncate(bar.label, to: labelWidth, ascii: theme.isPlain), to: labelWidth)
                line.append(label, bar.row == nil ? .neighbour : .own)
                line.append(" " + box.vertical, .border)
            }
            let start = column(bar.range.first.value)
            let end = column(bar.range.last.value)
            // Columns this bar shares with a bar it conflicts with.
            var clash = Set<Int>()
            for other in bars where other != bar && conflict(bar, other) {
                let lower = max(bar.range.first, other.range.first)
                let upper = min(bar.range.last, other.range.last)
                clash.formUnion(column(lower.value)...column(upper.value))
            }
            var cells = ""
            var runStyle: Style = .normal
            func flush() {
                if !cells.isEmpty { line.append(cells, runStyle) }
                cells = ""
            }
            for position in 0..<barWidth {
                let (character, style): (String, Style) =
                    position < start || position > end
                    ? (" ", .normal)
                    : clash.contains(position)
                        ? (box.overlapBar, .overlap)
                        : bar.row == nil ? (box.neighbourBar, .neighbour) : (box.ownBar, .own)
                if style != runStyle {
                    flush()
                    runStyle = style
                }
                cells += character
            }
            flush()
            line.append(box.vertical, .border)
            lines.append(line)
        }
        let first = points.first.map { EUI64($0).canonical } ?? ""
        let last = points.last.map { EUI64($0).canonical } ?? ""
        let indent = String(repeating: " ", count: stacked ? 1 : labelWidth + 2)
        if barWidth >= DisplayWidth.of(first) + DisplayWidth.of(last) + 1 {
            lines.append(
                StyledLine(indent + DisplayWidth.pad(first, to: barWidth - DisplayWidth.of(last)) + last, style: .dim))
        } else {
            lines.append(StyledLine("Left end:  " + first, style: .dim))
            lines.append(StyledLine("Right end: " + last, style: .dim))
        }
        var legend = StyledLine()
        legend.append("\(box.ownBar) this form  ", .own)
        legend.append("\(box.neighbourBar) other organisations  ", .neighbour)
        legend.append("\(box.overlapBar) conflict", .overlap)
        lines.append(legend)
        lines.append(StyledLine("Not to scale: a column per range end.", style: .dim))
        return lines
    }
}
