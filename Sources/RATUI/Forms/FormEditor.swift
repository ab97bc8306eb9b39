import Foundation
import RAPPModel

/// Filling in any form built from a definition: its text fields and its User Role range table,
/// where the cursor is, and the issues beside each field.
///
/// A screen holds one and adds what its form needs beyond editing (registry checks, storing, a
/// range map). The definition and the field checks come from a `FieldValidator`, and issues
/// find their field by path (`FieldValidator.path(of:)`), never by taking text apart.
public struct FormEditor: Hashable, Sendable {
    public enum RangeColumn: String, Hashable, Sendable, CaseIterable {
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
            // Longer than an identifier is kept and refused by validation (`eui64.length`), never cut.
            self.first = TextField(first, maxLength: TextField.memoryLimit)
            self.last = TextField(last, maxLength: TextField.memoryLimit)
        }
    }

    /// What the screen holding the editor must do after an update.
    public struct Output: Sendable {
        public var status: StatusMessage?
        /// A range row was left, changed or removed: check the ranges against the registry.
        public var checkRanges = false
        /// Removing this range row, which holds something typed, needs a yes first.
        public var confirmRemoval: Int?
    }

    public var fields: [String: TextField]
    public var rows: [RangeRow]
    public var focus: Focus
    /// Issues shown beside fields: from leaving a field, from the last check, or from submit.
    public var issues: [ValidationIssue] = []
    /// Range rows edited and then left (or checked whole on submit): their issues are shown.
    public var touchedRows: Set<Int> = []
    /// Fields and cells typed in (or, for a role, chosen): until then an empty one is not an
    /// error, and leaving it checks nothing. Submit checks everything.
    public var edited: Set<Focus> = []
    /// Set once the whole form was checked (submit): every field and cell counts as typed in.
    public var submitted = false
    /// The role list, or a choice field's options, while open.
    public var chooser: ChoiceList?
    /// The title of a choice field's open list.
    public var chooserTitle = ""
    /// Options the registry offers for a field that is not a choice by type, by field id: the
    /// operators a revocation request may name, for its reference to an operator. The field is
    /// then chosen from them, and holds the chosen one's id, as a form file would.
    public var offers: [String: [FieldOption]] = [:]
    /// The fields chosen from a list of options, by id: choice and multi-choice.
    let choiceTypes: [String: FieldDefinition.FieldType]

    /// The editor for `definition`'s fields, filled in from `values` and `ranges`.
    public init(definition: FormDefinition, values: [String: String], ranges: [UserRoleRangeEntry]) {
        var fields: [String: TextField] = [:]
        for field in definition.textFields {
            // The field's length limit is validation's to report (`field.too-long`), never to cut at.
            // A group is entered a row a line (`RequestEntry`), so it takes line breaks like multi-line text.
            fields[field.id] = TextField(
                values[field.id] ?? "", maxLength: TextField.memoryLimit,
                allowsLineBreaks: field.type == .multiline || field.type == .group)
        }
        self.fields = fields
        self.choiceTypes = Dictionary(
            uniqueKeysWithValues: definition.textFields.filter { $0.type == .choice || $0.type == .multiChoice }.map {
                ($0.id, $0.type)
            })
        self.rows = ranges.map { RangeRow(role: $0.role, first: $0.first, last: $0.last) }
        self.focus = definition.textFields.first.map { .field($0.id) } ?? .range(row: 0, column: .role)
    }

    /// The text fields' values as typed.
    public var values: [String: String] { fields.mapValues(\.text) }

    /// The range table as typed.
    public var rangeEntries: [UserRoleRangeEntry] {
        rows.map { UserRoleRangeEntry(role: $0.role, first: $0.first.text, last: $0.last.text) }
    }

    public var isTyping: Bool {
        guard chooser == nil else { return false }
        if case .range(_, .role) = focus { return false }
        return !focusIsChoice
    }

    /// Whether the focused field is chosen from its options (a list opens) rather than typed.
    var focusIsChoice: Bool {
        guard case .field(let id) = focus else { return false }
        if let type = choiceTypes[id] { return type == .choice || type == .multiChoice }
        return offers[id]?.isEmpty == false
    }

    /// A field's options: its own (a choice), else what the registry offers for it.
    func options(of field: FieldDefinition) -> [FieldOption] {
        field.options.isEmpty ? offers[field.id] ?? [] : field.options
    }

    public func contexts(validator: some FieldValidator) -> Set<ActionContext> {
        if chooser != nil { return [.chooser] }
        var contexts: Set<ActionContext> = [.screen, .innerScreen, .form]
        switch focus {
        case .field(let id):
            let type = validator.definition.field(id)?.type
            if type == .multiline || type == .group { contexts.insert(.formMultiline) }
            if type == .choice || type == .multiChoice || offers[id]?.isEmpty == false {
                contexts.insert(.formChoice)
            }
        case .range(_, let column):
            contexts.insert(.formRanges)
            if column == .role { contexts.insert(.formRole) }
        }
        return contexts
    }

    /// Every focus position in order: the text fields, then each range row's cells.
    func focusOrder(validator: some FieldValidator) -> [Focus] {
        validator.definition.textFields.map { .field($0.id) }
            + rows.indices.flatMap { row in RangeColumn.allCases.map { Focus.range(row: row, column: $0) } }
    }

    /// The range table's definition, if the form has one.
    func rangeTable(validator: some FieldValidator) -> FieldDefinition? {
        validator.definition.fields.first { $0.type == .userRoleRanges }
    }

    // MARK: Update

    /// Handles an action or a key for the form's fields; the screen handles everything else.
    public mutating func update<Message>(_ event: ScreenEvent<Message>, validator: some FieldValidator) -> Output {
        var output = Output()
        if chooser != nil {
            updateChooser(event, validator: validator, output: &output)
            return output
        }
        switch event {
        case .edit(let key):
            edit(key, validator: validator, output: &output)
        case .action(.nextField):
            let order = focusOrder(validator: validator)
            // Moving never submits: on the last field it stays, and says what does.
            if let index = order.firstIndex(of: focus), index + 1 < order.count {
                output.checkRanges = leave(validator: validator)
                focus = order[index + 1]
            } else {
                // Checked as if left, so what was typed there is checked too.
                output.checkRanges = leave(validator: validator)
                output.status = .info("This is the last field. Ctrl-S checks the form and stores it (asks first).")
            }
        case .action(.previousField):
            let order = focusOrder(validator: validator)
            if let index = order.firstIndex(of: focus), index > 0 {
                output.checkRanges = leave(validator: validator)
                focus = order[index - 1]
            }
        case .action(.lineUp), .action(.lineDown):
            let delta = if case .action(.lineUp) = event { -1 } else { 1 }
            if case .field(let id) = focus, var field = fields[id], field.moveLine(by: delta) {
                fields[id] = field
            } else {
                return update(
                    ScreenEvent<Message>.action(delta < 0 ? .previousField : .nextField), validator: validator)
            }
        case .action(.newLine):
            edit(.character("\n"), validator: validator, output: &output)
        case .action(.addRangeRow):
            output.checkRanges = leave(validator: validator)
            if rows.count >= OrganisationInformationForm.maximumRangeRows {
                output.status = .error("A form has at most \(OrganisationInformationForm.maximumRangeRows) range rows.")
            } else {
                rows.append(RangeRow())
                focus = .range(row: rows.count - 1, column: .role)
            }
        case .action(.removeRangeRow):
            guard case .range(let row, _) = focus else { break }
            let typed = rows[row]
            if !typed.role.isEmpty || !typed.first.text.isEmpty || !typed.last.text.isEmpty {
                output.confirmRemoval = row
            } else {
                output = removeRow(row, validator: validator)
            }
        case .action(.chooseOption):
            guard case .field(let id) = focus, let field = validator.definition.field(id) else { break }
            let options = options(of: field)
            guard !options.isEmpty else { break }
            let chosen = Set(
                fields[id]?.text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? [])
            let current = options.firstIndex { chosen.contains($0.id) } ?? 0
            chooser = ChoiceList(
                options: options.map {
                    (field.type == .multiChoice ? (chosen.contains($0.id) ? "[x] " : "[ ] ") : "")
                        + VisibleText.escaped($0.label)
                },
                selected: current)
            chooserTitle = VisibleText.escaped(field.label)
        case .action(.chooseRole):
            guard case .range(let row, .role) = focus else { break }
            let roles = validator.rules.userRoles
            let current = roles.firstIndex { $0.id == rows[row].role } ?? 0
            chooser = ChoiceList(options: roles.map(\.name), selected: current)
        default:
            break
        }
        return output
    }

    /// Removes a range row (after a yes, when it held anything) and its issues.
    public mutating func removeRow(_ row: Int, validator: some FieldValidator) -> Output {
        var output = Output()
        guard rows.indices.contains(row) else { return output }
        rows.remove(at: row)
        touchedRows = Set(touchedRows.compactMap { $0 < row ? $0 : $0 > row ? $0 - 1 : nil })
        edited = Set(
            edited.compactMap { cell in
                guard case .range(let other, let column) = cell else { return cell }
                return other < row ? cell : other > row ? .range(row: other - 1, column: column) : nil
            })
        if let table = rangeTable(validator: validator) {
            let path = validator.path(of: table)
            issues.removeAll { $0.field?.isWithin(path) ?? false }
        }
        if rows.isEmpty {
            focus = validator.definition.textFields.last.map { .field($0.id) } ?? .range(row: 0, column: .role)
        } else {
            focus = .range(row: min(row, rows.count - 1), column: .role)
        }
        output.status = .info("Removed range row \(row + 1).")
        output.checkRanges = true
        return output
    }

    private mutating func updateChooser<Message>(
        _ event: ScreenEvent<Message>, validator: some FieldValidator, output: inout Output
    ) {
        guard var list = chooser else { return }
        switch event {
        case .action(.moveUp): list.move(by: -1)
        case .action(.moveDown): list.move(by: 1)
        case .edit(.character(let letter)): list.highlightNext(startingWith: letter)
        case .action(.confirm) where focusIsChoice:
            // An option is chosen (a multi-choice's toggled, its list closing): the field holds
            // option ids, as a form file would, and is checked as if typed.
            if case .field(let id) = focus, let field = validator.definition.field(id),
                options(of: field).indices.contains(list.selected)
            {
                let option = options(of: field)[list.selected].id
                var text = option
                if field.type == .multiChoice {
                    var chosen = (fields[id]?.text ?? "").split(separator: ",").map {
                        String($0).trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty }
                    if let index = chosen.firstIndex(of: option) {
                        chosen.remove(at: index)
                    } else {
                        chosen.append(option)
                    }
                    text = chosen.joined(separator: ", ")
                }
                fields[id] = TextField(text, maxLength: TextField.memoryLimit)
                edited.insert(focus)
                // What was said about the old choice no longer holds; submitting checks the new one.
                let path = validator.path(of: field)
                issues.removeAll { $0.field?.isWithin(path) ?? false }
            }
            chooser = nil
            return
        case .action(.confirm):
            // The role is chosen; the cursor stays on it (Tab moves on), and the row is checked
            // again at once, so an issue about the old role does not linger.
            if case .range(let row, _) = focus {
                rows[row].role = validator.rules.userRoles[list.selected].id
                edited.insert(.range(row: row, column: .role))
                touchedRows.insert(row)
                output.checkRanges = true
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

    private mutating func edit(_ key: Key, validator: some FieldValidator, output: inout Output) {
        let label: String
        let outcome: TextField.Outcome
        switch focus {
        case .field(let id):
            guard var field = fields[id] else { return }
            outcome = field.handle(key)
            fields[id] = field
            label = validator.definition.field(id)?.label ?? id
        case .range(let row, .first):
            outcome = rows[row].first.handle(key)
            label = "An identifier"
        case .range(let row, .last):
            outcome = rows[row].last.handle(key)
            label = "An identifier"
        case .range(_, .role):
            return
        }
        if outcome == .edited { edited.insert(focus) }
        if outcome == .refusedFull {
            let limit = focusedField?.maxLength ?? 0
            output.status = .warning("\(label) holds at most \(NumberText.grouped(limit)) characters.")
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

    /// Checks what the cursor is leaving: a text field at once; for a range row, returns true so
    /// the screen checks it against the registry.
    public mutating func leave(validator: some FieldValidator) -> Bool {
        switch focus {
        case .field(let id):
            // A field passed over without typing is not checked: an empty one is not yet an error.
            guard edited.contains(focus) || submitted, let definition = validator.definition.field(id) else {
                return false
            }
            let path = validator.path(of: definition)
            issues.removeAll { $0.field == path }
            issues += validator.validate(field: id, value: fields[id]?.text ?? "")
            return false
        case .range(let row, _):
            if submitted || RangeColumn.allCases.contains(where: { edited.contains(.range(row: row, column: $0)) }) {
                touchedRows.insert(row)
            }
            return true
        }
    }

    // MARK: Issues

    /// Shows every issue of a whole-form check, and moves to the first error.
    public mutating func show(_ report: ValidationReport, validator: some FieldValidator) {
        showAll(report)
        if let focus = focus(forFirstError: report, validator: validator) { self.focus = focus }
    }

    /// Shows every issue of a whole-form check where it is: from now on every field and cell is
    /// checked as if typed in, empty ones included.
    public mutating func showAll(_ report: ValidationReport) {
        issues = report.errors + report.warnings
        touchedRows = Set(rows.indices)
        submitted = true
    }

    /// Replaces the range table's issues with a check's, for the rows edited and left, except
    /// about an empty cell nobody has typed in yet (submit shows those).
    public mutating func showRangeIssues(_ report: ValidationReport, validator: some FieldValidator) {
        guard let table = rangeTable(validator: validator) else { return }
        let path = validator.path(of: table)
        issues.removeAll { $0.field?.isWithin(path) ?? false }
        issues += (report.errors + report.warnings).filter { issue in
            guard let row = issue.field?.index(within: path), touchedRows.contains(row), row < rows.count else {
                return false
            }
            guard let column = issue.field?.lastKey.flatMap(RangeColumn.init(rawValue:)) else { return true }
            let cell = Focus.range(row: row, column: column)
            let empty =
                switch column {
                case .role: rows[row].role.isEmpty
                case .first: rows[row].first.text.allSatisfy(\.isWhitespace)
                case .last: rows[row].last.text.allSatisfy(\.isWhitespace)
                }
            return !empty || submitted || edited.contains(cell)
        }
    }

    private func focus(forFirstError report: ValidationReport, validator: some FieldValidator) -> Focus? {
        guard let path = report.errors.first?.field else { return nil }
        if let field = validator.definition.textFields.first(where: { validator.path(of: $0) == path }) {
            return .field(field.id)
        }
        if let table = rangeTable(validator: validator), let row = path.index(within: validator.path(of: table)),
            row < rows.count
        {
            let column: RangeColumn = path.lastKey.flatMap(RangeColumn.init(rawValue:)) ?? .first
            return .range(row: row, column: column)
        }
        return nil
    }

    /// The issues of a field or cell, as shown beside it.
    func issues(at focus: Focus, validator: some FieldValidator) -> [ValidationIssue] {
        switch focus {
        case .field(let id):
            guard let definition = validator.definition.field(id) else { return [] }
            return issues(at: validator.path(of: definition))
        case .range(let row, _):
            guard let table = rangeTable(validator: validator) else { return [] }
            return rangeIssues(row: row, table: validator.path(of: table))
        }
    }

    /// Every issue shown about the range table.
    func rangeIssues(validator: some FieldValidator) -> [ValidationIssue] {
        guard let table = rangeTable(validator: validator) else { return [] }
        let path = validator.path(of: table)
        return issues.filter { $0.field?.isWithin(path) ?? false }
    }

    /// The issues at exactly `path`.
    func issues(at path: FieldPath) -> [ValidationIssue] {
        issues.filter { $0.field == path }
    }

    /// The issues about one row of the range table.
    func rangeIssues(row: Int, table: FieldPath) -> [ValidationIssue] {
        issues.filter { $0.field?.index(within: table) == row }
    }
}

extension ActionID {
    /// Opening a choice field's list of options.
    static let chooseOption = ActionID("chooseOption")
}

extension ActionContext {
    /// A choice or multi-choice field has focus: Enter opens its options.
    static let formChoice = ActionContext("formChoice")
}
