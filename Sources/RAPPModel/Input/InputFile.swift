import Foundation

/// An input a command reads: a regular file, or `-` for standard input.
///
/// Only regular files are opened: a FIFO with no writer would block the open, and a device
/// such as /dev/zero or /dev/urandom never ends. The file is opened without blocking and checked
/// on the descriptor itself (`fstat`), so nothing can be swapped in between. Standard input is
/// whatever the caller connected; readers of it keep per-line or whole-input limits.
public struct InputFile: Sendable {
    /// The path as given, or `-`.
    public let path: String
    public let handle: FileHandle

    /// Standard input, as `-` names it.
    public static let standardInputName = "-"

    public var isStandardInput: Bool { path == Self.standardInputName }

    /// How messages name it.
    public var name: String { isStandardInput ? "standard input" : path }

    /// Opens `path`, or standard input for `-`.
    public static func open(_ path: String) throws(InputError) -> InputFile {
        if path == standardInputName { return InputFile(path: path, handle: .standardInput) }
        return try openRegularFile(path)
    }

    /// The first `limit + 1` bytes at most of the regular file at `path` (never standard input).
    ///
    /// For inputs that are always named files (a CSR, a certificate, each member of a folder):
    /// a file called `-` there is a file, and a FIFO or device is refused like anywhere else.
    public static func bytes(ofFile path: String, upTo limit: Int) throws(InputError) -> [UInt8] {
        do {
            return [UInt8](try openRegularFile(path).read(upTo: limit))
        } catch .notAFile(let path, let kind) {
            throw .notARegularFile(path: path, kind: kind)
        }
    }

    /// Opens the regular file at `path`, checked on its descriptor.
    private static func openRegularFile(_ path: String) throws(InputError) -> InputFile {
        let descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missing(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(path: path, reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .notAFile(path: path, kind: kind(of: status.st_mode))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return InputFile(path: path, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
    }

    /// Reads the whole input, but at most `limit + 1` bytes, so a caller can tell input over its
    /// limit from input at it without holding more.
    public func read(upTo limit: Int) throws(InputError) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while data.count <= limit {
            let wanted = min(chunk.count, limit + 1 - data.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: name, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        return data
    }

    /// What a file of this mode is, in words: "a FIFO (named pipe)", "a folder".
    public static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}
