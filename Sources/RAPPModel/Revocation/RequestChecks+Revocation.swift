import GRDB

extension IssueCode {
    /// The requester may not ask for this revocation under RAPP 8.3.3 (the rules file's list).
    public static let revocationNotEntitled: IssueCode = "revocation.not-entitled"
    /// The requester is entitled: the step that refuses unentitled requests does not apply.
    public static let revocationEntitled: IssueCode = "revocation.entitled"
    /// The credential an organisation revocation names is not that organisation's, or not in use.
    public static let revocationCredential: IssueCode = "revocation.credential"
}

/// The revocation checks: entitlement under RAPP 8.3.3 (`revocation.entitled`), and that an
/// organisation revocation names one of the organisation's credentials.
extension RequestChecks {
    /// Why the requester may not ask for this revocation; empty when they may.
    ///
    /// The subject is judged by the first of `subjectRoles` they hold now; the capacity claimed
    /// must list it in `mayAskAbout`. A request filed in ratui by its requester (an arrival with
    /// `signedIn`) must be backed by the submitter's account: the capacity's operator role held
    /// now, or, for the holder, being the subject. One recorded as received another way is a
    /// claim, which the verification step that follows checks.
    func entitlementProblems() throws -> [ValidationIssue] {
        func refuse(_ message: String, field: String? = nil) -> [ValidationIssue] {
            [
                ValidationIssue(
                    .revocationNotEntitled, message, field: field.map { FormValidator.fieldsPath.appending(key: $0) },
                    isSiteRule: true)
            ]
        }
        guard let revocation = rules.revocation, let request else {
            return refuse("The rules file has no revocation section: nobody is entitled to ask.")
        }
        let operators = OperatorStore(db: db, rules: rules)
        guard let subject = request.subjectOperatorID, let subjectName = try operators.record(id: subject)?.name else {
            return refuse(
                "The request names no operator whose credentials are to be revoked.", field: workflow.subjectField)
        }
        let subjectRoles = try operators.roles(of: subject)
        guard let subjectRole = revocation.subjectRoles.first(where: subjectRoles.contains) else {
            let roles = revocation.subjectRoles.joined(separator: ", ")
            return refuse(
                "\(VisibleText.quoted(subjectName)) holds none of the roles whose credentials this form revokes (\(roles)).",
                field: workflow.subjectField)
        }
        guard case .string(let capacityID)? = fields[RevocationRules.Field.capacity],
            let capacity = revocation.capacity(capacityID)
        else {
            return refuse("The request names no capacity the rules file lists.", field: RevocationRules.Field.capacity)
        }
        guard capacity.mayAskAbout.contains(subjectRole) else {
            return refuse(
                "\(capacity.name) is not entitled to ask for the revocation of an \(rules.operatorRoleName(subjectRole))'s credentials under RAPP 8.3.3.",
                field: RevocationRules.Field.capacity)
        }
        let requester = RequestEngine.id(workflow.requesterField.flatMap { fields[$0] })
        if capacity.isHolder, let requester, requester != subject {
            return refuse(
                "The request is in the holder's capacity, but its requester is not \(VisibleText.quoted(subjectName)).",
                field: RevocationRules.Field.capacity)
        }
        guard case .string(let arrivalID)? = fields[RevocationRules.Field.arrival],
            let arrival = revocation.arrival(arrivalID)
        else {
            return refuse(
                "The request names no way of arrival the rules file lists.", field: RevocationRules.Field.arrival)
        }
        let submitterRoles = try operators.roles(of: request.submittedByID)
        guard arrival.isSignedIn else {
            if !arrival.recordedBy.isEmpty && Set(submitterRoles).isDisjoint(with: arrival.recordedBy) {
                let roles = arrival.recordedBy.map(rules.operatorRoleName).joined(separator: " or ")
                return refuse(
                    "A request received by \(arrival.name.lowercased()) is recorded by \(roles), not by \(VisibleText.quoted(request.submittedBy)).",
                    field: RevocationRules.Field.arrival)
            }
            return []
        }
        // Filed in ratui: the submitter is the requester, and their account backs the capacity.
        if let requester, requester != request.submittedByID {
            return refuse(
                "A request filed in ratui is the submitter's own: its requester must be \(VisibleText.quoted(request.submittedBy)).",
                field: workflow.requesterField)
        }
        if capacity.isHolder && request.submittedByID != subject {
            return refuse(
                "\(VisibleText.quoted(request.submittedBy)) filed in the holder's capacity but is not \(VisibleText.quoted(subjectName)).",
                field: RevocationRules.Field.capacity)
        }
        if let role = capacity.operatorRole, !submitterRoles.contains(role) {
            return refuse(
                "\(VisibleText.quoted(request.submittedBy)) filed as \(capacity.name) but does not hold the \(rules.operatorRoleName(role)) role.",
                field: RevocationRules.Field.capacity)
        }
        return []
    }

    /// Why the credential an organisation revocation names does not qualify; empty when it does
    /// or when the request revokes all of the organisation's credentials.
    func credentialOfOrganisationProblems() throws -> [ValidationIssue] {
        guard case .string(let target)? = fields[RevocationRules.Field.target],
            target != RevocationRules.Option.organisation
        else {
            return []
        }
        let path = FormValidator.fieldsPath.appending(key: RevocationRules.Field.credential)
        guard let id = RequestEngine.id(fields[RevocationRules.Field.credential]) else {
            return [
                ValidationIssue(
                    .revocationCredential, "Name the credential to revoke (or revoke all of the organisation's).",
                    field: path)
            ]
        }
        let credentials = CredentialStore(db: db)
        guard let organisation, try credentials.organisation(of: id) == organisation else {
            return [
                ValidationIssue(
                    .revocationCredential, "Credential \(id) was not issued for this organisation.", field: path)
            ]
        }
        guard try credentials.isInUse(id) || target == RevocationRules.Option.holder else {
            return [
                ValidationIssue(
                    .revocationCredential, "Credential \(id) is not in use: there is nothing to revoke.", field: path)
            ]
        }
        return []
    }
}
