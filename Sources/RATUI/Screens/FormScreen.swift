import RAPPModel

/// The Organisation Information Form (A1), built from its definition in `Forms/`.
///
/// Every section and field comes from the definition; the User Role ranges are an editable
/// table with a range map beside (or below) it. Fields are checked by `OrganisationFormValidator`
/// when the cursor leaves them and the whole form against the registry on submit, so the screen
/// shows exactly the codes and messages `ratui ranges check` prints.
public struct FormScreen: Screen, Hashable {
    public enum Message: Sendable {
        /// The whole form as checked against the rules and the registry.
        case checked(OrganisationInformationForm, Result<FormCheck, Failure>)
        /// What became of storing the form.
        case stored(Result<SubmissionResult, Failure>)
        /// The answers of the "Store this form?" and "Unsaved changes" dialogs.
        case storeConfirmed
        case storeCancelled
        case leaveConfirmed
    }

    public enum RangeColumn: Int, Hashable, Sendable, CaseIterable {
        case role, first, last
    }

    public enum Focus: Hashable, Sendable {
        case field(String)
        case range(row: Int, column: RangeColumn)
    }

    public struct RangeRow: Hashable, Sendable {
        public var role: String
        public var first: TextField
        public var last: TextField

        public init(role: String = "", first: String = "", last: String = "") {
            self.role = role
            self.first = TextField(first, maxLength: 23)
            self.last = TextField(last, maxLength: 23)
        }
    }

    /// The organisation being amended, or nil for a new one.
    public let amending: Int64?
    public var fields: [String: TextField]
    public var rows: [RangeRow]
    public var focus: Focus
    /// Issues shown beside fields: from leaving a field, from the last check, or from submit.
    public var issues: [ValidationIssue] = []
    /// Range rows whose cells have been left at least once: their issues are shown.
    public var touchedRows: Set<Int> = []
    /// Registered ranges overlapping or next to this form's, from the last check.
    public var nearby: [RegisteredRange] = []
    /// The role list, while it is open.
    public var chooser: ChoiceList?
    /// True between asking to submit and the check's answer.
    public var awaitingSubmitCheck = false
    /// The form as it was when the screen opened or was last stored.
    public var initial: OrganisationInformationForm

    /// A blank form for a new organisation, with one empty range row.
    public init(environment: AppEnvironment) {
        self.init(environment: environment, form: OrganisationInformationForm(fields: [:], userRoleRanges: [UserRoleRangeEntry(role: "", first: "", last: "")]), amending: nil)
    }

    /// A form filled in from `form`; with `amending`, submitting stores a new version.
    public init(environment: AppEnvironment, form: OrganisationInformationForm, amending: Int64?) {
        self.amending = amending
        var fields: [String: TextField] = [:]
        for field in environment.form.textFields {
            fields[field.id] = TextField(form.fields[field.id] ?? "", maxLength: field.maxLength, allowsLineBreaks: field.type == .multiline)
        }
        self.fields = fields
        self.rows = form.userRoleRanges.map { RangeRow(role: $0.role, first: $0.first, last: $0.last) }
        self.focus = environment.form.textFields.first.map { .field($0.id) } ?? .range(row: 0, column: .role)
        self.initial = OrganisationInformationForm(fields: [:], userRoleRanges: [])
        self.initial = self.form
    }

    /// The form as typed, every text field present.
    public var form: OrganisationInformationForm {
        OrganisationInformationForm(
            fields: fields.mapValues(\.text),
            userRoleRanges: rows.map { UserRoleRangeEntry(role: $0.role, first: $0.first.text, last: $0.last.text) })
    }

    public var hasUnsavedChanges: Bool { form != initial }

    public func title(environment: AppEnvironment) -> String { title }

    public var title: String {
        amending.map { "Amend organisation \($0): A1 form" } ?? "New organisation: A1 form"
    }

    public var isTyping: Bool {
        guard chooser == nil else { return false }
        if case .range(_, .role) = focus { return false }
        return true
    }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        if chooser != nil { return [.chooser] }
        var contexts: Set<ActionContext> = [.screen, .innerScreen, .form]
        switch focus {
        case .field(let id):
            if environment.form.field(id)?.type == .multiline { contexts.insert(.formMultiline) }
        case .range(_, let column):
            contexts.insert(.formRanges)
            if column == .role { contexts.insert(.formRole) }
        }
        return contexts
    }

    /// Every focus position in order: the text fields, then each range row's cells.
    func focusOrder(environment: AppEnvironment) -> [Focus] {
        environment.form.textFields.map { .field($0.id) }
            + rows.indices.flatMap { row in RangeColumn.allCases.map { Focus.range(row: row, column: $0) } }
    }

    // MARK: Update

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (FormScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        if chooser != nil {
            next.updateChooser(event, environment: environment)
            return (next, output)
        }
        switch event {
        case .edit(let key):
            next.edit(key, environment: environment, output: &output)
        case .action(.nextField):
            let order = focusOrder(environment: environment)
            if let index = order.firstIndex(of: focus), index + 1 < order.count {
                output.effects += next.leave(environment: environment)
                next.focus = order[index + 1]
            } else {
                next.requestSubmit(environment: environment, output: &output)
            }
        case .action(.previousField):
            let order = focusOrder(environment: environment)
            if let index = order.firstIndex(of: focus), index > 0 {
                output.effects += next.leave(environment: environment)
                next.focus = order[index - 1]
            }
        case .action(.lineUp), .action(.lineDown):
            let delta = if case .action(.lineUp) = event { -1 } else { 1 }
            if case .field(let id) = focus, var field = fields[id], field.moveLine(by: delta) {
                next.fields[id] = field
            } else {
                return next.update(.action(delta < 0 ? .previousField : .nextField), environment: environment)
            }
        case .action(.newLine):
            next.edit(.character("\n"), environment: environment, output: &output)
        case .action(.submit):
            next.requestSubmit(environment: environment, output: &output)
        case .action(.addRangeRow):
            output.effects += next.leave(environment: environment)
            if next.rows.count >= OrganisationInformationForm.maximumRangeRows {
                output.status = .error("A form has at most \(OrganisationInformationForm.maximumRangeRows) range rows.")
            } else {
                next.rows.append(RangeRow())
                next.focus = .range(row: next.rows.count - 1, column: .role)
            }
        case .action(.removeRangeRow):
            guard case .range(let row, _) = focus else { break }
            next.rows.remove(at: row)
            next.touchedRows = Set(touchedRows.compactMap { $0 < row ? $0 : $0 > row ? $0 - 1 : nil })
            next.issues.removeAll { $0.field?.hasPrefix("userRoleRanges") ?? false }
            if next.rows.isEmpty {
                next.focus = environment.form.textFields.last.map { .field($0.id) } ?? .range(row: 0, column: .role)
            } else {
                next.focus = .range(row: min(row, next.rows.count - 1), column: .role)
            }
            output.status = .info("Removed range row \(row + 1).")
            output.effects.append(next.check())
        case .action(.chooseRole):
            guard case .range(let row, .role) = focus else { break }
            let roles = environment.rules.userRoles
            let current = roles.firstIndex { $0.id == rows[row].role } ?? 0
            next.chooser = ChoiceList(options: roles.map(\.name), selected: current)
        case .action(.back):
            if hasUnsavedChanges {
                output.dialog = ConfirmDialog(
                    title: "Unsaved changes",
                    message: ["This form has changes that are not stored.", "Leave it and lose them?"],
                    confirmLabel: "Discard changes", cancelLabel: "Keep editing",
                    onConfirm: .screen(Message.leaveConfirmed))
            } else {
                output.navigation = .pop
            }
        case .message(.leaveConfirmed):
            output.navigation = .pop
        case .message(.storeConfirmed):
            output.effects.append(store())
            output.status = .info("Storing…")
        case .message(.storeCancelled):
            output.status = .info("Not stored; the form is as you left it.")
        case .message(.checked(let checked, .success(let check))):
            let report = check.report
            next.nearby = check.nearby
            guard checked == form else { break }  // typed since: a newer check will come
            if awaitingSubmitCheck {
                next.awaitingSubmitCheck = false
                next.issues = report.errors + report.warnings
                next.touchedRows = Set(rows.indices)
                if report.isValid {
                    output.dialog = next.submitDialog(report: report, environment: environment)
                    let warnings = report.warnings.count
                    output.status = .info(warnings == 0 ? "The form has no errors." : "The form has no errors and \(warnings) warning\(warnings == 1 ? "" : "s").")
                } else {
                    output.status = .error(Self.summary(report))
                    if let focus = next.focusForFirstError(report, environment: environment) { next.focus = focus }
                }
            } else {
                next.issues.removeAll { issue in issue.field?.hasPrefix("userRoleRanges") ?? false }
                next.issues += (report.errors + report.warnings).filter { issue in
                    guard let row = Self.rangeRow(of: issue.field) else { return false }
                    return touchedRows.contains(row)
                }
            }
        case .message(.checked(_, .failure(let failure))):
            next.awaitingSubmitCheck = false
            output.status = .error(failure.message)
        case .message(.stored(.success(.stored(let id, let version, let warnings)))):
            next.initial = form
            let warned = warnings.isEmpty ? "" : " with \(warnings.count) warning\(warnings.count == 1 ? "" : "s"): \(warnings[0].displayMessage)"
            output.status = .success("Stored organisation \(id), version \(version)\(warned).")
            output.navigation = amending == nil ? .replace(OrganisationScreen(id: id)) : .pop
        case .message(.stored(.success(.rejected(let report)))):
            next.issues = report.errors + report.warnings
            next.touchedRows = Set(rows.indices)
            output.status = .error("Not stored. " + Self.summary(report))
        case .message(.stored(.failure(let failure))):
            output.status = .error("Not stored: \(failure.message)")
        default:
            break
        }
        return (next, output)
    }

    private mutating func updateChooser(_ event: ScreenEvent<Message>, environment: AppEnvironment) {
        guard var list = chooser else { return }
        switch event {
        case .action(.moveUp): list.move(by: -1)
        case .action(.moveDown): list.move(by: 1)
        case .action(.confirm):
            if case .range(let row, _) = focus {
                rows[row].role = environment.rules.userRoles[list.selected].id
                focus = .range(row: row, column: .first)
            }
            chooser = nil
            return
        case .action(.cancel):
            chooser = nil
            return
        default: break
        }
        chooser = list
    }

    private mutating func edit(_ key: Key, environment: AppEnvironment, output: inout ScreenOutput) {
        let label: String
        let outcome: TextField.Outcome
        switch focus {
        case .field(let id):
            guard var field = fields[id] else { return }
            outcome = field.handle(key)
            fields[id] = field
            label = environment.form.field(id)?.label ?? id
        case .range(let row, .first):
            outcome = rows[row].first.handle(key)
            label = "An identifier"
        case .range(let row, .last):
            outcome = rows[row].last.handle(key)
            label = "An identifier"
        case .range(_, .role):
            return
        }
        if outcome == .refusedFull {
            let limit = focusedField?.maxLength ?? 0
            output.status = .warning("\(label) takes at most \(limit) characters.")
        }
    }

    var focusedField: TextField? {
        switch focus {
        case .field(let id): fields[id]
        case .range(let row, .first): rows[row].first
        case .range(let row, .last): rows[row].last
        case .range: nil
        }
    }

    /// Checks what the cursor is leaving: a text field at once, a range row against the registry.
    private mutating func leave(environment: AppEnvironment) -> [Effect] {
        switch focus {
        case .field(let id):
            let path = "organisation.\(id)"
            issues.removeAll { $0.field == path }
            issues += environment.validator.validate(field: id, value: fields[id]?.text ?? "")
            return []
        case .range(let row, _):
            touchedRows.insert(row)
            return [check()]
        }
    }

    private mutating func requestSubmit(environment: AppEnvironment, output: inout ScreenOutput) {
        output.effects += leave(environment: environment)
        awaitingSubmitCheck = true
        output.effects.append(check())
        output.status = .info("Checking the form against the rules and the registry…")
    }

    private func submitDialog(report: ValidationReport, environment: AppEnvironment) -> ConfirmDialog {
        let name = VisibleText.escaped(form.fields[environment.form.nameField] ?? "")
        var message = [amending.map { "Store a new version of organisation \($0)," } ?? "Register a new organisation,",
                       DisplayWidth.truncate("\"\(name)\", with \(rows.count) User Role range\(rows.count == 1 ? "" : "s")?", to: 60)]
        if !report.warnings.isEmpty {
            message.append("\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"): see beside the fields.")
        }
        return ConfirmDialog(
            title: "Store this form?", message: message, confirmLabel: "Store", cancelLabel: "Cancel",
            onConfirm: .screen(Message.storeConfirmed), onCancel: .screen(Message.storeCancelled))
    }

    static func summary(_ report: ValidationReport) -> String {
        let count = report.errors.count
        guard let first = report.errors.first else { return "No errors." }
        return "\(count) error\(count == 1 ? "" : "s"); first: \(first.code) \(first.displayMessage)"
    }

    /// The range row an issue path points into: `userRoleRanges[2].first` → 2.
    static func rangeRow(of path: String?) -> Int? {
        guard let path, path.hasPrefix("userRoleRanges["), let close = path.firstIndex(of: "]") else { return nil }
        return Int(path[path.index(path.startIndex, offsetBy: 15)..<close])
    }

    private func focusForFirstError(_ report: ValidationReport, environment: AppEnvironment) -> Focus? {
        guard let path = report.errors.first?.field else { return nil }
        if path.hasPrefix("organisation.") { return .field(String(path.dropFirst("organisation.".count))) }
        if let row = Self.rangeRow(of: path), row < rows.count {
            let column: RangeColumn = path.hasSuffix(".role") ? .role : path.hasSuffix(".last") ? .last : .first
            return .range(row: row, column: column)
        }
        return nil
    }

    func issues(for path: String) -> [ValidationIssue] {
        issues.filter { $0.field == path }
    }

    func rangeIssues(row: Int) -> [ValidationIssue] {
        issues.filter { Self.rangeRow(of: $0.field) == row }
    }
}

extension ActionID {
    static let addRangeRow = ActionID("addRangeRow")
    static let removeRangeRow = ActionID("removeRangeRow")
    static let chooseRole = ActionID("chooseRole")
    static let newLine = ActionID("newLine")
    static let lineUp = ActionID("lineUp")
    static let lineDown = ActionID("lineDown")
}

extension ActionContext {
    static let form = ActionContext("form")
    static let formMultiline = ActionContext("formMultiline")
    static let formRole = ActionContext("formRole")
    static let formRanges = ActionContext("formRanges")
}

extension FormScreen {
    public static let actions: [Action] = [
        Action(.submit, keys: [.control("s")], name: "submit", description: "Check the whole form against the rules and the registry, then store it (asks first).", contexts: [.form]),
        Action(.newLine, keys: [.enter], name: "new line", description: "Start a new line in this field.", contexts: [.formMultiline]),
        Action(.lineUp, keys: [.up], name: "line up", description: "Move up a line in this field; from its first line, to the previous field.", contexts: [.formMultiline], inFooter: false),
        Action(.lineDown, keys: [.down], name: "line down", description: "Move down a line in this field; from its last line, to the next field.", contexts: [.formMultiline], inFooter: false),
        Action(.chooseRole, keys: [.enter, .character(" ")], name: "choose role", description: "Choose this row's User Role from a list.", contexts: [.formRole]),
        Action(.nextField, keys: [.tab, .enter, .down], name: "next", description: "Next field; Enter on the last field submits.", contexts: [.form]),
        Action(.previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.", contexts: [.form], inFooter: false),
        Action(.addRangeRow, keys: [.control("n")], name: "add range", description: "Add a User Role range row.", contexts: [.form]),
        Action(.removeRangeRow, keys: [.control("x")], name: "remove range", description: "Remove the focused User Role range row.", contexts: [.formRanges]),
    ]
}
