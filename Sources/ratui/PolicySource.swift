import ArgumentParser
import Foundation
import RAPPModel

/// Where a command's policy comes from: always the registry's own, once the registry exists.
///
/// A forms folder (`--forms DIR` or `$RATUI_FORMS`) is only read when a command creates the
/// registry, as its first policy. Given for an existing registry it is refused (exit 64) and
/// the message says how to change the policy instead (`policy diff`, `policy apply`): letting
/// whoever runs a command choose the permissions and checks would let any operator grant
/// themselves anything.
struct PolicySource {
    /// `--forms DIR`, else `$RATUI_FORMS`, if either is set.
    let folder: String?
    /// Which of the two named it, for messages.
    let named: String

    init(folder: String?, named: String) {
        self.folder = folder
        self.named = named
    }

    /// The registry's policy and nothing else: no folder, whatever the environment says.
    static let registryOnly = PolicySource(folder: nil, named: "")

    init(option: String?) {
        if let option {
            folder = option
            named = "--forms"
        } else {
            // One variable, by getenv: `ProcessInfo.environment` copies the whole environment.
            folder = getenv("RATUI_FORMS").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            named = "RATUI_FORMS"
        }
    }

    /// The folder's policy, or the built-in one; a folder that cannot be used exits 65.
    static func load(folder: String?) throws -> FormLibrary {
        do {
            if let folder { return try FormLibrary.load(directory: URL(fileURLWithPath: folder)) }
            return try FormLibrary.builtIn()
        } catch {
            throw ExitCode(reporting: error)
        }
    }

    /// Whether nothing is stored at `path` yet, so opening it creates the registry: nothing is
    /// there, or an empty regular file. Anything else (a FIFO, say) is not new: opening it
    /// refuses it; nor is a symbolic link (`lstat`). One system call, not Foundation's
    /// attribute dictionary: `ratui` on a terminal asks this first thing.
    static func isNew(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return true }
        return status.st_mode & S_IFMT == S_IFREG && status.st_size == 0
    }

    /// Opens the registry at `path` (creating it when `create`) under its own policy. A folder
    /// is the first policy of a registry created now, and refused for any other. `parts`: what
    /// of an existing registry's policy is parsed now (`Registry.open`).
    func open(path: String, create: Bool, parts: PolicyParts = .all) throws -> Registry {
        let creating = create && Self.isNew(path)
        let initial = creating ? try Self.load(folder: folder) : nil
        return try open(
            path: path, create: create, initial: initial, refuseFolder: folder != nil && !creating, parts: parts)
    }

    /// Opens the existing registry at `path` for a command that only reads it: read-only, with
    /// no migration and no lock (`Registry.openReadOnly`). A folder is refused as for any
    /// existing registry. `parts` is what of the stored policy is parsed (`PolicyParts`); its
    /// hash is checked either way.
    func openReadOnly(path: String, parts: PolicyParts = .all) throws -> Registry {
        try open(path: path, create: false, initial: nil, refuseFolder: folder != nil, readOnly: true, parts: parts)
    }

    private func open(
        path: String, create: Bool, initial: FormLibrary?, refuseFolder: Bool, readOnly: Bool = false,
        parts: PolicyParts = .all
    ) throws -> Registry {
        let registry: Registry
        do {
            registry =
                readOnly
                ? try Registry.openReadOnly(path: path, parts: parts)
                : try Registry.open(path: path, create: create, initialPolicy: initial, parts: parts)
        } catch {
            throw ExitCode(reporting: error)
        }
        // A change whose head could not be anchored is stored all the same: say so on stderr.
        registry.onAnchorFailure { failure in Output.error("ratui: \(failure.description)") }
        guard refuseFolder, let folder else { return registry }
        let safeFolder = Output.safe(folder)
        if let stored = registry.storedOnOpen {
            Output.error(
                "This registry kept no policy of its own: the built-in policy is now stored in it as version \(stored.version) (hash \(stored.hash)). To use \(safeFolder) instead, an ra-manager runs `ratui policy diff \(safeFolder)`, then `ratui policy apply \(safeFolder)`; then run this command again without \(named)."
            )
        } else {
            Output.error(
                "\(named) is used only when a command creates a registry; this registry follows its stored policy (version \(registry.policyVersion)). To change it, an ra-manager runs `ratui policy diff \(safeFolder)`, then `ratui policy apply \(safeFolder)`. Run this command without \(named)\(named == "RATUI_FORMS" ? " (unset it)" : "")."
            )
        }
        throw ExitCode(.usage)
    }

    /// The policy a command follows when it may run without a registry (`forms list`): the
    /// registry's when it exists, else the one creating it would store, with a label saying which.
    func policyWithoutCreating(path: String) throws -> (library: FormLibrary, label: String) {
        if Self.isNew(path) {
            let library = try Self.load(folder: folder)
            return (library, "no registry at \(path) yet: the policy creating it would store (\(library.origin))")
        }
        let registry = try openReadOnly(path: path)
        let stored = registry.storedPolicy
        return (stored.library, "registry policy version \(stored.version)")
    }
}
