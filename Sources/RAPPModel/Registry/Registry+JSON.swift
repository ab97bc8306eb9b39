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
