import RAPPModel

/// What every screen may read but never changes: the forms and rules in force, and the theme.
public struct AppEnvironment: Sendable {
    public let library: FormLibrary
    public let validator: OrganisationFormValidator
    public let theme: Theme
    /// Where the registry is, for the title line.
    public let registryPath: String

    public init(library: FormLibrary, theme: Theme, registryPath: String) {
        self.library = library
        self.validator = OrganisationFormValidator(library: library)
        self.theme = theme
        self.registryPath = registryPath
    }

    public var rules: SiteRules { library.rules }
    public var form: FormDefinition { library.organisationForm }
}
