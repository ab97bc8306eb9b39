/// Checks a form's fields as they are typed, and says where each field's issues point.
///
/// The terminal's form editor works with any form definition through this: it checks a field
/// when the cursor leaves it and puts every issue beside the field whose path it carries.
public protocol FieldValidator: Sendable {
    var definition: FormDefinition { get }
    var rules: SiteRules { get }

    /// The issues with one text field's value.
    func validate(field id: String, value: String) -> [ValidationIssue]

    /// Where issues about `field` point; for a table, the table's own path, its rows inside it.
    func path(of field: FieldDefinition) -> FieldPath
}

extension OrganisationFormValidator: FieldValidator {
    public func path(of field: FieldDefinition) -> FieldPath {
        field.type == .userRoleRanges
            ? OrganisationInformationForm.rangesPath : OrganisationInformationForm.path(ofField: field.id)
    }
}
