import RAPPModel

/// The Organisation Information Form (A1): a new organisation, or a new version of one.
///
/// The fields come from the A1 definition through the generic `FormEditor`; this screen adds
/// what A1 needs beyond editing. Range rows are checked against the registry when the cursor
/// leaves them and the whole form on submit, so the screen shows exactly the codes and messages
/// `ratui ranges check` prints, with a range map of where its ranges sit beside other
/// organisations'.
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
        /// "Remove range row N?" answered yes.
        case removeConfirmed(row: Int)
        /// The answer of the "Changed since you opened it" dialog: show the organisation as it is now.
        case showCurrentVersion
    }

    /// The organisation being amended and the version the form was opened from, or nil for a
    /// new one. Storing is refused if another version was stored since.
    public let amending: Amendment?
    public var editor: FormEditor
    /// Registered ranges overlapping or next to this form's, from the last check.
    public var nearby: [RegisteredRange] = []
    /// True between asking to submit and the check's answer.
    public var awaitingSubmitCheck = false
    /// The form as it was when the screen opened or was last stored.
    public var initial: OrganisationInformationForm

    /// A blank form for a new organisation, with one empty range row.
    public init(environment: AppEnvironment) {
        self.init(
            environment: environment,
            form: OrganisationInformationForm(
                fields: [:], userRoleRanges: [UserRoleRangeEntry(role: "", first: "", last: "")]), amending: nil)
    }

    /// A form filled in from `form`; with `amending`, submitting stores a new version, if the
    /// organisation is still at the version it names.
    public init(environment: AppEnvironment, form: OrganisationInformationForm, amending: Amendment?) {
        self.amending = amending
        self.editor = FormEditor(definition: environment.form, values: form.fields, ranges: form.userRoleRanges)
        self.initial = OrganisationInformationForm(fields: [:], userRoleRanges: [])
        self.initial = self.form
    }

    /// The form as typed, every text field present.
    public var form: OrganisationInformationForm {
        OrganisationInformationForm(fields: editor.values, userRoleRanges: editor.rangeEntries)
    }

    public var hasUnsavedChanges: Bool { form != initial }

    public func title(environment: AppEnvironment) -> String {
        amending.map { "Amend organisation \($0.organisation): A1 form" } ?? "New organisation: A1 form"
    }

    public var isTyping: Bool { editor.isTyping }

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        editor.contexts(validator: environment.validator)
    }

    // MARK: Update

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (FormScreen, ScreenOutput) {
        var next = self
        var output = ScreenOutput()
        let validator = environment.validator
        switch event {
        case .action(.submit) where editor.chooser == nil:
            if let amending, OrganisationChanges(from: initial.normalised(), to: form.normalised()).isEmpty {
                // The registry refuses it too, in the same words: say so before checking anything.
                let issue = OrganisationChanges.unchanged(
                    organisation: amending.organisation, version: amending.version)
                output.status = .issue(issue)
                break
            }
            next.requestSubmit(validator: validator, output: &output)
        case .action(.back) where editor.chooser == nil:
            if hasUnsavedChanges {
                output.dialog = .discardChanges(onConfirm: .screen(Message.leaveConfirmed))
            } else {
                output.navigation = .pop
            }
        case .action, .edit:
            let left = editor.focus
            let edited = next.editor.update(event, validator: validator)
            output.status = edited.status
            if let row = edited.confirmRemoval {
                output.dialog = ConfirmDialog(
                    title: "Remove range row \(row + 1)?",
                    message: ["The row holds what you typed; removing it cannot be undone."],
                    confirmLabel: "Remove row", cancelLabel: "Keep row",
                    onConfirm: .screen(Message.removeConfirmed(row: row)))
            }
            if case .field = left, next.editor.focus != left, output.status == nil {
                // The field just left was checked: the status line says what that check found now.
                Self.report(next.editor.issues(at: left, validator: validator), into: &output)
            }
            if edited.checkRanges {
                output.effects.append(next.check())
            }
        case .message(.leaveConfirmed):
            output.navigation = .pop
        case .message(.removeConfirmed(let row)):
            let removed = next.editor.removeRow(row, validator: validator)
            output.status = removed.status
            if removed.checkRanges { output.effects.append(next.check()) }
        case .message(.storeConfirmed):
            output.effects.append(store())
            output.status = .info("Storing…")
        case .message(.storeCancelled):
            output.status = .info("Not stored; the form is as you left it.")
        case .message(.checked(let checked, .success(let check))):
            next.nearby = check.nearby
            guard checked == form else { break }  // typed since: a newer check will come
            let report = check.report
            if awaitingSubmitCheck {
                next.awaitingSubmitCheck = false
                if report.isValid {
                    next.editor.showAll(report)
                    output.dialog = next.submitDialog(report: report, environment: environment)
                    let warnings = report.warnings.count
                    output.status = .info(
                        warnings == 0
                            ? "The form has no errors."
                            : "The form has no errors and \(warnings) warning\(warnings == 1 ? "" : "s").")
                } else {
                    next.editor.show(report, validator: validator)
                    output.status = .error(Self.summary(report))
                }
            } else {
                next.editor.showRangeIssues(report, validator: validator)
                // Recomputed after every check: the line never keeps a problem already fixed.
                let shown = next.editor.rangeIssues(validator: validator)
                if shown.contains(where: { $0.severity == .error }) {
                    output.status = .error(
                        Self.summary(ValidationReport(errors: shown.filter { $0.severity == .error })))
                } else {
                    output.clearsProblems = true
                }
            }
        case .message(.checked(_, .failure(let failure))):
            next.awaitingSubmitCheck = false
            output.status = .error(failure)
        case .message(.stored(.success(.stored(let id, let version, let warnings)))):
            next.initial = form
            let warned =
                warnings.isEmpty
                ? "" : " with \(warnings.count) warning\(warnings.count == 1 ? "" : "s"): " + warnings[0].terminalText
            output.status = .success("Stored organisation \(id), version \(version)\(warned).")
            output.navigation = amending == nil ? .replace(OrganisationScreen(id: id)) : .pop
        case .message(.stored(.success(.rejected(let report))))
        where amending != nil && report.errors.contains { $0.code == .organisationStaleVersion }:
            // Someone stored another version since this form was opened: say so, and offer it.
            let stale = report.errors.first { $0.code == .organisationStaleVersion }!
            output.status = .error("Not stored: " + stale.terminalText)
            output.dialog = ConfirmDialog(
                title: "Changed since you opened it",
                message: TextWrap.lines(VisibleText.escaped(stale.displayMessage), width: 56) + [
                    "", "Your form stays open as you left it.",
                ],
                confirmLabel: "Show the newer version", cancelLabel: "Keep editing",
                onConfirm: .screen(Message.showCurrentVersion))
        case .message(.showCurrentVersion):
            if let amending { output.navigation = .push(OrganisationScreen(id: amending.organisation)) }
        case .message(.stored(.success(.rejected(let report)))):
            next.editor.showAll(report)
            output.status = .error("Not stored. " + Self.summary(report))
        case .message(.stored(.failure(let failure))):
            output.status = .error(failure, "Not stored")
        }
        return (next, output)
    }

    private mutating func requestSubmit(validator: some FieldValidator, output: inout ScreenOutput) {
        if editor.leave(validator: validator) { output.effects.append(check()) }
        awaitingSubmitCheck = true
        output.effects.append(check())
        output.status = .info("Checking the form against the rules and the registry…")
    }

    private func submitDialog(report: ValidationReport, environment: AppEnvironment) -> ConfirmDialog {
        let name = VisibleText.escaped(form.fields[environment.form.nameField] ?? "")
        let count = editor.rows.count
        var message = [
            amending.map { "Store a new version of organisation \($0.organisation)," }
                ?? "Register a new organisation,",
            DisplayWidth.truncate("\"\(name)\", with \(count) User Role range\(count == 1 ? "" : "s")?", to: 60),
        ]
        if amending != nil {
            message += Self.changeSummary(
                OrganisationChanges(
                    from: initial.normalised(), to: form.normalised(), order: environment.form.fields.map(\.id)),
                environment: environment)
        }
        if !report.warnings.isEmpty {
            message.append(
                "\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"): see beside the fields.")
        }
        return ConfirmDialog(
            title: "Store this form?", message: message, confirmLabel: "Store", cancelLabel: "Cancel",
            onConfirm: .screen(Message.storeConfirmed), onCancel: .screen(Message.storeCancelled))
    }

    /// An amendment's changes in a few lines for its confirm dialog: the fields changed, by label,
    /// and the ranges added and removed.
    static func changeSummary(_ changes: OrganisationChanges, environment: AppEnvironment) -> [String] {
        var lines: [String] = []
        if !changes.fields.isEmpty {
            let labels = changes.fields.map { change in environment.form.field(change.field)?.label ?? change.field }
            lines.append(DisplayWidth.truncate("Changed: " + labels.joined(separator: ", "), to: 60))
        }
        for (sign, entries) in [("+", changes.rangesAdded), ("-", changes.rangesRemoved)] {
            for entry in entries.prefix(3) {
                lines.append(
                    DisplayWidth.truncate(
                        "\(sign) \(environment.rules.roleName(entry.role)): \(VisibleText.escaped(entry.first)) to \(VisibleText.escaped(entry.last))",
                        to: 60))
            }
            if entries.count > 3 {
                lines.append("\(sign) \(entries.count - 3) more range\(entries.count - 3 == 1 ? "" : "s")")
            }
        }
        return lines
    }

    /// Puts the first issue of a field just checked on the status line, or clears a problem
    /// reported before when there is none now.
    static func report(_ issues: [ValidationIssue], into output: inout ScreenOutput) {
        if let issue = issues.first(where: { $0.severity == .error }) {
            output.status = .issue(issue)
        } else if let issue = issues.first {
            output.status = .issue(issue)
        } else {
            output.clearsProblems = true
        }
    }

    static func summary(_ report: ValidationReport) -> String {
        let count = report.errors.count
        guard let first = report.errors.first else { return "No errors." }
        return "\(count) error\(count == 1 ? "" : "s"); first: " + first.terminalText
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
        Action(
            .submit, keys: [.control("s")], name: "submit",
            description: "Check the whole form against the rules and the registry, then store it (asks first).",
            contexts: [.form]),
        Action(
            .newLine, keys: [.enter], name: "new line", description: "Start a new line in this field.",
            contexts: [.formMultiline]),
        Action(
            .lineUp, keys: [.up], name: "line up",
            description: "Move up a line in this field; from its first line, to the previous field.",
            contexts: [.formMultiline], inFooter: false),
        Action(
            .lineDown, keys: [.down], name: "line down",
            description: "Move down a line in this field; from its last line, to the next field.",
            contexts: [.formMultiline], inFooter: false),
        Action(
            .chooseRole, keys: [.enter, .character(" ")], name: "choose role",
            description: "Choose this row's User Role from a list.", contexts: [.formRole]),
        Action(
            .nextField, keys: [.tab, .enter, .down], name: "next",
            description: "Next field. Moving never submits: only Ctrl-S does.", contexts: [.form]),
        Action(
            .previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.", contexts: [.form],
            inFooter: false),
        Action(
            .addRangeRow, keys: [.control("n")], name: "add range", description: "Add a User Role range row.",
            contexts: [.form]),
        Action(
            .removeRangeRow, keys: [.control("x")], name: "remove range",
            description: "Remove the focused User Role range row.", contexts: [.formRanges]),
    ]
}
