import Foundation
import PackagePlugin

/// Embeds the package's `Forms/` and `Schemas/` folders into `RAPPModel` at build time.
///
/// The built `ratui` must work from any directory, without the source tree, so the default form
/// definitions, rules and SQL migrations travel inside the binary. Editing a file under `Forms/`
/// or `Schemas/` re-runs the tool on the next build.
@main
struct EmbedDefaults: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL
        // Form definitions and rules are JSON; migrations are SQL. Nothing else is embedded.
        let wanted = [("Forms", ".json"), ("Schemas", ".sql")]
        var inputs: [URL] = []
        for (folderName, suffix) in wanted {
            let folder = root.appending(path: folderName)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(suffix) && !name.hasPrefix(".") {
                inputs.append(folder.appending(path: name))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaults.swift")
        return [
            .buildCommand(
                displayName: "Embedding Forms/ and Schemas/ into \(target.name)",
                executable: try context.tool(named: "EmbedDefaultsTool").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
