import RAPPModel

extension FormScreen {
    /// From this width on, the range map sits in a panel to the right of the form.
    static let wideLayoutWidth = 120
    static let formWidth = 80

    func rangeMap(environment: AppEnvironment) -> RangeMap {
        RangeMap(
            rows: editor.rows.map { ($0.role, $0.first.text, $0.last.text) }, nearby: nearby, rules: environment.rules)
    }

    /// The range map as lines below the form, for a layout too narrow for a panel beside it.
    func rangeMapLines(environment: AppEnvironment, width: Int) -> [FormEditor.Line] {
        var lines: [FormEditor.Line] = [.blank, .heading("Range map")]
        for line in rangeMap(environment: environment).lines(width: width - 4, theme: environment.theme) {
            var indented = StyledLine("  ")
            indented.segments += line.segments
            lines.append(.styled(indented))
        }
        return lines
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let wide = area.width >= Self.wideLayoutWidth
        let formArea =
            wide ? Rect(row: area.row, column: area.column, width: Self.formWidth, height: area.height) : area
        let extra = wide ? [] : rangeMapLines(environment: environment, width: formArea.width)
        editor.draw(
            into: &grid, area: formArea, validator: environment.validator, environment: environment, extra: extra)
        if wide {
            let panel = Rect(
                row: area.row, column: Self.formWidth + 1, width: area.width - Self.formWidth - 2,
                height: min(
                    area.height, rangeMapHeight(environment: environment, width: area.width - Self.formWidth - 4) + 2))
            grid.box(panel, characters: environment.theme.box, title: "Range map")
            for (index, line) in rangeMap(environment: environment).lines(
                width: panel.width - 4, theme: environment.theme
            ).enumerated() where index < panel.height - 2 {
                line.draw(into: &grid, row: panel.row + 1 + index, column: panel.column + 2, limit: panel.width - 4)
            }
        }
        editor.drawChooser(into: &grid, area: area, theme: environment.theme)
    }

    func rangeMapHeight(environment: AppEnvironment, width: Int) -> Int {
        rangeMap(environment: environment).lines(width: width, theme: environment.theme).count
    }
}
