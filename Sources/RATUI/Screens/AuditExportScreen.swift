import RAPPModel

/// Export the audit events a search matches to a new JSON Lines file, as `ratui audit export` does.
public struct AuditExportScreen: Screen {
    public enum Message: Sendable {
        case exported(String, Result<Int, Failure>)
    }

    /// What to export: the audit screen's search, its record and dates included.
    public let filter: AuditFilter
    /// The search as typed, to say what is exported.
    public let described: String
    public var path: TextField
    /// The file written, and how many events.
    public var written: (path: String, count: Int)?
    public var problem: Failure?

    public init(filter: AuditFilter, described: String, path: String = "") {
        self.filter = filter
        self.described = described
        self.path = TextField(path, maxLength: TextField.memoryLimit)
    }

    public static let actions: [Action] = [
        Action(
            .writeExport, keys: [.enter], name: "export",
            description: "Write the events to the new file named in the field.", contexts: [.auditExport],
            permission: .auditRead)
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .auditExport] }

    public var isTyping: Bool { true }

    public func title(environment: AppEnvironment) -> String { "Export the audit trail" }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (AuditExportScreen, ScreenOutput)
    {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .edit(let key):
            _ = next.path.handle(key)
        case .action(.writeExport):
            let file = path.text.trimmingCharacters(in: .whitespaces)
            guard !file.isEmpty else {
                output.status = .error("Type the path of a new file first.")
                break
            }
            let filter = self.filter
            output.effects = [
                .registry(
                    "export audit",
                    { context in
                        try context.registry.exportAudit(matching: filter, to: file, by: try context.signedIn())
                    }, then: { Message.exported(file, $0) })
            ]
        case .action(.back):
            output.navigation = .pop
        case .message(.exported(let file, .success(let count))):
            next.written = (file, count)
            next.problem = nil
            output.status = .info(
                "Exported \(NumberText.grouped(count)) event\(count == 1 ? "" : "s") to \(VisibleText.escaped(file)).")
        case .message(.exported(_, .failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let left = area.column + 1
        let width = area.width - 2
        var row = area.row
        var what: [String] = []
        if let record = filter.record { what.append("about \(record)") }
        if let text = filter.text { what.append("containing \(VisibleText.quoted(text))") }
        if let since = filter.since { what.append("since \(since)") }
        if let until = filter.until { what.append("until \(until)") }
        let summary =
            "Every event " + (what.isEmpty ? "in the trail" : what.joined(separator: ", "))
            + ", oldest first, one JSON object a line (as ratui audit export)."
        for line in TextWrap.lines(summary, width: width) {
            grid.put(line, row: row, column: left)
            row += 1
        }
        row += 1
        let used = grid.put("New file: ", row: row, column: left, style: .label)
        let fieldWidth = max(10, width - used)
        let slice = path.visibleSlice(line: path.characters, cursorColumn: path.cursor, width: fieldWidth)
        if !environment.theme.isPlain { grid.fill(row: row, column: left + used, width: fieldWidth, style: .focus) }
        grid.put(slice.text, row: row, column: left + used, style: .focus)
        if let offset = slice.cursorOffset { grid.cursor = (row, left + used + offset) }
        row += 2
        grid.put(
            "The file is created (mode 0600); an existing file is never overwritten.", row: row, column: left,
            style: .dim, limit: width)
        row += 2
        if let problem {
            for line in TextWrap.lines(problem.terminalText, width: width) {
                grid.put(line, row: row, column: left, style: .error)
                row += 1
            }
        } else if let written {
            for line in TextWrap.lines(
                "Wrote \(NumberText.grouped(written.count)) events to \(VisibleText.escaped(written.path)).",
                width: width)
            {
                grid.put(line, row: row, column: left, style: .value)
                row += 1
            }
        }
    }
}

extension ActionID {
    static let writeExport = ActionID("writeExport")
}

extension ActionContext {
    static let auditExport = ActionContext("auditExport")
}
