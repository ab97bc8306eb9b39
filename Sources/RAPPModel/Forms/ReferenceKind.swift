/// What a reference field points to: a record the registry holds, by its id.
public enum ReferenceKind: String, Sendable, CaseIterable, Hashable {
    /// A registered organisation, with a current A1 version.
    case organisation
    /// An operator account.
    case `operator`
    /// A credential record.
    case credential
    /// A request.
    case request
}
