import Foundation

/// One stored version of an organisation's A1 form.
public struct OrganisationVersion: Hashable, Sendable {
    public let organisationID: Int64
    public let version: Int
    public let formID: String
    public let name: String
    public let form: OrganisationInformationForm
    public let ranges: [UserRoleRange]
    public let submittedAt: String
    /// False once an amendment has superseded this version.
    public let isCurrent: Bool
}
