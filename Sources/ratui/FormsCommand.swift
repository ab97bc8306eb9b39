import ArgumentParser
import RAPPModel

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "The form definitions and site rules in force.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loaded form definitions.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let library = try options.library()
            if options.json {
                Output.json(.object([
                    "origin": .string(library.origin),
                    "forms": .array(library.forms.map { .object(["id": .string($0.id), "title": .string($0.title), "annex": .string($0.annex)]) }),
                ]))
            } else {
                Output.line("Forms (\(Output.safe(library.origin))):")
                for form in library.forms {
                    Output.line("  \(form.id)\t\(form.title) (\(form.annex))")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a form definition: sections, fields, help and rules.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The form id, such as A1.")
        var id: String

        func run() throws {
            let library = try options.library()
            guard let form = library.form(id) else {
                Output.error("There is no form \(VisibleText.quoted(id)); `ratui forms list` shows the forms.")
                throw ExitCode(ExitStatus.invalidData)
            }
            if options.json {
                Output.json(Self.json(form, rules: library.rules))
                return
            }
            Output.line("\(form.id): \(form.title) (\(form.annex))")
            Output.line(form.purpose)
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
                        Output.line("    User Roles: \(library.rules.userRoles.map { "\($0.name) (\($0.id))" }.joined(separator: ", "))")
                        for pair in library.rules.sharingPairs {
                            Output.line("    May share: \(pair.roles.sorted().map(library.rules.roleName).joined(separator: " and ")). \(pair.basis)")
                        }
                    }
                }
            }
        }

        static func json(_ form: FormDefinition, rules: SiteRules) -> JSONValue {
            .object([
                "id": .string(form.id), "title": .string(form.title), "annex": .string(form.annex),
                "purpose": .string(form.purpose), "nameField": .string(form.nameField),
                "sections": .array(form.sections.map { section in
                    .object([
                        "id": .string(section.id), "title": .string(section.title),
                        "fields": .array(section.fields.map { field in
                            .object([
                                "id": .string(field.id), "label": .string(field.label), "type": .string(field.type.rawValue),
                                "required": .bool(field.isRequired), "maxLength": field.maxLength.map(JSONValue.init) ?? .null,
                                "format": field.format.map(JSONValue.string) ?? .null, "help": .string(field.help),
                                "rules": .array(field.rules.map { .string($0.rawValue) }),
                            ])
                        }),
                    ])
                }),
                "userRoles": .array(rules.userRoles.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
                "sharingPairs": .array(rules.sharingPairs.map { .object(["roles": .array($0.roles.sorted().map(JSONValue.string)), "basis": .string($0.basis)]) }),
            ])
        }
    }
}
