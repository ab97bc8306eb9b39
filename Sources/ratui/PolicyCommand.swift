import ArgumentParser
import Foundation
import RAPPModel

/// `ratui policy`: the policy stored in the registry, how a folder differs from it, applying one.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "The registry's policy: form definitions, site rules, workflows and templates.",
        discussion: """
            The policy in force is stored in the registry, with every earlier version. It is changed by two people: \
            one proposes (`policy propose`, a policy-change request), a second approves (`request act ID approve`), \
            then `request act ID apply` puts it in force. A registry with one operator holding policy.apply applies \
            alone with `policy apply --sole-manager-override --reason TEXT`, audited. Every change is in the audit trail.
            """,
        subcommands: [Show.self, Diff.self, Propose.self, Apply.self, Export.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "The policy in force: version, hash, files, and the versions before it.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let registry = try options.readOnlyRegistry()
            let (current, versions) = try Reporting.run {
                (try registry.currentPolicy(), try registry.policyVersions())
            }
            if options.json {
                guard case .object(var object) = current.jsonValue else { return }
                object["versions"] = .array(
                    versions.map {
                        .object([
                            "version": JSONValue($0.version), "hash": .string($0.hash),
                            "appliedAt": .string($0.appliedAt),
                            "appliedBy": $0.appliedBy.map(JSONValue.string) ?? .null, "origin": .string($0.origin),
                        ])
                    })
                Output.json(.object(object))
                return
            }
            Output.line("Policy version \(current.version), hash \(current.hash)")
            Output.line(
                "Applied \(Output.safe(current.appliedAt)) by \(Output.safe(current.appliedBy ?? "(stored when the registry was created or migrated)")), from \(Output.safe(current.origin))"
            )
            Output.line("Files:")
            for path in current.library.files.keys.sorted() {
                Output.line("  \(Output.safe(path)) (\(current.library.files[path]!.count) bytes)")
            }
            if versions.count > 1 {
                Output.line("Versions:")
                for version in versions {
                    Output.line(
                        "  \(version.version)  \(Output.safe(version.appliedAt))  \(Output.safe(version.appliedBy ?? "-"))  \(version.hash)"
                    )
                }
            }
        }
    }

    /// Loads a folder as a policy, or exits 65 with its file and problem.
    static func load(_ folder: String) throws -> FormLibrary {
        try PolicySource.load(folder: folder)
    }

    /// Prints changes as lines: file, JSON Pointer, old and new value.
    static func print(_ changes: [PolicyChange]) {
        for change in changes {
            let old = change.old.map { $0.serialized() } ?? "(none)"
            let new = change.new.map { $0.serialized() } ?? "(none)"
            Output.line(
                "  \(Output.safe(change.file)) \(Output.safe(change.pointer.isEmpty ? "/" : change.pointer)): \(Output.safe(old)) -> \(Output.safe(new))"
            )
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract:
                "How a folder's policy differs from the registry's: each change as file, JSON Pointer, old and new value.",
            discussion:
                "Reads and checks the folder as `policy apply` would; changes nothing. Exits 0 whether or not they differ."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The forms folder to compare.")
        var folder: String

        func run() throws {
            let library = try PolicyCommand.load(folder)
            let registry = try PolicySource.registryOnly.openReadOnly(path: options.registryPath)
            let (current, changes) = try Reporting.run {
                (try registry.currentPolicy(), try registry.policyChanges(to: library))
            }
            let hash = PolicyFiles(library.files).hash
            if options.json {
                Output.json(
                    .object([
                        "from": .object(["version": JSONValue(current.version), "hash": .string(current.hash)]),
                        "to": .object(["hash": .string(hash), "origin": .string(library.origin)]),
                        "changes": .array(changes.map(\.jsonValue)),
                    ]))
                return
            }
            if changes.isEmpty {
                Output.line(
                    "No changes: \(Output.safe(folder)) holds the policy in force (version \(current.version), hash \(current.hash))."
                )
                return
            }
            Output.line(
                "\(changes.count) change\(changes.count == 1 ? "" : "s") from version \(current.version) (\(current.hash)) to \(Output.safe(folder)) (\(hash)):"
            )
            PolicyCommand.print(changes)
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract:
                "Propose a folder's policy: a policy-change request a second person approves (needs policy.apply).",
            discussion:
                "Prints the request and the changes (file, JSON Pointer, old and new value), which the audit event `policy.proposed` records too."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(
            help: ArgumentHelp("What changes and why, for the approver (at most 500 characters).", valueName: "text"))
        var summary: String
        @Argument(help: "The forms folder to propose.")
        var folder: String

        func run() throws {
            let library = try PolicyCommand.load(folder)
            let registry = try PolicySource.registryOnly.open(path: options.registryPath, create: false)
            let signedIn = try signIn.start(options, registry: registry)
            let details = try RequestCommand.run(json: options.json, source: folder) {
                try registry.proposePolicy(library, summary: summary, by: signedIn.session)
            }
            let proposal = try Reporting.run {
                try registry.policyProposal(request: details.request.id, by: signedIn.session)
            }
            if options.json {
                guard case .object(var object) = details.jsonValue(rules: signedIn.rules) else { return }
                object["proposal"] = PolicyCommand.proposalJSON(proposal)
                Output.json(.object(object))
                return
            }
            RequestCommand.printOutcome(details, took: nil, rules: signedIn.rules, json: false)
            if let proposal {
                Output.line(
                    "Proposed policy \(proposal.hash) against version \(proposal.baseVersion); \(proposal.changes.count) change\(proposal.changes.count == 1 ? "" : "s"):"
                )
                PolicyCommand.print(proposal.changes)
            }
        }
    }

    static func proposalJSON(_ proposal: (hash: String, baseVersion: Int64, changes: [PolicyChange])?) -> JSONValue {
        guard let proposal else { return .null }
        return .object([
            "hash": .string(proposal.hash), "baseVersion": JSONValue(proposal.baseVersion),
            "changes": .array(proposal.changes.map(\.jsonValue)),
        ])
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract:
                "Put a folder's policy in force as a new version, alone: only a sole ra-manager, with the override.",
            discussion: """
                Under a policy with a policy-change workflow a change needs a second person (`policy propose`); this \
                is refused with policy.needs-request (77), unless you are the only enabled operator holding \
                policy.apply and give --sole-manager-override with --reason, which the audit event records. A policy \
                from before policy-change requests is applied as before. The changes and both hashes go into the \
                audit event `policy.applied`. A folder with no changes stores nothing.
                """)
        @OptionGroup var options: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Apply alone, as the only operator who could approve a policy change (audited; needs --reason).")
        var soleManagerOverride = false
        @Option(help: ArgumentHelp("Why the override: kept in the audit trail.", valueName: "text"))
        var reason: String?
        @Argument(help: "The forms folder to apply.")
        var folder: String

        func validate() throws {
            if soleManagerOverride && reason == nil {
                throw ValidationError("--sole-manager-override needs --reason TEXT.")
            }
            if !soleManagerOverride && reason != nil {
                throw ValidationError("--reason goes with --sole-manager-override.")
            }
        }

        func run() throws {
            let library = try PolicyCommand.load(folder)
            let registry = try PolicySource.registryOnly.open(path: options.registryPath, create: false)
            let signedIn = try signIn.start(options, registry: registry)
            let outcome = try Reporting.run {
                try registry.applyPolicy(library, soleManagerOverride: reason, by: signedIn.session)
            }
            if options.json {
                Output.json(outcome.jsonValue)
                return
            }
            switch outcome {
            case .unchanged(let current):
                Output.line(
                    "No changes: the policy in force (version \(current.version)) is already this one. Nothing stored.")
            case .applied(let from, let to, let changes):
                Output.line(
                    "Policy version \(to.version) in force (hash \(to.hash)), replacing version \(from.version) (\(from.hash)); \(changes.count) change\(changes.count == 1 ? "" : "s"):"
                )
                PolicyCommand.print(changes)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract:
                "Write the registry's policy (or, with --built-in, this ratui's own) to a new folder, to edit and apply.",
            discussion: """
                A registry keeps the policy it was given; a newer ratui's built-in policy (new permissions, \
                workflows) reaches it only when an ra-manager applies it: `policy export DIR --built-in`, \
                then `policy diff DIR` and `policy apply DIR`.
                """)
        @OptionGroup var options: GlobalOptions
        @Flag(name: .customLong("built-in"), help: "Export the policy built into this ratui instead of the registry's.")
        var builtIn = false
        @Argument(help: "A folder that does not exist yet.")
        var folder: String

        func run() throws {
            let files =
                try builtIn
                ? PolicySource.load(folder: nil).files
                : PolicySource.registryOnly.openReadOnly(path: options.registryPath).policy.files
            let root = URL(fileURLWithPath: folder)
            guard !FileManager.default.fileExists(atPath: root.path) else {
                Output.error("\(folder) exists already: export writes a new folder, so nothing is overwritten.")
                throw ExitCode(.usage)
            }
            do {
                for (path, content) in files {
                    let url = root.appending(path: path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try content.write(to: url, options: .withoutOverwriting)
                }
            } catch {
                Output.error("Cannot write \(folder): \(error.localizedDescription)")
                throw ExitCode(.ioError)
            }
            Output.line("Wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(folder).")
        }
    }
}
