/// One row of the A1 form's User Role range table, as typed: text, not yet validated.
///
/// Forms hold what the person entered so that a screen can keep and show invalid input beside
/// its error; `OrganisationFormValidator` turns valid rows into `UserRoleRange`s.
public struct UserRoleRangeEntry: Hashable, Sendable {
    public var role: String
    public var first: String
    public var last: String

    public init(role: String, first: String, last: String) {
        self.role = role
        self.first = first
        self.last = last
    }
}
