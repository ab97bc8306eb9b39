import Foundation

/// Reads a file that must be a regular file, at most `limit` bytes of it, without ever waiting.
///
/// A path handed to a check may name a FIFO (reading blocks until someone writes), a device such
/// as /dev/zero (endless) or a folder. The file is opened non-blocking, checked to be regular
/// with `fstat` on the open descriptor (so it cannot be swapped between the check and the read),
/// and read only to one byte past `limit`, so a caller can tell "too large" from "exactly full".
public enum RegularFile {
    /// Why a path could not be read: exit 66, as for any input file.
    public struct ReadError: CodedError, Hashable {
        public enum Reason: String, Sendable {
            case missing = "input.missing"
            case notRegular = "input.not-a-file"
            case unreadable = "input.unreadable"
        }

        public let path: String
        public let reason: Reason
        public let detail: String

        public var code: String { reason.rawValue }
        public var exitStatus: ExitStatus { .inputMissing }
        public var description: String {
            switch reason {
            case .missing: "\(VisibleText.escaped(path)): no such file."
            case .notRegular: "\(VisibleText.escaped(path)): not a regular file (\(detail)); give the path of a file."
            case .unreadable: "\(VisibleText.escaped(path)): cannot be read (\(detail))."
            }
        }
    }

    /// The file's first `limit + 1` bytes at most.
    public static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let number = errno
            throw ReadError(path: path, reason: number == ENOENT || number == ENOTDIR ? .missing : .unreadable, detail: String(cString: strerror(number)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ReadError(path: path, reason: .unreadable, detail: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(path: path, reason: .notRegular, detail: kind(status.st_mode))
        }
        var bytes = [UInt8](repeating: 0, count: min(limit + 1, max(Int(status.st_size), 0) + 1))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: .unreadable, detail: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
            // A file that grew since fstat: read on, still to the limit.
            if filled == bytes.count && bytes.count < limit + 1 {
                bytes.append(contentsOf: repeatElement(0, count: min(limit + 1, bytes.count * 2) - bytes.count))
            }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}
