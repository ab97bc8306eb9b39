/// Who may ask for an RA person's credentials to be revoked (RAPP 8.3.3), on which grounds, how a
/// request may arrive, who decides about an RA Manager, and what recovery needs: the rules file's
/// `revocation` section.
///
/// 8.3.3 names any SMKI PMA Member [seed]; the RA Manager (for RA Personnel) and the holder are
/// [assumed], so the whole list is data an RA corrects for its SEC version. Optional in the file,
/// so a policy stored before revocation existed still loads (its registry then has no A7).
public struct RevocationRules: Hashable, Sendable {
    /// A capacity a requester may claim, and whose credentials it entitles them to ask about.
    public struct Capacity: Hashable, Sendable {
        public let id: String
        public let name: String
        /// The subjects' RA roles (`subjectRoles`) this capacity may ask about; empty for a
        /// capacity listed so that requests in it are recorded and refused.
        public let mayAskAbout: [String]
        /// The operator role a requester signed in to ratui must hold to ask in this capacity.
        public let operatorRole: String?
        /// The holder asking about their own credentials.
        public let isHolder: Bool
        public let basis: String
    }

    /// How a request reached the RA; `signedIn` when the requester filed it in ratui themselves.
    public struct Arrival: Hashable, Sendable {
        public let id: String
        public let name: String
        public let isSignedIn: Bool
        /// The operator roles that may record a request that arrived this way (RA staff); empty
        /// for anyone who may file.
        public let recordedBy: [String]
    }

    public struct Ground: Hashable, Sendable {
        public let id: String
        public let name: String
    }

    public let capacities: [Capacity]
    /// The operator roles whose holders' credentials A7 revokes, most senior first: a subject is
    /// judged by the first of them they hold.
    public let subjectRoles: [String]
    public let grounds: [Ground]
    public let arrivals: [Arrival]
    /// Subjects holding one of these roles (the RA Manager) …
    public let managerRoles: [String]
    /// … have their revocation decided (an approval) and carried out (an effect) only by someone
    /// holding one of these: a different RA Manager, or the site's alternative.
    public let managerDecidedBy: [String]
    /// … or, when no enabled operator but the subject holds one of `managerDecidedBy`, by
    /// someone holding one of these (the site's alternative); empty for none.
    public let managerOtherwiseDecidedBy: [String]
    /// How many other operators must sign in to create a new ra-manager in recovery (at least 2).
    public let recoverySignIns: Int
    /// At least one of them must hold one of these roles (a PMA member).
    public let recoveryOneOf: [String]

    public func capacity(_ id: String) -> Capacity? { capacities.first { $0.id == id } }
    public func arrival(_ id: String) -> Arrival? { arrivals.first { $0.id == id } }

    /// The fields of a request form that the revocation checks and effects read, by fixed id.
    public enum Field {
        public static let capacity = "requesterCapacity"
        public static let arrival = "arrival"
        public static let grounds = "grounds"
        /// Multi-choice: `operator-account` and/or `recorded-credentials`.
        public static let credentials = "credentials"
        /// Choice: `credential` (one), `holder` (every credential of its holder), `organisation` (all).
        public static let target = "target"
        public static let credential = "credential"
    }

    /// The options of the A7 `credentials` field: the subject's ratui account, and the
    /// credentials recorded for them in ratui.
    public static let credentialsOptions = [Option.operatorAccount, Option.recordedCredentials]
    /// The options of an organisation revocation's `target` field.
    public static let targetOptions = [Option.credential, Option.holder, Option.organisation]

    /// The option ids the revoke effects and checks act on, named once: the policy's A7 and
    /// organisation revocation forms are checked at load to offer exactly these.
    public enum Option {
        public static let operatorAccount = "operator-account"
        public static let recordedCredentials = "recorded-credentials"
        public static let credential = "credential"
        public static let holder = "holder"
        public static let organisation = "organisation"
    }
}

extension RevocationRules {
    static let allowedKeys: Set<String> = [
        "about", "capacities", "subjectRoles", "grounds", "arrivals", "managerRevocation", "recovery",
    ]

    /// Reads the optional `revocation` section, checking its roles against `operatorRoles`.
    static func read(_ value: JSONValue?, operatorRoles: [String], reader: inout JSONReader) -> RevocationRules? {
        guard let value, let object = reader.object(value, at: "revocation", allowed: allowedKeys) else { return nil }
        let before = reader.issues.count
        _ = reader.string(object["about"], at: "revocation.about")
        func roles(_ value: JSONValue?, at path: String) -> [String] {
            let names = (reader.array(value, at: path) ?? []).enumerated().compactMap {
                reader.string($1, at: "\(path)[\($0)]")
            }
            for name in names where !operatorRoles.contains(name) {
                reader.report(.formType, "\(VisibleText.quoted(name)) is not one of operatorRoles.", at: path)
            }
            return names
        }
        func ids<T>(_ key: String, allowed: Set<String>, _ make: ([String: JSONValue], String, String, String) -> T?)
            -> [T]
        {
            var seen: Set<String> = []
            var items: [T] = []
            for (index, item)
                in (reader.array(reader.required(object, key, at: "revocation"), at: "revocation.\(key)") ?? [])
                .enumerated()
            {
                let path = "revocation.\(key)[\(index)]"
                guard let entry = reader.object(item, at: path, allowed: allowed),
                    let id = reader.string(reader.required(entry, "id", at: path), at: "\(path).id"),
                    let name = reader.string(reader.required(entry, "name", at: path), at: "\(path).name")
                else { continue }
                if !SiteRules.isIdentifier(id) || !seen.insert(id).inserted {
                    reader.report(
                        .formType, "\(VisibleText.quoted(id)) must be lower-case letters, digits and '-', listed once.",
                        at: "\(path).id")
                }
                if let made = make(entry, id, name, path) { items.append(made) }
            }
            return items
        }
        let subjectRoles = roles(
            reader.required(object, "subjectRoles", at: "revocation"), at: "revocation.subjectRoles")
        let capacities: [Capacity] = ids(
            "capacities", allowed: ["id", "name", "mayAskAbout", "operatorRole", "holder", "basis"]
        ) { entry, id, name, path in
            let about = roles(reader.required(entry, "mayAskAbout", at: path), at: "\(path).mayAskAbout")
            for role in about where !subjectRoles.contains(role) {
                reader.report(
                    .formType, "\(VisibleText.quoted(role)) is not one of revocation.subjectRoles.",
                    at: "\(path).mayAskAbout")
            }
            let role = reader.string(entry["operatorRole"], at: "\(path).operatorRole")
            if let role, !operatorRoles.contains(role) {
                reader.report(
                    .formType, "\(VisibleText.quoted(role)) is not one of operatorRoles.", at: "\(path).operatorRole")
            }
            let holder = reader.bool(entry["holder"], at: "\(path).holder") ?? false
            if holder && role != nil {
                reader.report(.formType, "A capacity is either the holder's or an operator role's, not both.", at: path)
            }
            let basis = reader.string(reader.required(entry, "basis", at: path), at: "\(path).basis") ?? ""
            return Capacity(id: id, name: name, mayAskAbout: about, operatorRole: role, isHolder: holder, basis: basis)
        }
        let grounds: [Ground] = ids("grounds", allowed: ["id", "name"]) { _, id, name, _ in Ground(id: id, name: name) }
        let arrivals: [Arrival] = ids("arrivals", allowed: ["id", "name", "signedIn", "recordedBy"]) {
            entry, id, name, path in
            Arrival(
                id: id, name: name, isSignedIn: reader.bool(entry["signedIn"], at: "\(path).signedIn") ?? false,
                recordedBy: entry["recordedBy"].map { roles($0, at: "\(path).recordedBy") } ?? [])
        }
        var managerRoles: [String] = []
        var decidedBy: [String] = []
        var otherwise: [String] = []
        if let manager = reader.object(
            reader.required(object, "managerRevocation", at: "revocation"), at: "revocation.managerRevocation",
            allowed: ["about", "subjectRoles", "decidedBy", "otherwiseDecidedBy"])
        {
            otherwise = roles(manager["otherwiseDecidedBy"], at: "revocation.managerRevocation.otherwiseDecidedBy")
            _ = reader.string(manager["about"], at: "revocation.managerRevocation.about")
            managerRoles = roles(
                reader.required(manager, "subjectRoles", at: "revocation.managerRevocation"),
                at: "revocation.managerRevocation.subjectRoles")
            decidedBy = roles(
                reader.required(manager, "decidedBy", at: "revocation.managerRevocation"),
                at: "revocation.managerRevocation.decidedBy")
            if decidedBy.isEmpty {
                reader.report(
                    .formType, "Name at least one role that decides an RA Manager's revocation.",
                    at: "revocation.managerRevocation.decidedBy")
            }
        }
        var signIns = 2
        var oneOf: [String] = []
        if let recovery = reader.object(
            reader.required(object, "recovery", at: "revocation"), at: "revocation.recovery",
            allowed: ["about", "signIns", "oneOf"])
        {
            _ = reader.string(recovery["about"], at: "revocation.recovery.about")
            // Fewer than two would let one person make themselves a manager.
            signIns =
                reader.integer(
                    reader.required(recovery, "signIns", at: "revocation.recovery"), at: "revocation.recovery.signIns",
                    in: 2...10) ?? 2
            oneOf = roles(
                reader.required(recovery, "oneOf", at: "revocation.recovery"), at: "revocation.recovery.oneOf")
        }
        if !arrivals.contains(where: \.isSignedIn) && reader.issues.count == before {
            reader.report(
                .formType, "List the arrival of a request filed in ratui itself (\"signedIn\": true).",
                at: "revocation.arrivals")
        }
        guard reader.issues.count == before else { return nil }
        return RevocationRules(
            capacities: capacities, subjectRoles: subjectRoles, grounds: grounds, arrivals: arrivals,
            managerRoles: managerRoles,
            managerDecidedBy: decidedBy, managerOtherwiseDecidedBy: otherwise, recoverySignIns: signIns,
            recoveryOneOf: oneOf)
    }

    /// The problems with a workflow that uses the revocation checks or effects: they read fixed
    /// fields of its form, whose options must be exactly the rules' lists, so the form and the
    /// rules cannot drift apart.
    static func problems(in workflow: WorkflowDefinition, forms: [FormDefinition], rules: SiteRules) -> [String] {
        let checks = Set(workflow.transitions.flatMap(\.transition.checks))
        let effects = Set(workflow.transitions.compactMap(\.transition.effect))
        let usesPerson = workflow.revokesOperator
        let usesCredentials =
            checks.contains(.revocationCredentialOfOrganisation) || effects.contains(.credentialsRevoke)
        guard usesPerson || usesCredentials else { return [] }
        guard let form = forms.first(where: { $0.id == workflow.form }) else { return [] }
        var problems: [String] = []
        func expect(_ field: String, _ type: FieldDefinition.FieldType, options: [String]?) {
            guard let definition = form.field(field), definition.type == type else {
                problems.append(
                    "workflow \(workflow.id): form \(form.id) needs a \(type.rawValue) field \(field) for the revocation checks and effects"
                )
                return
            }
            if let options, definition.options.map(\.id) != options {
                problems.append(
                    "workflow \(workflow.id): the options of form \(form.id)'s field \(field) must be \(options.joined(separator: ", ")), in that order (the rules file's revocation section)"
                )
            }
        }
        if usesPerson {
            guard let revocation = rules.revocation else {
                return [
                    "workflow \(workflow.id): the revocation checks and effects need the rules file's revocation section"
                ]
            }
            if workflow.subjectField == nil {
                problems.append("workflow \(workflow.id): the revocation of an RA person needs subjectField")
            }
            expect(Field.capacity, .choice, options: revocation.capacities.map(\.id))
            expect(Field.arrival, .choice, options: revocation.arrivals.map(\.id))
            expect(Field.grounds, .choice, options: revocation.grounds.map(\.id))
            expect(Field.credentials, .multiChoice, options: credentialsOptions)
        }
        if usesCredentials {
            if workflow.organisationField == nil {
                problems.append(
                    "workflow \(workflow.id): revoking an organisation's credentials needs organisationField")
            }
            expect(Field.target, .choice, options: targetOptions)
            if form.field(Field.credential)?.references != .credential {
                problems.append(
                    "workflow \(workflow.id): form \(form.id) needs a reference field credential (to a credential)")
            }
        }
        return problems
    }
}

extension WorkflowDefinition {
    /// Whether the workflow revokes an RA person's credentials (it uses the entitlement checks or
    /// the `operator.revoke` effect): its `subjectField` then names one of
    /// `Registry.revocationSubjects`, which a front end offers by name.
    public var revokesOperator: Bool {
        let personChecks: Set<WorkflowCheck> = [.revocationEntitled, .revocationNotEntitled]
        return transitions.contains { entry in
            entry.transition.effect == .operatorRevoke || !personChecks.isDisjoint(with: entry.transition.checks)
        }
    }
}
