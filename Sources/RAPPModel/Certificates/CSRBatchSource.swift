import Foundation
import ZIPFoundation

/// Where a batch of requests comes from: a folder of `.csr` files, or a ZIP of them as SEC
/// Appendix M batches are. Members are handed over a chunk at a time, so memory stays flat
/// however many there are.
public struct CSRBatchSource: Sendable {
    /// One request of the batch: its name, and its bytes or why they could not be read.
    public struct Member: Sendable {
        public let name: String
        public let bytes: Result<[UInt8], ValidationIssue>
    }

    public enum Kind: Sendable {
        case folder
        case zip
    }

    /// Why the batch itself cannot be read: exit 66, like any input.
    public struct OpenError: CodedError, Hashable {
        public let path: String
        public let detail: String
        public var code: String { "input.unreadable" }
        public var exitStatus: ExitStatus { .inputMissing }
        public var description: String { "\(VisibleText.escaped(path)): \(detail)" }
    }

    /// The most requests Appendix M allows in one batch.
    public static let maximumMembers = 50_000
    /// The name a member must have to be read as a request.
    public static func isRequestName(_ name: String) -> Bool { name.lowercased().hasSuffix(".csr") }

    public let path: String
    public let kind: Kind

    /// A folder, or a regular file read as a ZIP.
    public init(path: String) throws(OpenError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw OpenError(path: path, detail: "no such file or folder.")
        }
        if isFolder.boolValue {
            kind = .folder
        } else {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                throw OpenError(
                    path: path, detail: "not a folder or a regular file; give a folder of .csr files or a ZIP of them.")
            }
            kind = .zip
        }
        self.path = path
    }

    /// Hands the requests over `chunkSize` at a time, in name order for a folder and archive
    /// order for a ZIP. Returns how many files were not requests (other names, folders, links).
    @discardableResult
    public func forEachChunk(size chunkSize: Int, _ body: ([Member]) throws -> Void) throws -> Int {
        switch kind {
        case .folder: try folderChunks(size: chunkSize, body)
        case .zip: try zipChunks(size: chunkSize, body)
        }
    }

    private func folderChunks(size chunkSize: Int, _ body: ([Member]) throws -> Void) throws -> Int {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw OpenError(path: path, detail: "the folder cannot be read.")
        }
        let requests = names.filter(Self.isRequestName).sorted()
        var chunk: [Member] = []
        chunk.reserveCapacity(chunkSize)
        for name in requests {
            let file = (path as NSString).appendingPathComponent(name)
            let bytes: Result<[UInt8], ValidationIssue>
            do {
                bytes = .success(try InputFile.bytes(ofFile: file, upTo: CSRCheck.maximumSize))
            } catch {
                bytes = .failure(ValidationIssue(.csrFile, error.description))
            }
            chunk.append(Member(name: name, bytes: bytes))
            if chunk.count == chunkSize {
                try body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try body(chunk) }
        return names.count - requests.count
    }

    private func zipChunks(size chunkSize: Int, _ body: ([Member]) throws -> Void) throws -> Int {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw OpenError(path: path, detail: "not a ZIP file ratui can read.")
        }
        var skipped = 0
        var chunk: [Member] = []
        chunk.reserveCapacity(chunkSize)
        for entry in archive {
            guard entry.type == .file, Self.isRequestName(entry.path) else {
                skipped += 1
                continue
            }
            chunk.append(Member(name: entry.path, bytes: Self.read(entry, from: archive)))
            if chunk.count == chunkSize {
                try body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try body(chunk) }
        return skipped
    }

    /// One member's bytes, never more than the limit however its header lies about its size.
    private static func read(_ entry: Entry, from archive: Archive) -> Result<[UInt8], ValidationIssue> {
        struct TooLarge: Error {}
        let limit = CSRCheck.maximumSize
        if entry.uncompressedSize > UInt64(limit) {
            return .failure(
                ValidationIssue(
                    .csrEncoding,
                    "The member is \(entry.uncompressedSize) bytes uncompressed; a certificate signing request is about 1 KiB, at most \(limit / 1024) KiB."
                ))
        }
        var bytes: [UInt8] = []
        do {
            let checksum = try archive.extract(entry, bufferSize: 16 * 1024) { data in
                guard bytes.count + data.count <= limit else { throw TooLarge() }
                bytes.append(contentsOf: data)
            }
            guard checksum == entry.checksum else {
                return .failure(ValidationIssue(.csrFile, "The member is damaged: its CRC-32 does not match."))
            }
        } catch is TooLarge {
            return .failure(
                ValidationIssue(
                    .csrEncoding,
                    "The member decompresses to more than \(limit / 1024) KiB; a certificate signing request is about 1 KiB."
                ))
        } catch {
            return .failure(
                ValidationIssue(
                    .csrFile,
                    "The member cannot be read from the ZIP: it is damaged or uses a compression ratui does not know."))
        }
        return .success(bytes)
    }
}
