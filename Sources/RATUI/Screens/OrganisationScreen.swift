import RAPPModel

/// One organisation: its current A1 form, and every earlier version to browse.
public struct OrganisationScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// Every version of the organisation, oldest first.
        case history(Result<[OrganisationVersion], Failure>)
        /// Other organisations' ranges near the current version's.
        case nearby(Result<[RegisteredRange], Failure>)
        /// The organisation's credentials (AROs', systems'), the first page.
        case credentials(Result<[Credential], Failure>)
        /// Who stored each version, and when.
        case authors(Result<[Int: VersionAuthor], Failure>)
        /// Its SMKI PMA directions under SEC L16, and the hold in force.
        case holds(Result<RevocationHolds, Failure>)
    }

    public let id: Int64
    /// Every version, oldest first; empty until read.
    public var versions: [OrganisationVersion] = []
    /// The version shown, as an index into `versions`.
    public var shown = 0
    public var scroll = 0
    public var problem: Failure?
    public var loaded = false
    /// Other organisations' ranges overlapping or next to this one's, for the range map.
    public var nearby: [RegisteredRange] = []
    /// Its credentials (first page); nil until read, or when the operator may not read them.
    public var credentials: [Credential]?
    /// Who stored each version, by version number.
    public var authors: [Int: VersionAuthor] = [:]
    /// The banner of the SMKI PMA hold in force on its revocation (SEC L16), from the model,
    /// escaped; nil without one.
    public var holdBanner: String?
    /// Showing what the version shown changed from the one before, rather than the whole form.
    public var showingChanges = false
    /// The content area at the last update, so scrolling stops at the last line.
    public var viewport = Rect(row: 1, column: 0, width: 80, height: 21)

    public init(id: Int64) { self.id = id }

    public static let actions: [Action] = [
        Action(
            .openAudit, keys: [.character("h")], name: "history",
            description: "This organisation's audit history: who changed what, when.", contexts: [.organisationDetail],
            permission: .auditRead),
        Action(
            .amend, keys: [.character("a")], name: "amend", description: "Amend: fill in a new version of the A1 form.",
            contexts: [.organisationDetail], permission: .organisationAmend),
        Action(
            .openCSRCheck, keys: [.character("c")], name: "CSR",
            description:
                "Check a certificate signing request file against this organisation: profile, signature, EUI-64 and role code.",
            contexts: [.organisationDetail], permission: .registryRead),
        Action(
            .newRequest, keys: [.character("r")], name: "new request",
            description: "Enter a request about this organisation (ARO nomination, system credential…).",
            contexts: [.organisationDetail], inFooter: false, permission: .requestSubmit),
        Action(
            .openCredentials, keys: [.character("i")], name: "credentials",
            description: "Every credential issued to this organisation, a page at a time.",
            contexts: [.organisationDetail], inFooter: false, permission: .requestRead),
        Action(
            .olderVersion, keys: [.left, .character("[")], name: "older", description: "Show the previous version.",
            contexts: [.organisationDetail]),
        Action(
            .newerVersion, keys: [.right, .character("]")], name: "newer", description: "Show the next version.",
            contexts: [.organisationDetail]),
        Action(
            .moveUp, keys: [.up, .character("k")], name: "up", description: "Scroll up.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .moveDown, keys: [.down, .character("j")], name: "down", description: "Scroll down.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .pageUp, keys: [.pageUp], name: "page up", description: "Scroll up a page.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .pageDown, keys: [.pageDown, .character(" ")], name: "page down", description: "Scroll down a page.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .first, keys: [.home, .character("g")], name: "top", description: "Go to the top.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .last, keys: [.end, .character("G")], name: "bottom", description: "Go to the bottom.",
            contexts: [.organisationDetail], inFooter: false),
        Action(
            .showChanges, keys: [.character("d")], name: "changes",
            description:
                "Show what this version changed from the one before, and who stored each (again: the whole form).",
            contexts: [.organisationDetail], inFooter: false),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        [.screen, .innerScreen, .organisationDetail]
    }

    /// Read whenever shown, so an amendment just stored appears.
    public var appearEffects: [Effect] {
        [
            .registry(
                "organisation history", { [id] context in try context.reading().history(of: id) }, then: Message.history
            ),
            .registry(
                "organisation credentials",
                { [id] context in
                    try context.registry.credentials(
                        organisation: id, limit: Self.credentialsShown + 1, by: context.signedIn())
                }, then: Message.credentials),
            .registry(
                "version authors", { [id] context in try context.reading().versionAuthors(of: id) },
                then: Message.authors),
            .registry(
                "revocation holds", { [id] context in try context.reading().revocationHolds(of: id) },
                then: Message.holds),
        ]
    }

    public func laidOut(in area: Rect) -> OrganisationScreen {
        var screen = self
        screen.viewport = area
        return screen
    }

    public func title(environment: AppEnvironment) -> String { title }

    public var title: String {
        guard let current = versions.last else { return "Organisation \(id)" }
        return "Organisation \(id): \(VisibleText.escaped(current.name))"
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (OrganisationScreen, ScreenOutput)
    {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .message(.history(.success(let versions))):
            next.versions = versions
            // Read again (another operator amended it): an earlier version being read stays shown.
            next.shown = loaded && shown + 1 < self.versions.count ? shown : max(0, versions.count - 1)
            next.loaded = true
            if versions.isEmpty { next.problem = Failure(RequestError.unknownOrganisation(id)) }
            if let current = versions.last {
                let ranges = current.ranges.map(\.range)
                output.effects = [
                    .registry(
                        "nearby ranges",
                        { [id] context in
                            try RangeNeighbourhood.around(ranges, excluding: id, in: context.reading())
                        }, then: Message.nearby)
                ]
            }
        case .message(.nearby(.success(let nearby))):
            next.nearby = nearby
        case .message(.credentials(let answer)):
            next.credentials = try? answer.get()  // not theirs to read: the section is left out
        case .action(.newRequest):
            output.navigation = .push(NewRequestScreen(organisation: id))
        case .action(.openCredentials):
            output.navigation = .push(CredentialListScreen(organisation: id))
        case .message(.authors(.success(let authors))):
            next.authors = authors
        case .message(.authors(.failure)):
            break  // who stored each version is extra: the form itself still shows
        case .message(.holds(.success(let holds))):
            next.holdBanner = holds.banner
        case .message(.holds(.failure(let failure))):
            // The form still shows, but a hold that could not be read is not taken for none.
            next.holdBanner = failure.terminalText
        case .message(.history(.failure(let failure))), .message(.nearby(.failure(let failure))):
            next.problem = failure
            output.status = .error(failure)
        case .action(.olderVersion):
            if shown > 0 {
                next.shown -= 1
                next.scroll = 0
            }
        case .action(.newerVersion):
            if shown + 1 < versions.count {
                next.shown += 1
                next.scroll = 0
            }
        case .action(.moveUp):
            next.scroll = max(0, scroll - 1)
        case .action(.moveDown), .action(.pageDown), .action(.last):
            // The header stays on the first row: the rest scrolls beneath it.
            let bottom = max(
                0, lines(environment: environment, width: viewport.width - 2).count - 1 - bodyHeight(viewport))
            guard case .action(let id) = event else { break }
            let step = id == .moveDown ? 1 : id == .pageDown ? max(1, viewport.height - 2) : bottom
            next.scroll = min(scroll + step, bottom)
        case .action(.pageUp):
            next.scroll = max(0, scroll - max(1, viewport.height - 2))
        case .action(.first):
            next.scroll = 0
        case .action(.showChanges):
            next.showingChanges.toggle()
            next.scroll = 0
        case .action(.openAudit):
            output.navigation = .push(AuditScreen(record: "organisation/\(id)"))
        case .action(.openCSRCheck):
            output.navigation = .push(CSRCheckScreen(organisation: id))
        case .action(.amend):
            guard let current = versions.last else { break }
            // The form remembers the version it starts from: storing it is refused if another is stored first.
            output.navigation = .push(
                FormScreen(
                    environment: environment, form: current.form,
                    amending: Amendment(organisation: id, version: current.version)))
        case .action(.back):
            output.navigation = .pop
        default:
            break
        }
        return (next, output)
    }

    func lines(environment: AppEnvironment, width: Int) -> [StyledLine] {
        guard versions.indices.contains(shown) else {
            return [
                StyledLine(
                    problem.map { "Error: " + $0.terminalText } ?? "Reading…",
                    style: problem == nil ? .dim : .error)
            ]
        }
        let theme = environment.theme
        let version = versions[shown]
        var lines: [StyledLine] = []
        let state = version.isCurrent ? "current" : "superseded"
        lines.append(
            StyledLine(
                "Version \(version.version) of \(versions.count) (\(state)), \(stored(version.version, at: version.submittedAt))",
                style: .heading))
        if showingChanges { return lines + changeLines(environment: environment) }
        for section in environment.form.sections {
            lines.append(StyledLine())
            lines.append(StyledLine(theme.isPlain ? section.title + ":" : section.title, style: .heading))
            for field in section.fields {
                if field.type == .userRoleRanges {
                    if version.ranges.isEmpty { lines.append(StyledLine("  (none)", style: .dim)) }
                    for range in version.ranges {
                        var line = StyledLine()
                        line.append(
                            "  " + DisplayWidth.pad(environment.rules.roleName(range.role) + ":", to: 27), .label)
                        line.append("\(range.range.first) to \(range.range.last)", .value)
                        lines.append(line)
                    }
                    continue
                }
                let value = version.form.fields[field.id] ?? ""
                let valueLines = value.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, text) in valueLines.enumerated() {
                    var line = StyledLine()
                    let label = index == 0 ? field.label + ":" : ""
                    line.append("  " + DisplayWidth.pad(label, to: 29), .label)
                    line.append(VisibleText.escaped(String(text)), .value)
                    lines.append(line)
                }
            }
        }
        if let credentials, !credentials.isEmpty {
            lines.append(StyledLine())
            lines.append(StyledLine("Credentials" + (theme.isPlain ? ":" : ""), style: .heading))
            for credential in credentials.prefix(Self.credentialsShown) {
                lines.append(
                    StyledLine("  " + CredentialListScreen.line(credential, width: width - 4, plain: theme.isPlain)))
            }
            if credentials.count > Self.credentialsShown { lines.append(StyledLine("  More: press i.", style: .dim)) }
        }
        lines.append(StyledLine())
        lines.append(StyledLine("Range map", style: .heading))
        let map = RangeMap(
            rows: version.ranges.map { ($0.role, $0.range.first.canonical, $0.range.last.canonical) },
            nearby: version.isCurrent ? nearby : [],
            rules: environment.rules)
        lines += map.lines(width: width - 2, theme: theme).map { line in
            var indented = StyledLine("  ")
            indented.segments += line.segments
            return indented
        }
        return lines
    }

    /// The rows beneath the fixed lines on top (the hold's banner, the version line).
    func bodyHeight(_ area: Rect) -> Int {
        area.height - 1 - (holdBanner == nil ? 0 : 1)
    }

    /// "stored by alice at …", or when only the version's own time is known.
    func stored(_ number: Int, at submittedAt: String) -> String {
        guard let author = authors[number] else { return "submitted \(VisibleText.escaped(submittedAt))" }
        return
            "stored by \(VisibleText.escaped(author.operatorName ?? "(nobody named)")) at \(VisibleText.escaped(author.at))"
    }

    /// What the version shown changed from the one before it, field by field and range by range.
    func changeLines(environment: AppEnvironment) -> [StyledLine] {
        guard versions.indices.contains(shown) else { return [] }
        let version = versions[shown]
        var lines = [StyledLine()]
        guard shown > 0 else {
            lines.append(
                StyledLine("The first version: nothing before it to compare. d shows the whole form.", style: .dim))
            return lines
        }
        let previous = versions[shown - 1]
        lines.append(
            StyledLine(
                "Changes from version \(previous.version) (\(stored(previous.version, at: previous.submittedAt)))",
                style: .heading))
        let changes = OrganisationChanges(
            from: previous.form, to: version.form, order: environment.form.fields.map(\.id))
        if changes.isEmpty { lines.append(StyledLine("  Nothing changed.", style: .dim)) }
        for change in changes.fields {
            lines.append(
                StyledLine(
                    "  " + (environment.form.field(change.field)?.label ?? VisibleText.escaped(change.field)) + ":",
                    style: .label))
            var before = StyledLine("    - ", style: .error)
            before.append(change.before.isEmpty ? "(empty)" : VisibleText.escaped(change.before), .value)
            var after = StyledLine("    + ", style: .success)
            after.append(change.after.isEmpty ? "(empty)" : VisibleText.escaped(change.after), .value)
            lines += [before, after]
        }
        if !changes.rangesAdded.isEmpty || !changes.rangesRemoved.isEmpty {
            lines.append(StyledLine("  User Role ranges:", style: .label))
            for (sign, style, entries) in [
                ("    - ", Style.error, changes.rangesRemoved), ("    + ", Style.success, changes.rangesAdded),
            ] {
                for entry in entries {
                    var line = StyledLine(sign, style: style)
                    line.append(
                        "\(environment.rules.roleName(entry.role)): \(VisibleText.escaped(entry.first)) to \(VisibleText.escaped(entry.last))",
                        .value)
                    lines.append(line)
                }
            }
        }
        return lines
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        let lines = self.lines(environment: environment, width: area.width - 2)
        // The hold's banner and the version line stay on top; the rest scrolls beneath them.
        var row = area.row
        if let holdBanner {
            grid.fill(row: row, column: area.column, width: area.width, style: .error)
            grid.put(holdBanner, row: row, column: area.column + 1, style: .error, limit: area.width - 2)
            row += 1
        }
        lines.first?.draw(into: &grid, row: row, column: area.column + 1, limit: area.width - 2)
        let body = Array(lines.dropFirst())
        let height = bodyHeight(area)
        let top = min(scroll, max(0, body.count - height))
        for (offset, line) in body.dropFirst(top).prefix(height).enumerated() {
            line.draw(into: &grid, row: row + 1 + offset, column: area.column + 1, limit: area.width - 2)
        }
        if top + height < body.count {
            let more = environment.theme.isPlain ? "(more below: Down)" : "↓ more"
            grid.put(more, row: area.bottom - 1, column: area.right - DisplayWidth.of(more) - 1, style: .dim)
        }
    }
}

extension OrganisationScreen {
    /// How many credentials the screen lists; `i` opens them all.
    static let credentialsShown = 10
}

extension ActionID {
    static let amend = ActionID("amend")
    static let olderVersion = ActionID("olderVersion")
    static let newerVersion = ActionID("newerVersion")
    static let showChanges = ActionID("showChanges")
}

extension ActionContext {
    static let organisationDetail = ActionContext("organisationDetail")
}
