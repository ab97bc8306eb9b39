import Foundation
import RAPPModel

/// Entering a request, or the evidence, reason and note of one of its steps, on the generic
/// form editor, for any workflow of the policy.
///
/// What is typed becomes the same `fields` object a form file holds (`RequestEntry`), and the
/// engine checks it in the transaction that stores it: the issues come back with the codes and
/// messages the command line prints, each shown beside its field.
public struct RequestFormScreen: Screen {
    /// What the form is for.
    public enum Purpose: Hashable, Sendable {
        /// A new request of a workflow (`kind`).
        case request(kind: String)
        /// Taking `transition` (out of the request's state as it was read) in request `request`.
        case step(request: Int64, transition: WorkflowTransition)
    }

    /// The engine's answer: stored, or refused with the issues to show beside the fields.
    public enum Outcome: Sendable {
        case stored(RequestDetails)
        case refused(Failure, [ValidationIssue])
    }

    public enum Message: Sendable {
        case storeConfirmed
        case leaveConfirmed
        case stored(Result<Outcome, Failure>)
        /// The operators the request may name, for the workflow's `subjectField`.
        case subjects(Result<[Operator], Failure>)
    }

    public let purpose: Purpose
    public let entry: RequestEntry
    public var editor: FormEditor
    /// The values as the screen opened, to tell unsaved changes.
    public let initial: [String: String]
    public let rules: SiteRules
    /// The field naming the RA person a revocation is about (an A7's `subject`), chosen by name
    /// from those the registry says this operator may name; nil for other kinds and for steps.
    public let subjectField: String?

    /// A blank form for `purpose`, with `values` filled in (an organisation's id for a request
    /// entered from its screen).
    public init(environment: AppEnvironment, purpose: Purpose, values: [String: String] = [:]) {
        let library = environment.library
        self.purpose = purpose
        self.rules = library.rules
        var subjectField: String?
        switch purpose {
        case .request(let kind):
            subjectField = library.workflow(kind).flatMap { $0.revokesOperator ? $0.subjectField : nil }
            let form =
                library.workflow(kind).flatMap { library.form($0.form) }
                ?? FormDefinition(id: kind, title: kind, annex: "", purpose: "", nameField: "", sections: [])
            entry = RequestEntry(request: form)
        case .step(_, let transition):
            entry = RequestEntry(
                step: transition, evidence: transition.evidenceForm.flatMap(library.form), rules: library.rules)
        }
        self.subjectField = subjectField
        editor = FormEditor(definition: entry.definition, values: values, ranges: [])
        initial = editor.values
    }

    /// The operators the request may name are read as the form opens; until then (or if the
    /// registry says none), the field takes an id typed in.
    public var appearEffects: [Effect] {
        guard subjectField != nil else { return [] }
        return [
            .registry(
                "revocation subjects", { context in try context.registry.revocationSubjects(by: context.signedIn()) },
                then: Message.subjects)
        ]
    }

    /// How an operator is named in the list: name, id and roles, every part made visible.
    static func offer(_ subject: Operator, rules: SiteRules) -> FieldOption {
        let roles = subject.roles.map(rules.operatorRoleName).joined(separator: ", ")
        let state = subject.isDisabled ? ", disabled" : ""
        return FieldOption(
            id: String(subject.id), label: "\(subject.name) (operator \(subject.id): \(roles)\(state))")
    }

    var validator: RequestEntryValidator { RequestEntryValidator(entry: entry, rules: rules) }

    public var hasUnsavedChanges: Bool { editor.values != initial }

    public var isTyping: Bool { editor.isTyping }

    public func title(environment: AppEnvironment) -> String {
        switch purpose {
        case .request(let kind): "New request: \(RequestText.kind(kind, library: environment.library))"
        case .step(let request, _): "Request \(request): \(VisibleText.escaped(entry.definition.title))"
        }
    }

    public static let actions: [Action] = [
        Action(
            .submit, keys: [.control("s")], name: "submit",
            description: "Send the form to the registry, which checks it and stores it (asks first).",
            contexts: [.requestForm]),
        Action(
            .chooseOption, keys: [.enter, .character(" ")], name: "choose",
            description: "Choose from this field's options.", contexts: [.formChoice]),
        Action(
            .newLine, keys: [.enter], name: "new line",
            description: "Start a new line (a new row, in a table of rows).", contexts: [.requestFormMultiline]),
        Action(
            .lineUp, keys: [.up], name: "line up",
            description: "Move up a line; from the first line, to the previous field.",
            contexts: [.requestFormMultiline], inFooter: false),
        Action(
            .lineDown, keys: [.down], name: "line down",
            description: "Move down a line; from the last line, to the next field.", contexts: [.requestFormMultiline],
            inFooter: false),
        Action(
            .nextField, keys: [.tab, .enter, .down], name: "next",
            description: "Next field. Moving never submits: only Ctrl-S does.", contexts: [.requestForm]),
        Action(
            .previousField, keys: [.backTab, .up], name: "previous", description: "Previous field.",
            contexts: [.requestForm], inFooter: false),
    ]

    public func contexts(environment: AppEnvironment) -> Set<ActionContext> {
        // The editor's places, under this screen's names (a context belongs to one screen).
        Set(
            editor.contexts(validator: validator).map { context in
                switch context {
                case .form: .requestForm
                case .formMultiline: .requestFormMultiline
                default: context
                }
            })
    }

    public func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (RequestFormScreen, ScreenOutput)
    {
        var next = self
        var output = ScreenOutput()
        let validator = self.validator
        switch event {
        case .action(.submit) where editor.chooser == nil:
            _ = next.editor.leave(validator: validator)
            // The form's own checks first (the engine runs them again, with the registry's): a form
            // with errors shows them rather than asking to store it.
            let report = entry.check(editor.values, rules: rules)
            guard report.isValid else {
                next.editor.show(report, validator: validator)
                output.status = .error(FormScreen.summary(report))
                break
            }
            output.dialog = ConfirmDialog(
                title: purpose.isRequest ? "Enter this request?" : "Record this step?",
                message: [
                    DisplayWidth.truncate(VisibleText.escaped(entry.definition.title), to: 56),
                    "The registry checks it and stores it, with an audit event.",
                ],
                confirmLabel: purpose.isRequest ? "Enter" : "Record", cancelLabel: "Cancel",
                onConfirm: .screen(Message.storeConfirmed))
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
            if case .field = left, next.editor.focus != left, output.status == nil {
                FormScreen.report(next.editor.issues(at: left, validator: validator), into: &output)
            }
        case .message(.leaveConfirmed):
            output.navigation = .pop
        case .message(.storeConfirmed):
            output.status = .info("Storing…")
            output.effects = [store()]
        case .message(.stored(.success(.stored(let details)))):
            let what = purpose.isRequest ? "Entered request \(details.request.id)" : "Step recorded"
            var status = "\(what): now \(VisibleText.escaped(details.stateLabel))."
            if let pending = details.pendingChecks.first {
                status += " Its automatic checks wait: " + pending.terminalText
            }
            output.status = details.pendingChecks.isEmpty ? .success(status) : .warning(status)
            output.navigation = purpose.isRequest ? .replace(RequestScreen(id: details.request.id)) : .pop
        case .message(.stored(.success(.refused(let failure, let issues)))):
            let report = ValidationReport(
                errors: issues.filter { $0.severity == .error }, warnings: issues.filter { $0.severity != .error })
            next.editor.show(report, validator: validator)
            let first = issues.first.map { " First: " + $0.terminalText } ?? ""
            output.status = .error(
                "Not stored: \(failure.code), \(issues.count) issue\(issues.count == 1 ? "" : "s").\(first)")
        case .message(.subjects(.success(let subjects))):
            if let subjectField {
                next.editor.offers[subjectField] = subjects.map { Self.offer($0, rules: rules) }
            }
        case .message(.subjects(.failure)):
            break  // the field takes an id typed in; the engine checks it on storing
        case .message(.stored(.failure(let failure))):
            output.status = .error(failure, "Not stored")
        }
        return (next, output)
    }

    /// Sends the form to the engine, as `request new` or `request act` would.
    func store() -> Effect {
        let (fields, reason, note) = entry.values(from: editor.values)
        let purpose = self.purpose
        return .registry(
            "store request",
            { context in
                let session = try context.signedIn()
                do {
                    switch purpose {
                    case .request(let kind):
                        return Outcome.stored(
                            try context.registry.submitRequest(
                                kind: kind, form: FormFile(formID: nil, fields: fields), by: session))
                    case .step(let request, let transition):
                        return Outcome.stored(
                            try context.registry.act(
                                on: request, action: transition.action, evidence: fields, reason: reason, note: note,
                                by: session))
                    }
                } catch let error as RequestError where !error.issues.isEmpty {
                    return Outcome.refused(Failure(error), error.issues)
                }
            }, then: Message.stored)
    }

    public func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
        editor.draw(into: &grid, area: area, validator: validator, environment: environment, extra: [])
        editor.drawChooser(into: &grid, area: area, theme: environment.theme)
    }
}

extension RequestFormScreen.Purpose {
    var isRequest: Bool { if case .request = self { true } else { false } }
}

extension ActionContext {
    static let requestForm = ActionContext("requestForm")
    static let requestFormMultiline = ActionContext("requestFormMultiline")
}
