/// Answers "does the registry hold this record?" for reference fields.
///
/// The registry answers it inside the transaction that stores the form, so a reference checked
/// is a reference stored; tests may answer it from a list.
public protocol ReferenceLookup {
    /// Whether a record of that kind and id exists; for an organisation, one with a current A1
    /// version.
    func exists(_ kind: ReferenceKind, id: Int64) throws -> Bool
}
