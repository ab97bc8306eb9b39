import RAPPModel

/// "Who owns this identifier?": an identifier field and the ranges in force that hold it.
///
/// Opens over any screen (F2), so an operator can check an identifier mid-form without losing
/// what they typed. The field also takes the path of an Organisation Certificate (PEM or DER):
/// its subject's EUI-64 is looked up, so staff learn whose a certificate in front of them is.
public struct WhoisPanel: Hashable, Sendable {
    /// The outcome of a look-up.
    public enum Message: Sendable {
        case found(EUI64, Result<[RegisteredRange], Failure>)
        case certificate(String, Result<OrganisationCertificate, Failure>)
    }

    static let actions: [Action] = [
        Action(
            .lookUp, keys: [.enter], name: "look up",
            description:
                "Look up who holds the identifier typed, or the EUI-64 of the certificate file whose path is typed; Enter again opens the highlighted holder.",
            contexts: [.whois]),
        Action(
            .moveUp, keys: [.up], name: "up", description: "Highlight the holder above.", contexts: [.whois],
            inFooter: false),
        Action(
            .moveDown, keys: [.down], name: "down", description: "Highlight the holder below.", contexts: [.whois],
            inFooter: false),
        Action(
            .open, keys: [.tab], name: "open", description: "Open the highlighted holder's organisation.",
            contexts: [.whois]),
        Action(
            .close, keys: [.escape, .control("g"), .function(2)], name: "close",
            description: "Close the identifier look-up.", contexts: [.whois]),
    ]

    public var identifier: TextField
    public var owners: [RegisteredRange] = []
    /// The identifier last looked up (canonical), or nil before any look-up.
    public var lookedUp: EUI64?
    public var problem: ValidationIssue?
    public var selected = 0
    /// The certificate looked up, when the field held a certificate's path.
    public var certificate: OrganisationCertificate?

    public init(_ text: String = "") {
        self.identifier = TextField(text, maxLength: TextField.memoryLimit)
    }

    public var contexts: Set<ActionContext> { [.whois] }

    public func update(_ event: ScreenEvent<Message>) -> (WhoisPanel, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        switch event {
        case .edit(let key):
            _ = next.identifier.handle(key)
        case .action(.lookUp):
            do {
                let value = try EUI64(parsing: identifier.text, field: "identifier", allowReserved: true)
                // Enter again on the same identifier opens the highlighted holder.
                if value == lookedUp, owners.indices.contains(selected) {
                    return update(.action(.open))
                }
                next.problem = nil
                output.effects = [
                    .registry(
                        "whois", { context in try context.reading().owners(of: value) },
                        then: { Message.found(value, $0) })
                ]
            } catch {
                next.owners = []
                next.lookedUp = nil
                next.certificate = nil
                if let file = Self.certificatePath(identifier.text) {
                    next.problem = nil
                    output.effects = [Self.readCertificate(file)]
                } else {
                    next.problem = error
                }
            }
        case .action(.moveUp):
            next.selected = max(0, selected - 1)
        case .action(.moveDown):
            next.selected = min(max(0, owners.count - 1), selected + 1)
        case .action(.open):
            if owners.indices.contains(selected) {
                output.navigation = .push(OrganisationScreen(id: owners[selected].organisationID))
            }
        case .message(.found(let value, .success(let owners))):
            next.lookedUp = value
            next.owners = owners
            next.selected = 0
            next.certificate = nil
        case .message(.certificate(_, .success(let certificate))):
            next.certificate = certificate
            next.lookedUp = certificate.subject.eui64
            next.owners = certificate.holders
            next.selected = 0
            if certificate.subject.eui64 == nil, let issue = certificate.issues.first { next.problem = issue }
        case .message(.certificate(_, .failure(let failure))):
            next.problem = ValidationIssue(IssueCode(rawValue: failure.code), failure.message)
        case .message(.found(_, .failure(let failure))):
            output.status = .error(failure)
        default:
            break
        }
        return (next, output)
    }

    /// The text as a certificate file's path, when it looks like one rather than an identifier.
    static func certificatePath(_ text: String) -> String? {
        let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        let lowered = trimmed.lowercased()
        let isPath = trimmed.contains("/") || [".pem", ".crt", ".cer", ".der"].contains { lowered.hasSuffix($0) }
        return isPath ? trimmed : nil
    }

    /// Reads the certificate and looks up its EUI-64, as `ratui cert show` does.
    static func readCertificate(_ file: String) -> Effect {
        .registry(
            "certificate",
            { context in
                let registry = try context.reading()
                let bytes = try InputFile.bytes(ofFile: file, upTo: OrganisationCertificate.maximumSize)
                var certificate = try OrganisationCertificate(bytes, rules: registry.rules)
                try certificate.lookUp(in: registry, rules: registry.rules)
                return certificate
            }, then: { Message.certificate(file, $0) })
    }

    public func view(into grid: inout CellGrid, screen: Rect, environment: AppEnvironment) {
        let theme = environment.theme
        let area = screen.centred(
            width: min(screen.width - 4, 100), height: min(screen.height - 2, 12 + min(owners.count, 6)))
        grid.clear(area)
        grid.box(area, characters: theme.box, title: "Who owns an identifier?")
        let left = area.column + 2
        let width = area.width - 4
        let label = "EUI-64 or certificate file: "
        let used = grid.put(label, row: area.row + 2, column: left, style: .label)
        let fieldWidth = max(24, width - used)
        let slice = identifier.visibleSlice(
            line: identifier.characters, cursorColumn: identifier.cursor, width: fieldWidth)
        if !theme.isPlain { grid.fill(row: area.row + 2, column: left + used, width: fieldWidth, style: .focus) }
        grid.put(slice.text, row: area.row + 2, column: left + used, style: .focus)
        if let offset = slice.cursorOffset { grid.cursor = (area.row + 2, left + used + offset) }
        var row = area.row + 4
        if let certificate, problem == nil {
            let code = certificate.subject.roleCode
            let role =
                code.map {
                    " role code \(RemotePartyRole.hex($0)) (\(environment.rules.remotePartyRole(code: $0)?.name ?? "unknown")),"
                } ?? ""
            let text =
                "Certificate serial \(VisibleText.escaped(certificate.serialNumber)),\(role) valid to \(OrganisationCertificate.timestamp(certificate.notAfter))"
            grid.put(
                DisplayWidth.truncate(text, to: width, ascii: theme.isPlain), row: row, column: left, style: .label)
            row += 1
        }
        if let problem {
            for line in TextWrap.lines("Error: " + problem.terminalText, width: width) {
                grid.put(line, row: row, column: left, style: .error)
                row += 1
            }
        } else if let lookedUp {
            if owners.isEmpty {
                let reserved = lookedUp.isReserved ? " (it is reserved)" : ""
                grid.put(
                    "\(lookedUp): no organisation holds this identifier\(reserved).", row: row, column: left,
                    limit: width)
            } else {
                grid.put("\(lookedUp) is held by:", row: row, column: left, style: .heading)
                row += 1
                for (index, owner) in owners.enumerated() where row < area.bottom - 2 {
                    let isSelected = index == selected
                    let marker = isSelected ? theme.box.pointer : " "
                    let name = VisibleText.escaped(owner.organisationName)
                    let text =
                        "\(marker) organisation \(owner.organisationID) \(name) as \(environment.rules.roleName(owner.role)) (\(owner.range))"
                    grid.put(
                        DisplayWidth.truncate(text, to: width, ascii: theme.isPlain), row: row, column: left,
                        style: isSelected ? .selected : .normal)
                    row += 1
                }
            }
        } else {
            grid.put(
                "Type an identifier such as 90-B3-D5-1F-30-01-00-00, or a certificate file's path, and press Enter.",
                row: row, column: left, style: .dim, limit: width)
        }
    }
}
