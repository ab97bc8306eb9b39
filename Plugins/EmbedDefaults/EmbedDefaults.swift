import Foundation
import PackagePlugin

/// Embeds the package's `Forms/` and `Schemas/` folders into `RAPPModel` at build time.
///
/// The built `ratui` must work from any directory, without the source tree, so the default form
/// definitions, rules, workflows, templates and SQL migrations travel inside the binary. The tool
/// reads the folders itself and refuses a file `Forms/` may not hold, naming it; this plugin lists
/// every file as an input, so adding, editing or removing one re-runs the tool on the next build.
@main
struct EmbedDefaults: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folderName in ["Forms", "Schemas"] {
            let folder = root.appending(path: folderName)
            guard
                let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            else { continue }
            for case let url as URL in walker
            where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaults.swift")
        return [
            .buildCommand(
                displayName: "Embedding Forms and Schemas into \(target.name)",
                executable: try context.tool(named: "EmbedDefaultsTool").url,
                arguments: [output.path, root.path],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output]
            )
        ]
    }
}
