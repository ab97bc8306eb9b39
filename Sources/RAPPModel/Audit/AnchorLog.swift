import Foundation

/// The anchor lines read from an anchor file or a system log, to check against the chain.
///
/// A line counts if it holds `ratui-anchor` (a system log holds other lines too); what follows
/// must be `<first> <last> <hash>`, or the line is reported as malformed. Lines are kept in
/// memory: one small entry for each change anchored.
public struct AnchorLog: Sendable {
    public struct Entry: Hashable, Sendable {
        /// The line's number in the file.
        public let line: Int
        public let first: Int64
        public let last: Int64
        public let hash: String
    }

    public let path: String
    public let entries: [Entry]
    /// Lines marked as anchors that could not be read, by number.
    public let malformedLines: [Int]

    /// Reads an anchor file. Throws `RegistryError.notFound` when it is missing, `.io` when it
    /// cannot be read.
    public static func read(path: String) throws(RegistryError) -> AnchorLog {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw .notFound(path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, message: "cannot read the anchor file: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var reader = LineReader(handle: handle, maximumLength: 4_096)
        var entries: [Entry] = []
        var malformed: [Int] = []
        while let line = reader.next() {
            guard case .text(let data) = line else { continue }
            let text = String(decoding: data, as: UTF8.self)
            guard let marker = text.range(of: AuditAnchor.marker + " ") else { continue }
            if let entry = parse(text[marker.upperBound...], line: reader.lineNumber) {
                entries.append(entry)
            } else {
                malformed.append(reader.lineNumber)
            }
        }
        if let error = reader.error {
            throw .io(path: path, message: "reading the anchor file stopped: \(error)")
        }
        return AnchorLog(path: path, entries: entries, malformedLines: malformed)
    }

    public init(path: String, entries: [Entry], malformedLines: [Int] = []) {
        self.path = path
        self.entries = entries
        self.malformedLines = malformedLines
    }

    /// `<first> <last> <hash>`, then anything (the time).
    private static func parse(_ text: Substring, line: Int) -> Entry? {
        let words = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard words.count >= 3, let first = Int64(words[0]), let last = Int64(words[1]), first >= 1, first <= last
        else { return nil }
        let hash = words[2].trimmingCharacters(in: .whitespacesAndNewlines)
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return Entry(line: line, first: first, last: last, hash: hash)
    }
}
