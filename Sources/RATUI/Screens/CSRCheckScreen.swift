import RAPPModel

/// "Check a CSR": a request file's path, and what `ratui csr check` would say about it, the same
/// codes and messages, checked against the organisation it was opened from.
public struct CSRCheckScreen: Screen {
    public enum Message: Sendable {
        case checked(String, Result<CSRCheckResult, Failure>)
    }

    /// The organisation the request should be for; nil for any.
    public let organisation: Int64?
    public var path: TextField
    /// The path last checked, and what the check found.
    public var checkedPath: String?
    public var result: CSRCheckResult?
    public var problem: Failure?
    public var scroll = 0
    public var viewport = Rect(row: 1, column: 0, width: 80, height: 21)

    public init(organisation: Int64?, path: String = "") {
        self.organisation = organisation
        self.path = TextField(path, maxLength: TextField.memoryLimit)
    }

    public static let actions: [Action] = [
        Action(
            .checkRequest, keys: [.enter], name: "check", description: "Check the request file named in the field.",
            contexts: [.csrCheck]),
        Action(
            .moveUp, keys: [.up], name: "up", description: "Scroll the findings up.", contexts: [.csrCheck],
            inFooter: false),
        Action(
            .moveDown, keys: [.down], name: "down", description: "Scroll the findings down.", contexts: [.csrCheck],
            inFooter: false),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .csrCheck] }

    public var isTyping: Bool { true }

    public func title(environment: AppEnvironment) -> String {
        organisation.map { "Check a CSR for organisation \($0)" } ?? "Check a CSR"
    }

    public func laidOut(in area: Rect) -> CSRCheckScreen {
        var screen = self
        screen.viewport = area
        return screen
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (CSRCheckScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .edit(let key):
            _ = next.path.handle(key)
        case .action(.checkRequest):
            let file = String(path.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard !file.isEmpty else {
                output.status = .error("Type the path of a request file first.")
                break
            }
            output.effects = [Self.check(file, organisation: organisation)]
        case .action(.moveUp):
            next.scroll = max(0, scroll - 1)
        case .action(.moveDown):
            next.scroll = min(
                scroll + 1,
                max(0, lines(environment: environment, width: viewport.width - 2).count - (viewport.height - 3)))
        case .action(.back):
            output.navigation = .pop
        case .message(.checked(let file, .success(let result))):
            next.checkedPath = file
            next.result = result
            next.problem = nil
            next.scroll = 0
        case .message(.checked(let file, .failure(let failure))):
            next.checkedPath = file
            next.result = nil
            next.problem = failure
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// The check as registry work: reading needs `registry.read`, like every read the UI shows.
    static func check(_ file: String, organisation: Int64?) -> Effect {
        .registry(
            "check a CSR",
            { context in
                let registry = try context.reading()
                let bytes = try InputFile.bytes(ofFile: file, upTo: CSRCheck.maximumSize)
                return try CSRCheck(rules: registry.rules).check(
                    bytes, context: .init(lookup: registry, organisation: organisation))
            }, then: { Message.checked(file, $0) })
    }

    func lines(environment: AppEnvironment, width: Int) -> [StyledLine] {
        let rules = environment.rules
        if let problem, let checkedPath {
            return TextWrap.lines(
                "\(VisibleText.escaped(checkedPath)): " + problem.terminalText,
                width: width
            ).map { StyledLine($0, style: .error) }
        }
        guard let result, let checkedPath else {
            return [StyledLine("Type the path of a .csr file (DER or Base64) and press Enter.", style: .dim)]
        }
        var lines: [StyledLine] = []
        let errors = result.report.errors.count
        let warnings = result.report.warnings.count
        let verdict = result.passes ? "would pass" : "would be refused"
        lines.append(
            StyledLine(
                "The request \(verdict) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")):",
                style: .heading))
        lines += TextWrap.lines(VisibleText.escaped(checkedPath), width: width).map { StyledLine($0, style: .dim) }
        for issue in result.report.errors + result.report.warnings {
            let text = "\(issue.severity.rawValue) " + issue.terminalText
            lines += TextWrap.lines(text, width: width).enumerated().map {
                StyledLine(
                    ($0.offset == 0 ? "" : "  ") + $0.element, style: issue.severity == .error ? .error : .warning)
            }
        }
        lines.append(StyledLine())
        if let profile = result.profile {
            lines.append(
                StyledLine(
                    profile == .organisation
                        ? "Organisation CSR (SEC Appendix M)" : "Authorised System IKI CSR (SEC Appendix G)",
                    style: .label))
        }
        if let eui64 = result.subject?.eui64 { lines.append(StyledLine("EUI-64:     \(eui64)")) }
        if let code = result.subject?.roleCode {
            lines.append(
                StyledLine(
                    "role code:  \(RemotePartyRole.hex(code)) (\(rules.remotePartyRole(code: code)?.name ?? "unknown"))"
                ))
        }
        if let name = result.organisationName { lines.append(StyledLine("O:          \(VisibleText.escaped(name))")) }
        if let common = result.subject?.commonName {
            lines.append(StyledLine("CN:         \(VisibleText.escaped(common))"))
        }
        if let key = result.key { lines.append(StyledLine("key:        \(key), \(result.signatureAlgorithm ?? "")")) }
        if let usage = result.keyUsage { lines.append(StyledLine("key usage:  \(usage.joined(separator: ", "))")) }
        for holder in result.holders {
            lines.append(
                StyledLine(
                    "held by:    organisation \(holder.organisationID) \(VisibleText.escaped(holder.organisationName)) as \(rules.roleName(holder.role))"
                ))
        }
        return lines
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let left = area.column + 1
        let width = area.width - 2
        let used = grid.put("Request file: ", row: area.row, column: left, style: .label)
        let fieldWidth = max(10, width - used)
        let slice = path.visibleSlice(line: path.characters, cursorColumn: path.cursor, width: fieldWidth)
        if !environment.theme.isPlain {
            grid.fill(row: area.row, column: left + used, width: fieldWidth, style: .focus)
        }
        grid.put(slice.text, row: area.row, column: left + used, style: .focus)
        if let offset = slice.cursorOffset { grid.cursor = (area.row, left + used + offset) }
        let lines = self.lines(environment: environment, width: width)
        let height = area.height - 2
        let top = min(scroll, max(0, lines.count - height))
        for (offset, line) in lines.dropFirst(top).prefix(height).enumerated() {
            line.draw(into: &grid, row: area.row + 2 + offset, column: left, limit: width)
        }
    }
}

extension ActionID {
    static let checkRequest = ActionID("checkRequest")
    static let openCSRCheck = ActionID("openCSRCheck")
}

extension ActionContext {
    static let csrCheck = ActionContext("csrCheck")
}
