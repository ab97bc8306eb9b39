extension Registry {
    /// The registry as `init --json` prints it: where it is, its schema, and what it holds.
    public static func statusJSON(path: String, counts: (organisations: Int, ranges: Int)) -> JSONValue {
        .object([
            "path": .string(path),
            "schema": .array(knownMigrations.map(JSONValue.string)),
            "organisations": JSONValue(counts.organisations),
            "ranges": JSONValue(counts.ranges),
        ])
    }
}

extension RegistryCopy {
    /// A backup or restore as `backup --json` and `restore --json` print it.
    public var jsonValue: JSONValue {
        .object([
            "file": .string(path), "events": JSONValue(events), "head": .string(head),
            "forcedPast": .array(forcedPast.map(JSONValue.string)),
        ])
    }
}
