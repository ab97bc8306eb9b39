/// Which organisations may ask for a credential in one scope: those whose current A1 form holds
/// one of `userRoles`. From the rules file's `credentialScopes`, because which User Roles may use
/// an interface (Ad Hoc Device CSRs for suppliers, SEC Appendix M/G) is [assumed] there.
public struct CredentialScopeRule: Hashable, Sendable {
    /// The credential kind the rule is for (`system`).
    public let credential: String
    /// The scope (`ad-hoc`).
    public let scope: String
    /// The User Role ids (`import-supplier`) of which the organisation must hold one.
    public let userRoles: [String]

    public init(credential: String, scope: String, userRoles: [String]) {
        self.credential = credential
        self.scope = scope
        self.userRoles = userRoles
    }
}

extension SiteRules {
    /// The rule for a credential kind's scope; nil when any organisation may ask for it.
    public func credentialScopeRule(kind: String, scope: String) -> CredentialScopeRule? {
        credentialScopes.first { $0.credential == kind && $0.scope == scope }
    }

    /// The optional `credentialScopes` table: a policy stored before it existed still loads.
    static func readCredentialScopes(
        _ object: [String: JSONValue], userRoles: Set<String>, reader: inout JSONReader
    ) -> [CredentialScopeRule] {
        guard let value = object["credentialScopes"],
            let table = reader.object(value, at: "credentialScopes", allowed: ["about", "scopes"])
        else { return [] }
        _ = reader.string(table["about"], at: "credentialScopes.about")
        var rules: [CredentialScopeRule] = []
        for (index, item)
            in (reader.array(reader.required(table, "scopes", at: "credentialScopes"), at: "credentialScopes.scopes")
            ?? []).enumerated()
        {
            let path = "credentialScopes.scopes[\(index)]"
            guard let entry = reader.object(item, at: path, allowed: ["credential", "scope", "userRoles"]),
                let credential = reader.string(
                    reader.required(entry, "credential", at: path), at: "\(path).credential"),
                let scope = reader.string(reader.required(entry, "scope", at: path), at: "\(path).scope")
            else { continue }
            let members = (reader.array(reader.required(entry, "userRoles", at: path), at: "\(path).userRoles") ?? [])
                .enumerated().compactMap { reader.string($1, at: "\(path).userRoles[\($0)]") }
            if rules.contains(where: { $0.credential == credential && $0.scope == scope }) {
                reader.report(
                    .formType,
                    "Scope \(VisibleText.quoted(scope)) of credential \(VisibleText.quoted(credential)) is listed twice.",
                    at: "\(path).scope")
            }
            if members.isEmpty {
                reader.report(.formType, "A scope rule names at least one User Role.", at: "\(path).userRoles")
            }
            for member in members where !userRoles.contains(member) {
                reader.report(
                    .formType,
                    "Scope \(VisibleText.quoted(scope)) names \(VisibleText.quoted(member)), which is not in userRoles.",
                    at: "\(path).userRoles")
            }
            rules.append(CredentialScopeRule(credential: credential, scope: scope, userRoles: members))
        }
        return rules
    }
}
