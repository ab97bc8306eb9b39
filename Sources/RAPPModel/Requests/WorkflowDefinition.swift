/// A request workflow, read from `Forms/workflows/<id>.json`: the form a request is entered on,
/// its states, and the transitions out of each with the permission, evidence, checks and
/// separation of duties each needs.
///
/// The workflow is data, part of the stored policy, so an RA corrects the [assumed] steps for its
/// SEC version with `policy apply`. What no policy may change is code: the engine refuses any
/// transition the definition does not list and keeps its own separation-of-duties rules
/// (`RequestEngine`), and `PolicyInvariants` refuses a workflow whose effect can be reached
/// without an approval.
public struct WorkflowDefinition: Hashable, Sendable {
    /// The request kind, as `request new KIND` names it; the file is `workflows/<id>.json`.
    public let id: String
    public let title: String
    public let about: String
    /// The form a request of this kind is entered on.
    public let form: String
    /// The permission needed to enter one.
    public let submitPermission: OperatorAction
    public let initial: String
    public let states: [WorkflowState]
    /// A reference to an organisation: what the request concerns, for lists and checks.
    public let organisationField: String?
    /// A reference to an operator the request is about (an RA person's credentials): that
    /// operator may take no step in it.
    public let subjectField: String?
    public let credential: CredentialMapping?
    /// A reference to the operator who asked, when the request names one (a PMA member's A7
    /// that arrived by letter): they take no verification, approval or effect step in it.
    public var requesterField: String? = nil
    /// The operator account an `operator.create` effect opens.
    public let account: AccountMapping?
    /// The caller a `credential.caller-matches` check compares with their credential's request.
    public let caller: CallerMapping?

    public func state(_ id: String) -> WorkflowState? { states.first { $0.id == id } }

    /// Every transition, with the state it leaves.
    public var transitions: [(from: String, transition: WorkflowTransition)] {
        states.flatMap { state in state.transitions.map { (state.id, $0) } }
    }
}

extension WorkflowDefinition {
    static let allowedKeys: Set<String> = [
        "$schema", "kind", "id", "title", "about", "form", "submit", "initial", "states", "organisationField",
        "subjectField", "credential", "requesterField", "operatorAccount", "caller",
    ]

    /// Reads a workflow file and checks it against the policy's forms and rules, reporting every
    /// problem with its JSON path into `reader`.
    static func read(
        _ object: [String: JSONValue], forms: [FormDefinition], rules: SiteRules, templates: Set<String> = [],
        reader: inout JSONReader
    ) -> WorkflowDefinition? {
        let before = reader.issues.count
        _ = reader.object(.object(object), at: "", allowed: allowedKeys)
        if let kind = reader.string(reader.required(object, "kind", at: ""), at: "kind"), kind != "workflow" {
            reader.report(.formKind, "A file in workflows/ needs \"kind\": \"workflow\".", at: "kind")
        }
        let id = reader.string(reader.required(object, "id", at: ""), at: "id")
        let title = reader.string(reader.required(object, "title", at: ""), at: "title")
        let about = reader.string(object["about"], at: "about") ?? ""
        let formID = reader.string(reader.required(object, "form", at: ""), at: "form")
        let initial = reader.string(reader.required(object, "initial", at: ""), at: "initial")
        if let id, !SiteRules.isIdentifier(id) {
            reader.report(
                .formType, "Workflow id \(VisibleText.quoted(id)) must be lower-case letters, digits and '-'.", at: "id"
            )
        }
        var form: FormDefinition?
        if let formID {
            form = requestForm(formID, forms: forms, at: "form", reader: &reader)
        }
        var submitPermission: OperatorAction?
        if let submit = reader.object(reader.required(object, "submit", at: ""), at: "submit", allowed: ["permission"])
        {
            submitPermission = permission(
                reader.required(submit, "permission", at: "submit"), at: "submit.permission", reader: &reader)
        }

        // Fields of the request form the engine reads.
        func referenceField(_ key: String, to kind: ReferenceKind) -> String? {
            guard let name = reader.string(object[key], at: key) else { return nil }
            if let form, form.field(name)?.type != .reference || form.field(name)?.references != kind {
                reader.report(
                    .formType,
                    "\(VisibleText.quoted(name)) is not a field of form \(form.id) that references an \(kind.rawValue).",
                    at: key)
            }
            return name
        }
        let organisationField = referenceField("organisationField", to: .organisation)
        let subjectField = referenceField("subjectField", to: .operator)
        let requesterField = referenceField("requesterField", to: .operator)
        let credential = readCredential(object["credential"], form: form, reader: &reader)
        let account = readAccount(object["operatorAccount"], form: form, reader: &reader)
        let caller = readCaller(object["caller"], form: form, forms: forms, reader: &reader)

        // States and transitions.
        var states: [WorkflowState] = []
        let stateValues = reader.array(reader.required(object, "states", at: ""), at: "states") ?? []
        let stateIDs: [String] = stateValues.compactMap {
            guard case .object(let state) = $0, case .string(let id)? = state["id"] else { return nil }
            return id
        }
        let allActions = Set(
            stateValues.flatMap { value -> [String] in
                guard case .object(let state) = value, case .array(let transitions)? = state["transitions"] else {
                    return []
                }
                return transitions.compactMap {
                    guard case .object(let t) = $0, case .string(let a)? = t["action"] else { return nil }
                    return a
                }
            })
        for (index, value) in stateValues.enumerated() {
            let path = "states[\(index)]"
            guard let state = reader.object(value, at: path, allowed: ["id", "label", "terminal", "transitions"]) else {
                continue
            }
            let stateID = reader.string(reader.required(state, "id", at: path), at: "\(path).id")
            let label = reader.string(reader.required(state, "label", at: path), at: "\(path).label")
            let terminal = reader.bool(state["terminal"], at: "\(path).terminal") ?? false
            if let stateID {
                if !SiteRules.isIdentifier(stateID) {
                    reader.report(
                        .formType,
                        "State id \(VisibleText.quoted(stateID)) must be lower-case letters, digits and '-'.",
                        at: "\(path).id")
                } else if stateIDs.filter({ $0 == stateID }).count > 1 {
                    reader.report(.formType, "State \(VisibleText.quoted(stateID)) is defined twice.", at: "\(path).id")
                }
            }
            var transitions: [WorkflowTransition] = []
            for (transitionIndex, transitionValue)
                in (reader.array(reader.required(state, "transitions", at: path), at: "\(path).transitions") ?? [])
                .enumerated()
            {
                let transitionPath = "\(path).transitions[\(transitionIndex)]"
                guard
                    var transition = readTransition(
                        transitionValue, at: transitionPath, states: stateIDs, actions: allActions, forms: forms,
                        rules: rules,
                        credential: credential, account: account, caller: caller, organisationField: organisationField,
                        reader: &reader)
                else { continue }
                transition.notifications = readNotifications(
                    transitionValue, at: transitionPath, templates: templates, hasSubject: subjectField != nil,
                    hasOrganisation: organisationField != nil || credential?.organisationField != nil, reader: &reader)
                if transitions.contains(where: { $0.action == transition.action }) {
                    reader.report(
                        .formType, "Action \(VisibleText.quoted(transition.action)) leaves this state twice.",
                        at: "\(transitionPath).action")
                }
                transitions.append(transition)
            }
            if terminal && !transitions.isEmpty {
                reader.report(.formType, "A terminal state has no transitions.", at: "\(path).transitions")
            }
            if !terminal && transitions.isEmpty && state["transitions"] != nil {
                reader.report(
                    .formType,
                    "A state that is not terminal needs at least one transition; mark it \"terminal\": true otherwise.",
                    at: "\(path).transitions")
            }
            if let stateID, let label {
                states.append(WorkflowState(id: stateID, label: label, isTerminal: terminal, transitions: transitions))
            }
        }
        if stateValues.isEmpty && object["states"] != nil {
            reader.report(.formType, "A workflow needs at least one state.", at: "states")
        }
        if let initial, !stateIDs.contains(initial) {
            reader.report(
                .formType, "The initial state \(VisibleText.quoted(initial)) is not one of the states.", at: "initial")
        }
        if let detailsFrom = credential?.detailsFrom {
            let evidence = states.flatMap(\.transitions).first { $0.action == detailsFrom }
            if evidence?.evidenceForm == nil {
                reader.report(
                    .formType,
                    "credential.detailsFrom names \(VisibleText.quoted(detailsFrom)), which is not an action recording evidence.",
                    at: "credential.detailsFrom")
            }
        }
        guard reader.issues.count == before, let id, let title, let formID, let initial, let submitPermission else {
            return nil
        }
        return WorkflowDefinition(
            id: id, title: title, about: about, form: formID, submitPermission: submitPermission, initial: initial,
            states: states, organisationField: organisationField, subjectField: subjectField, credential: credential,
            requesterField: requesterField, account: account, caller: caller)
    }

    /// A form a request or its evidence can be entered on: defined, and without A1's range table.
    private static func requestForm(_ id: String, forms: [FormDefinition], at path: String, reader: inout JSONReader)
        -> FormDefinition?
    {
        guard let form = forms.first(where: { $0.id == id }) else {
            reader.report(.formType, "Form \(VisibleText.quoted(id)) is not defined in the forms folder.", at: path)
            return nil
        }
        if form.fields.contains(where: { $0.type == .userRoleRanges }) {
            reader.report(
                .formType, "Form \(form.id) holds a User Role range table, which only A1 submissions take.", at: path)
            return nil
        }
        return form
    }

    private static func permission(_ value: JSONValue?, at path: String, reader: inout JSONReader) -> OperatorAction? {
        guard let name = reader.string(value, at: path) else { return nil }
        guard let action = OperatorAction(rawValue: name) else {
            let known = OperatorAction.allCases.map(\.rawValue).joined(separator: ", ")
            reader.report(
                .formType, "\(VisibleText.quoted(name)) is not an action ratui knows; use \(known).", at: path)
            return nil
        }
        return action
    }

    private static func readCredential(_ value: JSONValue?, form: FormDefinition?, reader: inout JSONReader)
        -> CredentialMapping?
    {
        let keys: Set<String> = [
            "kind", "organisationField", "holderNameField", "holderBirthDateField", "scopesField", "detailsFrom",
            "renewsField",
        ]
        guard let object = reader.object(value, at: "credential", allowed: keys) else { return nil }
        let before = reader.issues.count
        let kind = reader.string(reader.required(object, "kind", at: "credential"), at: "credential.kind")
        if let kind, !SiteRules.isIdentifier(kind) {
            reader.report(
                .formType, "Credential kind \(VisibleText.quoted(kind)) must be lower-case letters, digits and '-'.",
                at: "credential.kind")
        }
        func field(_ key: String, required: Bool, _ accepts: (FieldDefinition) -> Bool, _ what: String) -> String? {
            let path = "credential.\(key)"
            guard
                let name = reader.string(
                    required ? reader.required(object, key, at: "credential") : object[key], at: path)
            else { return nil }
            if let form, !(form.field(name).map(accepts) ?? false) {
                reader.report(
                    .formType, "\(VisibleText.quoted(name)) is not a field of form \(form.id) that is \(what).",
                    at: path)
            }
            return name
        }
        let organisation = field(
            "organisationField", required: false, { $0.type == .reference && $0.references == .organisation },
            "a reference to an organisation")
        let name = field("holderNameField", required: true, { $0.type == .text }, "text")
        let birthDate = field("holderBirthDateField", required: false, { $0.type == .date }, "a date")
        let scopes = field("scopesField", required: false, { $0.type == .multiChoice }, "a multi-choice")
        let detailsFrom = reader.string(object["detailsFrom"], at: "credential.detailsFrom")
        let renews = field(
            "renewsField", required: false, { $0.type == .reference && $0.references == .credential },
            "a reference to a credential")
        guard reader.issues.count == before, let kind, let name else { return nil }
        return CredentialMapping(
            kind: kind, organisationField: organisation, holderNameField: name, holderBirthDateField: birthDate,
            scopesField: scopes, detailsFrom: detailsFrom, renewsField: renews)
    }

    private static func readAccount(_ value: JSONValue?, form: FormDefinition?, reader: inout JSONReader)
        -> AccountMapping?
    {
        guard
            let object = reader.object(
                value, at: "operatorAccount", allowed: ["nameField", "rolesField", "emailField"])
        else {
            return nil
        }
        let before = reader.issues.count
        func field(_ key: String, _ type: FieldDefinition.FieldType, _ what: String, required: Bool = true) -> String? {
            let path = "operatorAccount.\(key)"
            let value = required ? reader.required(object, key, at: "operatorAccount") : object[key]
            guard let name = reader.string(value, at: path) else { return nil }
            if let form, form.field(name)?.type != type {
                reader.report(
                    .formType, "\(VisibleText.quoted(name)) is not a field of form \(form.id) that is \(what).",
                    at: path)
            }
            return name
        }
        let name = field("nameField", .text, "text")
        let roles = field("rolesField", .multiChoice, "a multi-choice")
        let email = field("emailField", .text, "text", required: false)
        guard reader.issues.count == before, let name, let roles else { return nil }
        return AccountMapping(nameField: name, rolesField: roles, emailField: email)
    }

    private static func readCaller(
        _ value: JSONValue?, form: FormDefinition?, forms: [FormDefinition], reader: inout JSONReader
    ) -> CallerMapping? {
        guard let object = reader.object(value, at: "caller", allowed: ["credentialField", "credentialKind", "fields"])
        else { return nil }
        let before = reader.issues.count
        let credentialField = reader.string(
            reader.required(object, "credentialField", at: "caller"), at: "caller.credentialField")
        if let credentialField, let form,
            form.field(credentialField)?.type != .reference || form.field(credentialField)?.references != .credential
        {
            reader.report(
                .formType,
                "\(VisibleText.quoted(credentialField)) is not a field of form \(form.id) that references a credential.",
                at: "caller.credentialField")
        }
        let kind = reader.string(reader.required(object, "credentialKind", at: "caller"), at: "caller.credentialKind")
        var pairs: [(String, String)] = []
        if let fields = reader.object(
            reader.required(object, "fields", at: "caller"), at: "caller.fields", allowed: nil)
        {
            for (mine, theirs) in fields.sorted(by: { $0.key < $1.key }) {
                guard let theirs = reader.string(theirs, at: "caller.fields.\(mine)") else { continue }
                if let form, form.field(mine) == nil {
                    reader.report(
                        .formType, "\(VisibleText.quoted(mine)) is not a field of form \(form.id).",
                        at: "caller.fields.\(mine)")
                }
                if !forms.contains(where: { $0.field(theirs) != nil }) {
                    reader.report(
                        .formType, "\(VisibleText.quoted(theirs)) is not a field of any form.",
                        at: "caller.fields.\(mine)")
                }
                pairs.append((mine, theirs))
            }
            if fields.isEmpty {
                reader.report(.formType, "The caller check compares at least one field.", at: "caller.fields")
            }
        }
        guard reader.issues.count == before, let credentialField, let kind else { return nil }
        let order = form?.fields.map(\.id) ?? []
        pairs.sort { (order.firstIndex(of: $0.0) ?? .max) < (order.firstIndex(of: $1.0) ?? .max) }
        return CallerMapping(credentialField: credentialField, credentialKind: kind, fields: pairs)
    }

    private static func readTransition(
        _ value: JSONValue, at path: String, states: [String], actions: Set<String>, forms: [FormDefinition],
        rules: SiteRules,
        credential: CredentialMapping?, account: AccountMapping?, caller: CallerMapping?, organisationField: String?,
        reader: inout JSONReader
    ) -> WorkflowTransition? {
        let keys: Set<String> = [
            "action", "label", "to", "kind", "permission", "evidence", "checks", "notBy", "automatic", "effect",
            "reason", "notify",
        ]
        guard let object = reader.object(value, at: path, allowed: keys) else { return nil }
        let before = reader.issues.count
        let action = reader.string(reader.required(object, "action", at: path), at: "\(path).action")
        let label = reader.string(reader.required(object, "label", at: path), at: "\(path).label")
        let to = reader.string(reader.required(object, "to", at: path), at: "\(path).to")
        let kindName = reader.string(reader.required(object, "kind", at: path), at: "\(path).kind")
        let permission = permission(
            reader.required(object, "permission", at: path), at: "\(path).permission", reader: &reader)
        let evidence = reader.string(object["evidence"], at: "\(path).evidence")
        let automatic = reader.bool(object["automatic"], at: "\(path).automatic") ?? false
        let needsReason = reader.bool(object["reason"], at: "\(path).reason") ?? false
        if let action {
            if !SiteRules.isIdentifier(action) {
                reader.report(
                    .formType, "Action \(VisibleText.quoted(action)) must be lower-case letters, digits and '-'.",
                    at: "\(path).action")
            } else if action == WorkflowTransition.submitAction {
                reader.report(
                    .formType, "\"submit\" names entering the request; choose another action id.", at: "\(path).action")
            }
        }
        if let to, !states.contains(to) {
            reader.report(.formType, "\(VisibleText.quoted(to)) is not one of the workflow's states.", at: "\(path).to")
        }
        let kind = kindName.flatMap(WorkflowTransition.Kind.init(rawValue:))
        if let kindName, kind == nil {
            let known = WorkflowTransition.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            reader.report(
                .formType, "Transition kind \(VisibleText.quoted(kindName)) is not one of \(known).", at: "\(path).kind"
            )
        }
        if let evidence {
            _ = requestForm(evidence, forms: forms, at: "\(path).evidence", reader: &reader)
        }
        var checks: [WorkflowCheck] = []
        for (index, item) in (reader.array(object["checks"], at: "\(path).checks") ?? []).enumerated() {
            guard let name = reader.string(item, at: "\(path).checks[\(index)]") else { continue }
            guard let check = WorkflowCheck(rawValue: name) else {
                let known = WorkflowCheck.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(
                    .formType, "\(VisibleText.quoted(name)) is not a check ratui knows; use \(known).",
                    at: "\(path).checks[\(index)]")
                continue
            }
            if check.needsCredential && credential == nil {
                reader.report(
                    .formType, "The check \(name) needs the workflow's credential section.",
                    at: "\(path).checks[\(index)]")
            }
            if check == .credentialCallerMatches && caller == nil {
                reader.report(
                    .formType, "The check \(name) needs the workflow's caller section.", at: "\(path).checks[\(index)]")
            }
            if check.needsAccount && account == nil {
                reader.report(
                    .formType, "The check \(name) needs the workflow's operatorAccount section.",
                    at: "\(path).checks[\(index)]")
            }
            if check.needsOrganisation && organisationField == nil && credential?.organisationField == nil {
                reader.report(
                    .formType, "The check \(name) needs the workflow's organisationField.",
                    at: "\(path).checks[\(index)]")
            }
            checks.append(check)
        }
        var notBy: [String] = []
        for (index, item) in (reader.array(object["notBy"], at: "\(path).notBy") ?? []).enumerated() {
            guard let name = reader.string(item, at: "\(path).notBy[\(index)]") else { continue }
            if name != WorkflowTransition.submitAction && !actions.contains(name) {
                reader.report(
                    .formType, "\(VisibleText.quoted(name)) is neither \"submit\" nor an action of this workflow.",
                    at: "\(path).notBy[\(index)]")
            }
            notBy.append(name)
        }
        var effect: WorkflowEffect?
        if let name = reader.string(object["effect"], at: "\(path).effect") {
            effect = WorkflowEffect(rawValue: name)
            if effect == nil {
                let known = WorkflowEffect.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(
                    .formType, "\(VisibleText.quoted(name)) is not an effect ratui knows; use \(known).",
                    at: "\(path).effect")
            } else if effect == .credentialCreate && credential?.organisationField == nil {
                reader.report(
                    .formType,
                    "The effect credential.create needs the workflow's credential section with its organisationField.",
                    at: "\(path).effect")
            } else if effect == .operatorCreate && account == nil {
                reader.report(
                    .formType, "The effect operator.create needs the workflow's operatorAccount section.",
                    at: "\(path).effect")
            }
        }
        if needsReason && rules.requestReasons.isEmpty {
            reader.report(
                .formType, "This transition needs a reason code, but the rules file lists no requestReasons.",
                at: "\(path).reason")
        }
        if automatic {
            if evidence != nil || needsReason {
                reader.report(
                    .formType,
                    "An automatic transition records no evidence and no reason: nobody is there to give them.",
                    at: "\(path).automatic")
            }
            if kind == .approval || kind == .verification {
                reader.report(
                    .formType, "An \(kind!.rawValue) is a person's decision; it cannot be automatic.",
                    at: "\(path).automatic")
            }
        }
        guard reader.issues.count == before, let action, let label, let to, let kind, let permission else { return nil }
        return WorkflowTransition(
            action: action, label: label, to: to, kind: kind, permission: permission, evidenceForm: evidence,
            checks: checks,
            notBy: notBy, isAutomatic: automatic, effect: effect, needsReason: needsReason)
    }

    /// A transition's `notify` list: each a known recipient the workflow can find and a
    /// template the policy holds.
    private static func readNotifications(
        _ value: JSONValue, at path: String, templates: Set<String>, hasSubject: Bool, hasOrganisation: Bool,
        reader: inout JSONReader
    ) -> [WorkflowNotification] {
        guard case .object(let object) = value, let list = object["notify"] else { return [] }
        var notifications: [WorkflowNotification] = []
        for (index, item) in (reader.array(list, at: "\(path).notify") ?? []).enumerated() {
            let itemPath = "\(path).notify[\(index)]"
            guard let entry = reader.object(item, at: itemPath, allowed: ["recipient", "template"]) else { continue }
            let name = reader.string(reader.required(entry, "recipient", at: itemPath), at: "\(itemPath).recipient")
            let template = reader.string(reader.required(entry, "template", at: itemPath), at: "\(itemPath).template")
            var recipient: NotificationRecipient?
            if let name {
                recipient = NotificationRecipient(rawValue: name)
                if recipient == nil {
                    let known = NotificationRecipient.allCases.map(\.rawValue).joined(separator: ", ")
                    reader.report(
                        .notificationRecipient,
                        "\(VisibleText.quoted(name)) is not a recipient ratui knows; use \(known).",
                        at: "\(itemPath).recipient")
                } else if recipient == .subject && !hasSubject {
                    reader.report(
                        .notificationRecipient, "The recipient subject needs the workflow's subjectField.",
                        at: "\(itemPath).recipient")
                } else if recipient == .organisationAROs && !hasOrganisation {
                    reader.report(
                        .notificationRecipient,
                        "The recipient organisation-aros needs the workflow's organisationField.",
                        at: "\(itemPath).recipient")
                }
            }
            if let template, !templates.contains(template) {
                reader.report(
                    .notificationTemplate,
                    "\(VisibleText.quoted(template)) is not a template of the policy (templates/\(VisibleText.escaped(template)).json).",
                    at: "\(itemPath).template")
            }
            if let recipient, let template {
                let notification = WorkflowNotification(recipient: recipient, template: template)
                if notifications.contains(notification) {
                    reader.report(.formType, "This notification is listed twice.", at: itemPath)
                }
                notifications.append(notification)
            }
        }
        return notifications
    }
}
