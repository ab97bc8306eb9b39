import GRDB

/// The notifications a step writes to the outbox, in the step's transaction.
extension RequestEngine {
    /// Writes the notifications `transition` declares, rendered from the policy's templates with
    /// the request as it stands after the step; returns their ids and audited states (recorded in
    /// the step's event). A refused step throws before this runs, so it writes none.
    func writeNotifications(
        _ transition: WorkflowTransition, in request: Request, workflow: WorkflowDefinition, step: Int64,
        reason: String?
    ) throws -> (ids: [Int64], states: [String: JSONValue]) {
        guard !transition.notifications.isEmpty else { return ([], [:]) }
        let store = NotificationStore(db: db)
        let organisationID =
            request.organisationID
            ?? workflow.credential?.organisationField.flatMap { Self.id(request.allFields[$0]) }
        let organisation = try organisationID.flatMap { try OrganisationStore(db: db).current($0) }
        var values: [String: String] = [
            "request.id": String(request.id), "request.kind": workflow.id, "request.title": workflow.title,
            "request.submitted": request.submittedAt, "step.action": transition.action, "step.label": transition.label,
            "step.state": transition.to, "step.stateLabel": workflow.state(transition.to)?.label ?? transition.to,
            "step.date": String(time.prefix(10)), "step.time": String(time.dropFirst(11).prefix(5)),
            "step.operator": session.name,
            "step.reason": reason ?? "-", "step.reasonLabel": reason.flatMap { rules.requestReason($0)?.name } ?? "-",
            "organisation.id": organisationID.map(String.init) ?? "-", "organisation.name": organisation?.name ?? "-",
        ]
        var ids: [Int64] = []
        var states: [String: JSONValue] = [:]
        for notification in transition.notifications {
            // Loading checked that every template a workflow names exists.
            guard let template = policy.template(notification.template) else { continue }
            values["recipient"] = notification.recipient.rawValue
            let (recipient, address) = try self.recipient(
                notification.recipient, request: request, workflow: workflow, organisationID: organisationID,
                organisation: organisation)
            let (subject, text) = template.render(values)
            let id = try store.insert(
                request: request.id, step: step, action: transition.action, template: template.id,
                recipientKind: notification.recipient, recipient: recipient, address: address, subject: subject,
                text: text, at: time)
            ids.append(id)
            states[NotificationStore.record(id)] = try store.state(of: id) ?? .null
        }
        return (ids, states)
    }

    /// Who a notification is for, in words, and their address when the registry or the rules
    /// file knows one (nil: delivery by hand).
    ///
    /// A requester or subject operator is reached at their contact address as it is when the
    /// step writes the row (`operator email`), by hand when they have none; the RA Manager's and PMA's mailboxes come from the rules file;
    /// an organisation's AROs are reached through the contact e-mail of its A1 form in force
    /// (their own addresses are evidence of their nominations and never used).
    private func recipient(
        _ kind: NotificationRecipient, request: Request, workflow: WorkflowDefinition, organisationID: Int64?,
        organisation: OrganisationVersion?
    ) throws -> (String, String?) {
        switch kind {
        case .requester:
            let id: Int64? =
                workflow.requesterField != nil
                ? workflow.requesterField.flatMap { Self.id(request.allFields[$0]) } : request.submittedByID
            guard let id else { return ("the requester (no ratui account)", nil) }
            return try operatorRecipient(id)
        case .subject:
            guard let id = request.subjectOperatorID else { return ("the subject (none named)", nil) }
            return try operatorRecipient(id)
        case .raManager:
            return ("the SMKI RA Manager", rules.notifications.raManager)
        case .pma:
            return ("the SMKI PMA", rules.notifications.pma)
        case .organisationAROs:
            guard let organisationID else { return ("the organisation's AROs (no organisation named)", nil) }
            let name = NotificationTemplate.clean(organisation?.name ?? "-")
            let contact = organisation?.form.fields["contactEmail"].map { $0.trimmingWhiteSpace() }
            return (
                "the AROs of organisation \(organisationID) (\(name))",
                contact.flatMap { EmailAddress.isValid($0) ? $0 : nil }
            )
        }
    }

    /// An operator as a recipient: their name, and their contact address when it is a plain
    /// one (an address written behind ratui's back that is not is never put in a header).
    private func operatorRecipient(_ id: Int64) throws -> (String, String?) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT name, email FROM operator WHERE id = ?"), arguments: [id])
        let name: String? = row?["name"]
        let email: String? = row?["email"]
        return (
            "operator \(name.map(NotificationTemplate.clean) ?? String(id))",
            email.flatMap { EmailAddress.isValid($0) ? $0 : nil }
        )
    }
}
