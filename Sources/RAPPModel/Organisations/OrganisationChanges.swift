/// What an amendment changes: the fields whose values differ, and the User Role ranges added
/// and removed, identifiers compared as values (`90b3d5…` and `90-B3-D5-…` are the same).
///
/// One comparison for every front end: the TUI refuses to store an amendment that changes
/// nothing (`organisation.unchanged`; the command line and imports still may, to re-state a form
/// on purpose), its confirm dialog summarises the changes, and the organisation screen shows what
/// each version changed from the one before.
public struct OrganisationChanges: Hashable, Sendable {
    /// A field whose value differs, by its id in the form definition.
    public struct FieldChange: Hashable, Sendable {
        public let field: String
        public let before: String
        public let after: String
    }

    public let fields: [FieldChange]
    public let rangesAdded: [UserRoleRangeEntry]
    public let rangesRemoved: [UserRoleRangeEntry]

    public var isEmpty: Bool { fields.isEmpty && rangesAdded.isEmpty && rangesRemoved.isEmpty }

    /// The changes from `before` to `after`, fields in `order` (the form's order), then any other
    /// field in name order; an empty value counts as no value.
    public init(from before: OrganisationInformationForm, to after: OrganisationInformationForm, order: [String] = []) {
        let keys = Set(before.fields.keys).union(after.fields.keys)
        let ordered = order.filter(keys.contains) + keys.subtracting(order).sorted()
        fields = ordered.compactMap { key in
            let old = before.fields[key] ?? ""
            let new = after.fields[key] ?? ""
            return old == new ? nil : FieldChange(field: key, before: old, after: new)
        }
        func canonical(_ entry: UserRoleRangeEntry) -> [String] {
            [
                entry.role, (try? EUI64(parsing: entry.first))?.canonical ?? entry.first,
                (try? EUI64(parsing: entry.last))?.canonical ?? entry.last,
            ]
        }
        let old = Set(before.userRoleRanges.map(canonical))
        let new = Set(after.userRoleRanges.map(canonical))
        rangesAdded = after.userRoleRanges.filter { !old.contains(canonical($0)) }
        rangesRemoved = before.userRoleRanges.filter { !new.contains(canonical($0)) }
    }

    /// The refusal of an amendment that changes nothing: nothing is stored.
    public static func unchanged(organisation: Int64, version: Int) -> ValidationIssue {
        ValidationIssue(
            .organisationUnchanged,
            "This amendment changes nothing in version \(version) of organisation \(organisation): nothing was stored.")
    }
}
