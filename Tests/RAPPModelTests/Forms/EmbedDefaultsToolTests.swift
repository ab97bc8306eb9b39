import Foundation
import Testing

/// The build tool that embeds `Forms/` and `Schemas/`, run on a made-up package folder.
@Suite("Embedding the forms folder")
struct EmbedDefaultsToolTests {
    /// The tool as `swift build` leaves it, beside the test bundle.
    static let tool: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(
            path: "EmbedDefaultsTool")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.packageRoot.appending(path: ".build/debug/EmbedDefaultsTool")
    }()

    /// Runs the tool on a package folder holding `files`; returns its exit status, output and errors.
    func embed(_ files: [String: String]) throws -> (status: Int32, source: String, errors: String) {
        let root = Fixtures.temporaryFolder()
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let output = root.appending(path: "EmbeddedDefaults.swift")
        let process = Process()
        process.executableURL = try #require(
            FileManager.default.isExecutableFile(atPath: Self.tool.path) ? Self.tool : nil)
        process.arguments = [output.path, root.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let source = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, source, errorText)
    }

    @Test("a workflows/ or templates/ file is embedded under its path in the folder")
    func subfolderFile() throws {
        let result = try embed([
            "Forms/rules.json": "{}", "Forms/workflows/registration.json": "{\"steps\": []}",
            "Forms/templates/welcome.json": "{}", "Schemas/0001_registry.sql": "SELECT 1;",
            "Schemas/forms-file.schema.json": "{}", "Forms/.DS_Store": "",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(
            result.source.contains(
                "\"Forms/workflows/registration.json\": \"\(Data("{\"steps\": []}".utf8).base64EncodedString())\""))
        #expect(result.source.contains("\"Forms/templates/welcome.json\": "))
        #expect(result.source.contains("\"Forms/rules.json\": "))
        #expect(result.source.contains("\"Schemas/0001_registry.sql\": "))
        #expect(!result.source.contains("forms-file.schema.json"))
        #expect(!result.source.contains("DS_Store"))
    }

    @Test(
        "a file Forms/ may not hold stops the build, named",
        arguments: [
            ("Forms/README.md", "Forms/README.md"), ("Forms/extra/x.json", "Forms/extra/"),
            ("Forms/workflows/x.yaml", "Forms/workflows/x.yaml"),
            ("Forms/workflows/deeper/x.json", "Forms/workflows/deeper"),
        ])
    func unknownFile(_ path: String, _ named: String) throws {
        let result = try embed(["Forms/rules.json": "{}", path: "x"])
        #expect(result.status != 0)
        #expect(result.errors.contains(named), "\(result.errors)")
    }
}
