import RAPPModel

/// What registry work runs against: the registry (with the policy it was opened with) and who
/// is signed in.
public struct RegistryContext: Sendable {
    public let registry: Registry
    /// The operator the app is signed in as; nil on the sign-in screen.
    public let session: OperatorSession?
    /// How passphrases are hashed and checked: always the production hasher outside tests.
    let hasher: PassphraseHasher

    public var validator: OrganisationFormValidator { registry.validator }

    /// The signed-in operator, for work that changes or reads protected data. An account
    /// revoked since sign-in is refused here (`access.revoked`), whatever the work needs.
    public func signedIn() throws(Failure) -> OperatorSession {
        guard let session else { throw Self.notSignedIn }
        do {
            try registry.requireNotRevoked(session)
        } catch {
            throw Failure(error)
        }
        return session
    }

    /// The signed-in operator, once the registry has checked that their roles grant `action` now.
    public func permitted(_ action: OperatorAction) throws -> OperatorSession {
        let session = try signedIn()
        try registry.authorise(action, by: session)
        return session
    }

    /// Reading the registry to show it, which needs `registry.read`.
    public func reading() throws -> Registry {
        _ = try permitted(.registryRead)
        return registry
    }

    /// Work that needs an operator, asked for while nobody is signed in.
    public static let notSignedIn = Failure(
        code: "session.not-signed-in", message: "Nobody is signed in: sign in first.", exitStatus: .noPermission)
}
