extension FormImporter.Summary {
    /// The summary as `org import --json` prints it: counts, and each rejected line's codes and errors.
    public var jsonValue: JSONValue {
        .object([
            "lines": JSONValue(lines),
            "stored": JSONValue(stored),
            "rejected": JSONValue(rejectedCount),
            "rejections": .array(rejections.map(\.jsonValue)),
            "rejectionsTruncated": .bool(rejections.count < rejectedCount),
        ])
    }
}

extension FormImporter.Rejection {
    /// The distinct codes of the line's errors, sorted: a one-line summary of why it was rejected.
    public var codes: [String] {
        Array(Set(errors.map(\.code.rawValue))).sorted()
    }

    public var jsonValue: JSONValue {
        .object([
            "line": JSONValue(line),
            "codes": .array(codes.map(JSONValue.string)),
            "errors": .array(errors.map(\.jsonValue)),
        ])
    }
}

extension ImportInterrupted {
    /// Why and where an import stopped, inside `org import --json`'s summary.
    public var jsonValue: JSONValue {
        .object([
            "code": .string(code),
            "message": .string(cause.message),
            "resumeFromLine": JSONValue(resumeLine),
        ])
    }
}
