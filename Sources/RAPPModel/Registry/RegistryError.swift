/// Why the registry could not be opened, read or written.
public enum RegistryError: CodedError, Equatable {
    /// No registry at the path, and the command does not create one.
    case notFound(path: String)
    /// The file exists but is not a ratui registry; it was left untouched.
    case notARegistry(path: String, reason: String)
    /// The registry was written by a newer ratui; it was left untouched.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The database could not be read or written.
    case io(path: String, message: String)
    /// The policy stored in the registry cannot be used: missing, changed outside ratui, or
    /// not loadable.
    case policy(path: String, reason: String)
    /// The file is a registry, but damaged: cut short, or its pages do not read.
    case damaged(path: String, reason: String)
    /// A command that only reads found a registry it would first have to change: not migrated
    /// to this ratui's schema, or holding no policy yet.
    case needsInit(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "No registry at \(path). Run `ratui init` to create one, or give --db PATH."
        case .notARegistry(let path, let reason):
            "\(path) is not a ratui registry (\(reason)); it was left untouched."
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer ratui (schema \(unknown.joined(separator: ", "))); it was left untouched. Use that version of ratui."
        case .io(let path, let message):
            "Registry \(path): \(message)"
        case .policy(let path, let reason):
            "Registry \(path): its policy cannot be used: \(reason)."
        case .damaged(let path, let reason):
            "Registry \(path) is damaged (\(reason)); it was left untouched. Restore it from a backup (`ratui restore`)."
        case .needsInit(let path, let reason):
            "Registry \(path): \(reason). Commands that only read change nothing: run `ratui init --db \(path)` (or any command that changes the registry) first."
        }
    }

    public var code: String {
        switch self {
        case .notFound: "registry.not-found"
        case .notARegistry: "registry.not-a-registry"
        case .newerSchema: "registry.newer-schema"
        case .io: "registry.io"
        case .policy: "registry.policy"
        case .damaged: "registry.damaged"
        case .needsInit: "registry.needs-init"
        }
    }

    /// A missing registry is a missing input (66); anything else is a registry that cannot be
    /// used (74).
    public var exitStatus: ExitStatus {
        switch self {
        case .notFound: .inputMissing
        case .notARegistry, .newerSchema, .io, .policy, .damaged, .needsInit: .ioError
        }
    }
}
