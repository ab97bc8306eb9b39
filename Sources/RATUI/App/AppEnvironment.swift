import RAPPModel

/// What every screen may read but never changes: the forms and rules in force, and the theme.
public struct AppEnvironment: Sendable {
    public let library: FormLibrary
    public let validator: OrganisationFormValidator
    public let theme: Theme
    /// Where the registry is, for the title line.
    public let registryPath: String
    /// A line for the sign-in screen and the idle lock; `ratui demo` shows its throw-away passphrase.
    public let signInHint: String?

    public init(library: FormLibrary, theme: Theme, registryPath: String, signInHint: String? = nil) {
        self.library = library
        self.validator = OrganisationFormValidator(library: library)
        self.theme = theme
        self.registryPath = registryPath
        self.signInHint = signInHint
    }

    public var rules: SiteRules { library.rules }
    public var form: FormDefinition { library.organisationForm }
}
