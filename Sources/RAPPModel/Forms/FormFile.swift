import Foundation

/// A filled-in form as a file holds it: `{"form": "<form id>", "fields": {...}}` for a request,
/// `{"fields": {...}}` for the evidence a transition records.
///
/// Reading checks only the file's shape; `FormValidator` checks the fields against their form.
public struct FormFile: Sendable, Equatable {
    /// The form the file names; nil for evidence, whose form the transition decides.
    public var formID: String?
    /// The `fields` object as written (nil when missing or not an object).
    public var fields: JSONValue?

    public init(formID: String? = nil, fields: JSONValue?) {
        self.formID = formID
        self.fields = fields
    }

    /// The largest file read; larger input is refused before it is parsed.
    public static let maximumFileSize = 1 << 20

    /// Reads a file's shape, reporting every problem with its path: not JSON, not UTF-8, too large,
    /// unknown or missing keys, wrong types. With `namesForm`, the file must name its form.
    public static func read(_ data: Data, namesForm: Bool) -> (file: FormFile, issues: [ValidationIssue]) {
        guard data.count <= maximumFileSize else {
            return (
                FormFile(fields: nil),
                [
                    ValidationIssue(
                        .formTooLarge,
                        "The file is \(data.count) bytes; a form file may be at most \(maximumFileSize) bytes.")
                ]
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            return (FormFile(fields: nil), [error])
        }
        return read(value, namesForm: namesForm)
    }

    public static func read(_ value: JSONValue, namesForm: Bool) -> (file: FormFile, issues: [ValidationIssue]) {
        var reader = JSONReader()
        guard let top = reader.object(value, at: "", allowed: namesForm ? ["form", "fields"] : ["fields"]) else {
            return (FormFile(fields: nil), reader.issues)
        }
        let formID = namesForm ? reader.string(reader.required(top, "form", at: ""), at: "form") : nil
        let fields = reader.required(top, "fields", at: "")
        if let fields, reader.object(fields, at: "fields", allowed: nil) == nil {
            return (FormFile(formID: formID, fields: nil), reader.issues)
        }
        return (FormFile(formID: formID, fields: fields), reader.issues)
    }
}
