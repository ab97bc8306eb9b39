import RAPPModel

extension FormEditor {
    /// One line of the form's scrolling content.
    enum Line: Hashable {
        case heading(String)
        case field(String, line: Int)
        case rangeHeader
        case rangeRow(Int)
        case rangeCell(Int, RangeColumn)
        case text(String, Style)
        case styled(StyledLine)
        case blank
    }

    /// The layout's fixed columns: label width, and the range table's columns.
    static let labelWidth = 30
    static let roleWidth = 25
    /// The longest identifier and a cell for the cursor after its last character.
    static let identifierWidth = EUI64.canonicalLength + 1

    /// The form's lines, then `extra` (such as a range map) below them.
    func lines(validator: some FieldValidator, environment: AppEnvironment, width: Int, extra: [Line]) -> [Line] {
        let theme = environment.theme
        var lines: [Line] = []
        let issueIndent = 4
        func addIssues(_ list: [ValidationIssue]) {
            for issue in list {
                let word =
                    issue.severity == .error ? (theme.isPlain ? "Error" : "✗") : (theme.isPlain ? "Warning" : "!")
                let style: Style = issue.severity == .error ? .error : .warning
                for (index, text) in TextWrap.lines(
                    "\(word) " + issue.terminalText, width: width - issueIndent - 3
                ).enumerated() {
                    lines.append(.text(String(repeating: " ", count: issueIndent + (index > 0 ? 2 : 0)) + text, style))
                }
            }
        }
        func addHelp(_ help: String) {
            for text in TextWrap.lines((theme.isPlain ? "Help: " : "") + help, width: width - issueIndent - 1) {
                lines.append(.text(String(repeating: " ", count: issueIndent) + text, .dim))
            }
        }
        addIssues(issues.filter { $0.field == nil })
        for (sectionIndex, section) in validator.definition.sections.enumerated() {
            if sectionIndex > 0 { lines.append(.blank) }
            lines.append(.heading(section.title))
            for field in section.fields {
                if field.type == .userRoleRanges {
                    if !theme.isPlain { lines.append(.rangeHeader) }
                    if rows.isEmpty {
                        lines.append(.text("    No User Role ranges yet: Ctrl-N adds a row.", .dim))
                    }
                    for row in rows.indices {
                        if theme.isPlain {
                            for column in RangeColumn.allCases { lines.append(.rangeCell(row, column)) }
                        } else {
                            lines.append(.rangeRow(row))
                        }
                        addIssues(rangeIssues(row: row, table: validator.path(of: field)))
                    }
                    addIssues(issues(at: validator.path(of: field)))
                    if case .range = focus { addHelp(field.help) }
                    continue
                }
                let count = max(1, fields[field.id]?.lines.count ?? 1)
                for line in 0..<count { lines.append(.field(field.id, line: line)) }
                let offered = offers[field.id] ?? []
                if field.options.isEmpty, let chosen = offered.first(where: { $0.id == fields[field.id]?.text }) {
                    // An id means little to a reader: the chosen record's name, under it.
                    addHelp("That is " + VisibleText.escaped(chosen.label) + ".")
                } else if !field.options.isEmpty, let labels = Self.chosenLabels(field, text: fields[field.id]?.text) {
                    // The field holds its options' ids, as the form file does: their labels, under it.
                    addHelp("That is " + labels + ".")
                }
                if focus == .field(field.id) {
                    addHelp(field.help)
                    if field.options.isEmpty, !offered.isEmpty {
                        addHelp("Enter opens the list of the \(offered.count) you may name; it puts the id here.")
                    } else if let hint = Self.entryHint(field) {
                        addHelp(hint)
                    }
                }
                // A group's issues point into its rows (`fields.documents[1].reference`): shown under it.
                let path = validator.path(of: field)
                addIssues(field.type == .group ? issues.filter { $0.field?.isWithin(path) ?? false } : issues(at: path))
            }
        }
        lines += extra
        return lines
    }

    /// The labels of a choice or multi-choice field's chosen options, escaped, in the order
    /// held; nil when nothing is chosen or an id is not one of its options.
    static func chosenLabels(_ field: FieldDefinition, text: String?) -> String? {
        let ids = (text ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let labels = ids.compactMap { id in field.options.first { $0.id == id }?.label }
        guard !ids.isEmpty, labels.count == ids.count else { return nil }
        return labels.map(VisibleText.escaped).joined(separator: "; ")
    }

    /// How a field that is not plain text is entered, under its help while focused.
    static func entryHint(_ field: FieldDefinition) -> String? {
        switch field.type {
        case .choice: "Enter opens the list of its \(field.options.count) options."
        case .multiChoice:
            "Enter opens the list of its \(field.options.count) options: each choice picks or unpicks one."
        case .reference: "The \(field.references?.rawValue ?? "record")'s id in the registry (a number)."
        case .group:
            "One row a line: "
                + VisibleText.escaped(
                    field.fields.map { inner in
                        inner.options.isEmpty
                            ? inner.label : inner.label + " (" + inner.options.map(\.id).joined(separator: ", ") + ")"
                    }.joined(separator: " | ")) + "."
        default: nil
        }
    }

    func isFocusLine(_ line: Line) -> Bool {
        switch (line, focus) {
        case (.field(let id, let number), .field(let focused)):
            return id == focused && number == (fields[id]?.position.line ?? 0)
        case (.rangeRow(let row), .range(let focused, _)):
            return row == focused
        case (.rangeCell(let row, let column), .range(let focusedRow, let focusedColumn)):
            return row == focusedRow && column == focusedColumn
        default:
            return false
        }
    }

    /// Draws the form in `area`, scrolled so the focused field is in view, with `extra` lines
    /// below it, and the role list over it while open.
    func draw(
        into grid: inout CellGrid, area: Rect, validator: some FieldValidator, environment: AppEnvironment,
        extra: [Line]
    ) {
        let lines = self.lines(validator: validator, environment: environment, width: area.width, extra: extra)
        let focusIndex = lines.firstIndex(where: isFocusLine) ?? 0
        var top = 0
        if lines.count > area.height {
            top = min(max(0, focusIndex - area.height / 3), lines.count - area.height)
        }
        for (offset, line) in lines[top..<min(lines.count, top + area.height)].enumerated() {
            draw(line, into: &grid, row: area.row + offset, area: area, validator: validator, environment: environment)
        }
        if top > 0 {
            let more = environment.theme.isPlain ? "(more above)" : "↑ more"
            grid.put(more, row: area.row, column: area.right - DisplayWidth.of(more) - 1, style: .dim)
        }
        if top + area.height < lines.count {
            let more = environment.theme.isPlain ? "(more below)" : "↓ more"
            grid.put(more, row: area.bottom - 1, column: area.right - DisplayWidth.of(more) - 1, style: .dim)
        }
    }

    /// Draws the role list, centred over `area`, while it is open.
    func drawChooser(into grid: inout CellGrid, area: Rect, theme: Theme) {
        guard let chooser else { return }
        let height = min(chooser.options.count + 2, max(3, area.height - 2))
        if case .field(let id) = focus {
            let width = min(area.width - 4, max(40, (chooser.options.map(DisplayWidth.of).max() ?? 0) + 6))
            _ = id
            chooser.draw(into: &grid, in: area.centred(width: width, height: height), title: chooserTitle, theme: theme)
            return
        }
        let rowNumber: Int = if case .range(let row, _) = focus { row + 1 } else { 0 }
        let list = area.centred(width: 40, height: height)
        chooser.draw(into: &grid, in: list, title: "User Role for row \(rowNumber)", theme: theme)
    }

    private func draw(
        _ line: Line, into grid: inout CellGrid, row: Int, area: Rect, validator: some FieldValidator,
        environment: AppEnvironment
    ) {
        let theme = environment.theme
        let focused = isFocusLine(line)
        let pointer = focused ? theme.box.pointer : " "
        switch line {
        case .blank:
            break
        case .heading(let title):
            grid.put(theme.isPlain ? "\(title):" : title, row: row, column: area.column + 1, style: .heading)
        case .text(let text, let style):
            grid.put(text, row: row, column: area.column, style: style, limit: area.width)
        case .styled(let styled):
            styled.draw(into: &grid, row: row, column: area.column, limit: area.width)
        case .field(let id, let number):
            guard let definition = validator.definition.field(id), let field = fields[id] else { return }
            grid.put(pointer, row: row, column: area.column, style: .focus)
            var valueColumn: Int
            if number == 0 {
                let required = definition.isRequired ? (theme.isPlain ? " (required)" : " *") : ""
                if theme.isPlain {
                    valueColumn =
                        area.column + 2
                        + grid.put("\(definition.label)\(required): ", row: row, column: area.column + 2, style: .label)
                } else {
                    grid.put(
                        DisplayWidth.truncate(definition.label + required, to: Self.labelWidth - 1), row: row,
                        column: area.column + 2, style: .label)
                    valueColumn = area.column + 2 + Self.labelWidth
                }
            } else {
                valueColumn = theme.isPlain ? area.column + 4 : area.column + 2 + Self.labelWidth
            }
            let width = area.right - valueColumn - 1
            drawValue(
                field, line: number, focused: focus == .field(id), into: &grid, row: row, column: valueColumn,
                width: width, environment: environment)
        case .rangeHeader:
            let left = area.column + 2
            grid.put("User Role", row: row, column: left, style: .label)
            grid.put("First identifier", row: row, column: left + Self.roleWidth + 2, style: .label)
            grid.put(
                "Last identifier", row: row, column: left + Self.roleWidth + Self.identifierWidth + 4, style: .label)
        case .rangeRow(let index):
            let rangeRow = rows[index]
            grid.put(pointer, row: row, column: area.column, style: .focus)
            let left = area.column + 2
            drawRole(
                rangeRow.role, focused: focus == .range(row: index, column: .role), into: &grid, row: row, column: left,
                width: Self.roleWidth, environment: environment)
            drawValue(
                rangeRow.first, line: 0, focused: focus == .range(row: index, column: .first), into: &grid, row: row,
                column: left + Self.roleWidth + 2, width: Self.identifierWidth, environment: environment)
            drawValue(
                rangeRow.last, line: 0, focused: focus == .range(row: index, column: .last), into: &grid, row: row,
                column: left + Self.roleWidth + Self.identifierWidth + 4, width: Self.identifierWidth,
                environment: environment)
        case .rangeCell(let index, let column):
            let rangeRow = rows[index]
            grid.put(pointer, row: row, column: area.column, style: .focus)
            let label =
                switch column {
                case .role: "Row \(index + 1) User Role: "
                case .first: "Row \(index + 1) first identifier: "
                case .last: "Row \(index + 1) last identifier: "
                }
            let valueColumn = area.column + 2 + grid.put(label, row: row, column: area.column + 2, style: .label)
            let isFocused = focus == .range(row: index, column: column)
            switch column {
            case .role:
                drawRole(
                    rangeRow.role, focused: isFocused, into: &grid, row: row, column: valueColumn,
                    width: Self.roleWidth, environment: environment)
            case .first:
                drawValue(
                    rangeRow.first, line: 0, focused: isFocused, into: &grid, row: row, column: valueColumn,
                    width: Self.identifierWidth, environment: environment)
            case .last:
                drawValue(
                    rangeRow.last, line: 0, focused: isFocused, into: &grid, row: row, column: valueColumn,
                    width: Self.identifierWidth, environment: environment)
            }
        }
    }

    private func drawValue(
        _ field: TextField, line: Int, focused: Bool, into grid: inout CellGrid, row: Int, column: Int, width: Int,
        environment: AppEnvironment
    ) {
        guard width > 0 else { return }
        let lines = field.lines
        let characters = line < lines.count ? lines[line] : []
        let position = field.position
        let cursorColumn = focused && position.line == line ? position.column : nil
        var slice = field.visibleSlice(line: characters, cursorColumn: cursorColumn, width: width)
        if cursorColumn == nil, DisplayWidth.of(String(characters)) > width {
            // Wider than its cell: the cut shows, so a prefix never passes for the whole value.
            slice.text = DisplayWidth.truncate(String(characters), to: width, ascii: environment.theme.isPlain)
        }
        let style: Style = focused ? .focus : .value
        if !environment.theme.isPlain { grid.fill(row: row, column: column, width: width, style: style) }
        grid.put(VisibleText.escaped(slice.text), row: row, column: column, style: style, limit: width)
        if let offset = slice.cursorOffset { grid.cursor = (row, column + offset) }
    }

    private func drawRole(
        _ role: String, focused: Bool, into grid: inout CellGrid, row: Int, column: Int, width: Int,
        environment: AppEnvironment
    ) {
        let style: Style = focused ? .focus : .value
        let name = role.isEmpty ? (focused ? "(Enter: choose)" : "(choose)") : environment.rules.roleName(role)
        if !environment.theme.isPlain { grid.fill(row: row, column: column, width: width, style: style) }
        grid.put(VisibleText.escaped(name), row: row, column: column, style: style, limit: width)
        if focused { grid.cursor = (row, column) }
    }
}
