import Foundation
import RAPPModel

/// What every screen may read but never changes: the forms and rules in force, the theme, and the
/// signed-in operator's roles (which only the app sets).
public struct AppEnvironment: Sendable {
    /// The forms, workflows and templates in force, with the A1 validator; nil only between the
    /// first frame of an interface opened with its policy's rules alone and the rest being read
    /// (`AppMessage.policyRead`), before any key is handled.
    private var whole: (library: FormLibrary, validator: OrganisationFormValidator)?
    /// The site rules in force: roles, permissions, sign-in limits.
    public let rules: SiteRules
    public let theme: Theme
    /// Where the registry is, for the title line.
    public let registryPath: String
    /// A line for the sign-in screen and the idle lock; `ratui demo` shows its throw-away passphrase.
    public let signInHint: String?

    /// Idle seconds before the lock: the rules' `idleLockMinutes`, unless a test shortens it.
    public let idleLockSeconds: Double

    public init(
        library: FormLibrary, theme: Theme, registryPath: String, signInHint: String? = nil,
        idleLockSeconds: Double? = nil
    ) {
        self.init(
            rules: library.rules, theme: theme, registryPath: registryPath, signInHint: signInHint,
            idleLockSeconds: idleLockSeconds)
        read(library)
    }

    /// The environment of a first frame drawn with the policy's rules alone: the sign-in or
    /// first-run screen needs nothing else. The app reads the rest (`AppMessage.policyRead`)
    /// before it handles a key.
    public init(
        rules: SiteRules, theme: Theme, registryPath: String, signInHint: String? = nil,
        idleLockSeconds: Double? = nil
    ) {
        self.idleLockSeconds = idleLockSeconds ?? Double(rules.signIn.idleLockMinutes) * 60
        self.rules = rules
        self.theme = theme
        self.registryPath = registryPath
        self.signInHint = signInHint
    }

    /// Whether the forms, workflows and templates have been read, not only the rules.
    public var hasWholePolicy: Bool { whole != nil }

    /// Takes the whole policy, of which the rules were read first.
    mutating func read(_ library: FormLibrary) {
        whole = (library, OrganisationFormValidator(library: library))
    }

    public var library: FormLibrary { wholePolicy.library }
    public var validator: OrganisationFormValidator { wholePolicy.validator }

    private var wholePolicy: (library: FormLibrary, validator: OrganisationFormValidator) {
        guard let whole else { preconditionFailure("the policy's forms were asked for before they were read") }
        return whole
    }

    /// The time now, for lists whose rows depend on it (credentials expiring, dormant): a test
    /// sets a fixed one so their snapshots do not change with the date.
    public var now: @Sendable () -> Date = { Date() }

    /// The signed-in operator's roles, kept up to date by the app: screens offer only what these
    /// grant. Empty before sign-in.
    public internal(set) var operatorRoles: [String] = []

    /// Whether the signed-in operator's roles grant `permission` (nil: needs nothing).
    public func permits(_ permission: OperatorAction?) -> Bool {
        guard let permission else { return true }
        return rules.permits(permission, roles: operatorRoles)
    }

    /// Why an action needing `permission` is not offered, in the words help and menus show.
    public static func reason(_ permission: OperatorAction) -> String {
        "needs \(permission.rawValue)"
    }

    /// What pressing the key of an action the operator may not take says instead.
    public func refusal(_ permission: OperatorAction) -> String {
        let roles = operatorRoles.map(rules.operatorRoleName).joined(separator: ", ")
        return
            "You may not \(permission.summary): that \(Self.reason(permission)), which your roles (\(roles)) do not grant."
    }
    public var form: FormDefinition { library.organisationForm }
}
