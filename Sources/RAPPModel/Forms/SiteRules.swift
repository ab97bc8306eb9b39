/// The RA's own rules, read from `Forms/rules.json`: User Roles, sharing pairs, the severity of
/// each [assumed] check, and the text formats fields refer to.
///
/// These are kept as data because the domain reference marks them [assumed]: an RA corrects them
/// for its SEC version by editing the file, never the code.
public struct SiteRules: Sendable {
    public let userRoles: [UserRole]
    public let sharingPairs: [SharingPair]
    public let checks: [IssueCode: CheckSetting]
    public let formats: [String: FieldFormat]
    /// The roles an operator can hold, and what each may do; anything not granted is refused.
    public let operatorRoles: [OperatorRole]
    public let permissions: [String: Set<OperatorAction>]
    public let signIn: SignInPolicy
    /// Where ratui anchors the audit trail's head after each change; nil for nowhere.
    public let auditAnchor: AuditAnchor?
    /// The reason codes a request's rejection (or any transition that asks for a reason) may
    /// give. Optional in the file, so a policy stored before requests existed still loads.
    public let requestReasons: [RequestReason]
    /// The Remote Party Role codes an Organisation CSR may carry, and which User Roles may hold
    /// each; empty when the policy predates them (every code is then unknown).
    public let remotePartyRoles: [RemotePartyRole]
    /// Who may ask for an RA person's revocation (RAPP 8.3.3) and how it is decided; nil when
    /// the policy predates revocation.
    public let revocation: RevocationRules?
    /// Which User Roles an organisation needs for a credential scope (`credentialScopes`);
    /// empty when the policy predates them (every scope is then open to every organisation).
    public let credentialScopes: [CredentialScopeRule]
    /// How long credentials and closed requests are kept as they are (`credentials`): dormancy and
    /// retention periods; the defaults when the policy predates them.
    public let credentialLife: CredentialLife
    /// Where notifications come from and the RA Manager's and PMA's mailboxes
    /// (`notifications`); none when the policy predates them.
    public let notifications: NotificationSettings

    /// The checks whose severity a site sets; every rules file must set each of them.
    public static let configurableChecks: [IssueCode] = [
        .eui64GroupBit, .eui64LocalBit, .rangeSpansOUI, .rangeOverlapsOrganisation,
    ]

    /// Checks a rules file may set, added after policies were first stored: a file that leaves
    /// one out (a registry's earlier policy) gets the default here.
    public static let optionalChecks: [IssueCode: CheckSetting] = [
        .rangeOutsideAllocation: .error
    ]

    private let rolesByID: [String: UserRole]

    public init(
        userRoles: [UserRole], sharingPairs: [SharingPair], checks: [IssueCode: CheckSetting],
        formats: [String: FieldFormat],
        operatorRoles: [OperatorRole], permissions: [String: Set<OperatorAction>], signIn: SignInPolicy,
        auditAnchor: AuditAnchor? = nil,
        requestReasons: [RequestReason] = [],
        remotePartyRoles: [RemotePartyRole] = [],
        revocation: RevocationRules? = nil,
        credentialScopes: [CredentialScopeRule] = [],
        credentialLife: CredentialLife = CredentialLife(),
        notifications: NotificationSettings = NotificationSettings()
    ) {
        self.userRoles = userRoles
        self.sharingPairs = sharingPairs
        self.checks = checks
        self.formats = formats
        self.operatorRoles = operatorRoles
        self.permissions = permissions
        self.signIn = signIn
        self.auditAnchor = auditAnchor
        self.requestReasons = requestReasons
        self.remotePartyRoles = remotePartyRoles
        self.revocation = revocation
        self.credentialScopes = credentialScopes
        self.credentialLife = credentialLife
        self.notifications = notifications
        self.rolesByID = Dictionary(userRoles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func role(_ id: String) -> UserRole? { rolesByID[id] }

    /// The role's display name, or its id when the rules no longer list it.
    public func roleName(_ id: String) -> String { rolesByID[id]?.name ?? id }

    /// The Remote Party Role with this code, when the rules list it.
    public func remotePartyRole(code: UInt8) -> RemotePartyRole? {
        remotePartyRoles.first { $0.code == code }
    }

    public func mayShare(_ role: String, _ other: String) -> Bool {
        role != other && sharingPairs.contains { $0.roles == [role, other] }
    }

    public func setting(_ check: IssueCode) -> CheckSetting { checks[check] ?? Self.optionalChecks[check] ?? .error }

    public func requestReason(_ id: String) -> RequestReason? { requestReasons.first { $0.id == id } }

    /// The operator roles whose permissions grant the action, in the order the file lists them.
    public func roles(granting action: OperatorAction) -> [String] {
        operatorRoles.map(\.id).filter { permits(action, roles: [$0]) }
    }

    /// Whether any of the roles grants the action.
    public func permits(_ action: OperatorAction, roles: [String]) -> Bool {
        roles.contains { permissions[$0]?.contains(action) ?? false }
    }

    /// The operator role's display name, or its id when the rules no longer list it.
    public func operatorRoleName(_ id: String) -> String {
        operatorRoles.first { $0.id == id }?.name ?? id
    }
}

extension SiteRules {
    static let allowedKeys: Set<String> = [
        "$schema", "kind", "about", "userRoles", "sharingPairs", "checks", "operatorRoles", "permissions", "signIn",
        "formats",
        "auditAnchor",
        "requestReasons",
        "remotePartyRoles",
        "revocation",
        "credentialScopes",
        "credentials",
        "notifications",
    ]

    /// Reads a rules document, reporting every problem into `reader`.
    static func read(_ object: [String: JSONValue], reader: inout JSONReader) -> SiteRules? {
        var roles: [UserRole] = []
        var seen: Set<String> = []
        for (index, value) in (reader.array(reader.required(object, "userRoles", at: ""), at: "userRoles") ?? [])
            .enumerated()
        {
            let path = "userRoles[\(index)]"
            guard let role = reader.object(value, at: path, allowed: ["id", "name"]) else { continue }
            guard let id = reader.string(reader.required(role, "id", at: path), at: "\(path).id"),
                let name = reader.string(reader.required(role, "name", at: path), at: "\(path).name")
            else { continue }
            if !isIdentifier(id) {
                reader.report(
                    .formType, "Role id \(VisibleText.quoted(id)) must be lower-case letters, digits and '-'.",
                    at: "\(path).id")
            } else if !seen.insert(id).inserted {
                reader.report(.formType, "Role id \(VisibleText.quoted(id)) is listed twice.", at: "\(path).id")
            }
            roles.append(UserRole(id: id, name: name))
        }

        var pairs: [SharingPair] = []
        for (index, value) in (reader.array(reader.required(object, "sharingPairs", at: ""), at: "sharingPairs") ?? [])
            .enumerated()
        {
            let path = "sharingPairs[\(index)]"
            guard let pair = reader.object(value, at: path, allowed: ["roles", "basis"]) else { continue }
            let members = (reader.array(reader.required(pair, "roles", at: path), at: "\(path).roles") ?? [])
                .enumerated().compactMap { reader.string($1, at: "\(path).roles[\($0)]") }
            let basis = reader.string(reader.required(pair, "basis", at: path), at: "\(path).basis") ?? ""
            guard members.count == 2, members[0] != members[1] else {
                reader.report(.formType, "A sharing pair names exactly two different roles.", at: "\(path).roles")
                continue
            }
            for member in members where !seen.contains(member) {
                reader.report(
                    .formType, "Sharing pair names \(VisibleText.quoted(member)), which is not in userRoles.",
                    at: "\(path).roles")
            }
            pairs.append(SharingPair(roles: Set(members), basis: basis))
        }

        var checks: [IssueCode: CheckSetting] = [:]
        let configurable = Set(configurableChecks.map(\.rawValue)).union(optionalChecks.keys.map(\.rawValue))
        if let checkObject = reader.object(
            reader.required(object, "checks", at: ""), at: "checks", allowed: configurable)
        {
            for code in configurableChecks + optionalChecks.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                let path = "checks.\(code)"
                let given =
                    optionalChecks[code] == nil
                    ? reader.required(checkObject, code.rawValue, at: "checks") : checkObject[code.rawValue]
                guard let check = reader.object(given, at: path, allowed: ["severity", "description"]),
                    let severity = reader.string(reader.required(check, "severity", at: path), at: "\(path).severity")
                else { continue }
                guard let setting = CheckSetting(rawValue: severity) else {
                    reader.report(
                        .formType, "Severity must be error, warning or off, not \(VisibleText.quoted(severity)).",
                        at: "\(path).severity")
                    continue
                }
                _ = reader.string(check["description"], at: "\(path).description")
                checks[code] = setting
            }
        }

        var formats: [String: FieldFormat] = [:]
        if let formatObject = reader.object(reader.required(object, "formats", at: ""), at: "formats", allowed: nil) {
            for (id, value) in formatObject.sorted(by: { $0.key < $1.key }) {
                let path = "formats.\(id)"
                guard let format = reader.object(value, at: path, allowed: ["pattern", "example"]),
                    let pattern = reader.string(reader.required(format, "pattern", at: path), at: "\(path).pattern"),
                    let example = reader.string(reader.required(format, "example", at: path), at: "\(path).example")
                else { continue }
                do {
                    formats[id] = try FieldFormat(id: id, pattern: pattern, example: example)
                } catch {
                    reader.report(
                        .formType, "The pattern is not a valid regular expression: \(error).", at: "\(path).pattern")
                }
            }
        }
        let (operatorRoles, permissions) = readOperatorRoles(object, reader: &reader)
        let signIn = readSignIn(object, reader: &reader)
        let anchor = AuditAnchor.read(object["auditAnchor"], reader: &reader)
        var reasons: [RequestReason] = []
        for (index, value) in (reader.array(object["requestReasons"], at: "requestReasons") ?? []).enumerated() {
            let path = "requestReasons[\(index)]"
            guard let reason = reader.object(value, at: path, allowed: ["id", "name"]),
                let id = reader.string(reader.required(reason, "id", at: path), at: "\(path).id"),
                let name = reader.string(reader.required(reason, "name", at: path), at: "\(path).name")
            else { continue }
            if !isIdentifier(id) || reasons.contains(where: { $0.id == id }) {
                reader.report(
                    .formType,
                    "Reason code \(VisibleText.quoted(id)) must be lower-case letters, digits and '-', listed once.",
                    at: "\(path).id")
            }
            reasons.append(RequestReason(id: id, name: name))
        }
        let remotePartyRoles = readRemotePartyRoles(object, userRoles: seen, reader: &reader)
        let revocation = RevocationRules.read(
            object["revocation"], operatorRoles: operatorRoles.map(\.id), reader: &reader)
        let credentialScopes = readCredentialScopes(object, userRoles: seen, reader: &reader)
        let credentialLife = CredentialLife.read(object["credentials"], reader: &reader)
        let notifications = NotificationSettings.read(object["notifications"], reader: &reader)
        guard reader.issues.isEmpty, let signIn else { return nil }
        return SiteRules(
            userRoles: roles, sharingPairs: pairs, checks: checks, formats: formats,
            operatorRoles: operatorRoles, permissions: permissions, signIn: signIn, auditAnchor: anchor,
            requestReasons: reasons, remotePartyRoles: remotePartyRoles, revocation: revocation,
            credentialScopes: credentialScopes, credentialLife: credentialLife, notifications: notifications)
    }

    /// The optional `remotePartyRoles` table: a policy stored before it existed still loads.
    private static func readRemotePartyRoles(
        _ object: [String: JSONValue], userRoles: Set<String>, reader: inout JSONReader
    ) -> [RemotePartyRole] {
        guard let value = object["remotePartyRoles"],
            let table = reader.object(value, at: "remotePartyRoles", allowed: ["about", "codes"])
        else { return [] }
        _ = reader.string(table["about"], at: "remotePartyRoles.about")
        var codes: [RemotePartyRole] = []
        for (index, item)
            in (reader.array(reader.required(table, "codes", at: "remotePartyRoles"), at: "remotePartyRoles.codes")
            ?? []).enumerated()
        {
            let path = "remotePartyRoles.codes[\(index)]"
            guard let entry = reader.object(item, at: path, allowed: ["code", "name", "userRoles"]),
                let text = reader.string(reader.required(entry, "code", at: path), at: "\(path).code"),
                let name = reader.string(reader.required(entry, "name", at: path), at: "\(path).name")
            else { continue }
            let members = (reader.array(reader.required(entry, "userRoles", at: path), at: "\(path).userRoles") ?? [])
                .enumerated().compactMap { reader.string($1, at: "\(path).userRoles[\($0)]") }
            guard let code = RemotePartyRole.parseCode(text), text == text.uppercased() else {
                reader.report(
                    .formType,
                    "A Remote Party Role code is two upper-case hex digits, such as 02, not \(VisibleText.quoted(text)).",
                    at: "\(path).code")
                continue
            }
            if codes.contains(where: { $0.code == code }) {
                reader.report(.formType, "Remote Party Role code \(text) is listed twice.", at: "\(path).code")
            }
            for member in members where !userRoles.contains(member) {
                reader.report(
                    .formType,
                    "Remote Party Role \(text) names \(VisibleText.quoted(member)), which is not in userRoles.",
                    at: "\(path).userRoles")
            }
            codes.append(RemotePartyRole(code: code, name: name, userRoles: members))
        }
        return codes
    }

    private static func readOperatorRoles(
        _ object: [String: JSONValue], reader: inout JSONReader
    ) -> ([OperatorRole], [String: Set<OperatorAction>]) {
        var roles: [OperatorRole] = []
        for (index, value)
            in (reader.array(reader.required(object, "operatorRoles", at: ""), at: "operatorRoles") ?? []).enumerated()
        {
            let path = "operatorRoles[\(index)]"
            guard let role = reader.object(value, at: path, allowed: ["id", "name"]),
                let id = reader.string(reader.required(role, "id", at: path), at: "\(path).id"),
                let name = reader.string(reader.required(role, "name", at: path), at: "\(path).name")
            else { continue }
            if !isIdentifier(id) || roles.contains(where: { $0.id == id }) {
                reader.report(
                    .formType,
                    "Operator role id \(VisibleText.quoted(id)) must be lower-case letters, digits and '-', listed once.",
                    at: "\(path).id")
            }
            roles.append(OperatorRole(id: id, name: name))
        }
        var permissions: [String: Set<OperatorAction>] = [:]
        if let table = reader.object(
            reader.required(object, "permissions", at: ""), at: "permissions", allowed: Set(roles.map(\.id)))
        {
            for (role, value) in table.sorted(by: { $0.key < $1.key }) where roles.contains(where: { $0.id == role }) {
                let path = "permissions.\(role)"
                var granted: Set<OperatorAction> = []
                for (index, item) in (reader.array(value, at: path) ?? []).enumerated() {
                    guard let name = reader.string(item, at: "\(path)[\(index)]") else { continue }
                    guard let action = OperatorAction(rawValue: name) else {
                        let known = OperatorAction.allCases.map(\.rawValue).joined(separator: ", ")
                        reader.report(
                            .formType, "\(VisibleText.quoted(name)) is not an action ratui knows; use \(known).",
                            at: "\(path)[\(index)]")
                        continue
                    }
                    granted.insert(action)
                }
                permissions[role] = granted
            }
        }
        return (roles, permissions)
    }

    private static func readSignIn(_ object: [String: JSONValue], reader: inout JSONReader) -> SignInPolicy? {
        let keys: Set<String> = [
            "about", "maximumFailures", "failureWindowMinutes", "lockoutMinutes", "idleLockMinutes",
            "minimumPassphraseLength",
        ]
        guard let signIn = reader.object(reader.required(object, "signIn", at: ""), at: "signIn", allowed: keys) else {
            return nil
        }
        func number(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            reader.integer(reader.required(signIn, key, at: "signIn"), at: "signIn.\(key)", in: range)
        }
        _ = reader.string(signIn["about"], at: "signIn.about")
        guard let failures = number("maximumFailures", 1...100),
            let window = number("failureWindowMinutes", 1...10_080),
            let lockout = number("lockoutMinutes", 1...10_080), let idle = number("idleLockMinutes", 1...1_440),
            let length = number("minimumPassphraseLength", 12...256)
        else { return nil }
        return SignInPolicy(
            maximumFailures: failures, failureWindowMinutes: window, lockoutMinutes: lockout,
            idleLockMinutes: idle, minimumPassphraseLength: length)
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}
