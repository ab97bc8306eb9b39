import ArgumentParser
import RAPPModel

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "The form definitions and site rules in force.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the loaded form definitions.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let (library, label) = try options.policySource.policyWithoutCreating(path: options.registryPath)
            if options.json {
                Output.json(library.listJSON)
            } else {
                Output.line("Forms (\(label)):")
                for form in library.forms {
                    Output.line("  \(form.id)\t\(form.title) (\(form.annex))")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a form definition: sections, fields, help and rules.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The form id, such as A1.")
        var id: String

        func run() throws {
            let library = try options.policySource.policyWithoutCreating(path: options.registryPath).library
            guard let form = library.form(id) else {
                Output.error("There is no form \(VisibleText.quoted(id)); `ratui forms list` shows the forms.")
                throw ExitCode(ExitStatus.invalidData)
            }
            if options.json {
                Output.json(form.jsonValue(rules: library.rules))
                return
            }
            Output.line("\(form.id): \(form.title) (\(form.annex))")
            Output.line("\(form.purpose)")
            for section in form.sections {
                Output.line("")
                Output.line("\(section.title)")
                for field in section.fields {
                    let required = field.isRequired ? "required" : "optional"
                    let limit = field.maxLength.map { ", at most \($0) characters" } ?? ""
                    Output.line("  \(field.label) [\(field.id)] (\(field.type.rawValue), \(required)\(limit))")
                    Output.line("    \(field.help)")
                    Output.line("    Rules: \(field.rules.map(\.rawValue).joined(separator: ", "))")
                    if field.type == .userRoleRanges {
                        Output.line(
                            "    User Roles: \(library.rules.userRoles.map { "\($0.name) (\($0.id))" }.joined(separator: ", "))"
                        )
                        for pair in library.rules.sharingPairs {
                            Output.line(
                                "    May share: \(pair.roles.sorted().map(library.rules.roleName).joined(separator: " and ")). \(pair.basis)"
                            )
                        }
                    }
                }
            }
        }
    }
}
