import Foundation

/// Reads a file line by line in fixed-size chunks, so any size of file needs the same memory.
///
/// A line longer than `maximumLength` is reported as `.tooLong` instead of being held in memory:
/// in a file it is skipped to its end and reading goes on; in a stream (`skipsLongLines` false),
/// which may never end, reading stops there. A NUL byte, which JSON text never holds, stops
/// reading at its line (`.notText`): /dev/zero or /dev/urandom on standard input end at once
/// instead of running forever.
public struct LineReader {
    public enum Line: Equatable {
        case text(Data)
        case tooLong
        /// The line holds a NUL byte; nothing after it is read.
        case notText
    }

    public let handle: FileHandle
    public let maximumLength: Int
    public let skipsLongLines: Bool
    public static let chunkSize = 1 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfFile = false
    private var skippingLongLine = false
    /// A NUL byte was read: the buffer ends just before it, and so does reading.
    private var sawNUL = false
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Why reading stopped early: the operating system's words (`strerror`).
    public private(set) var error: String?

    public init(handle: FileHandle, maximumLength: Int, skipsLongLines: Bool = true) {
        self.handle = handle
        self.maximumLength = maximumLength
        self.skipsLongLines = skipsLongLines
    }

    public mutating func next() -> Line? {
        while true {
            if let line = nextBuffered() { return line }
            guard readMore() else { return nil }
        }
    }

    /// The next line if it has been read already, without reading (so without waiting on a pipe
    /// or terminal): nil when no whole line is buffered. After the end of the input it returns
    /// the last lines, then nil. A caller that answers lines can so answer everything already
    /// read, write the answers out, and only then `readMore()`.
    public mutating func nextBuffered() -> Line? {
        switch nextBufferedPlace() {
        case nil: nil
        case .text(let bytes): .text(Data(buffer[bytes]))
        case .tooLong: .tooLong
        case .notText: .notText
        }
    }

    /// A line of `nextBuffered()` and its number, its bytes lent to `body` instead of copied into
    /// a `Data` (`whois --file` reads a line a look-up); the bytes are valid only inside `body`.
    public mutating func withNextBuffered<T>(_ body: (BorrowedLine, _ number: Int) throws -> T) rethrows -> T? {
        switch nextBufferedPlace() {
        case nil: return nil
        case .text(let bytes):
            let number = lineNumber
            return try buffer.withUnsafeBufferPointer {
                try body(.text(UnsafeBufferPointer(rebasing: $0[bytes])), number)
            }
        case .tooLong: return try body(.tooLong, lineNumber)
        case .notText: return try body(.notText, lineNumber)
        }
    }

    /// Whether `nextBuffered()` would return a line now, without reading or taking it.
    public var hasBufferedLine: Bool {
        nextNewline() != nil || (endOfFile && error == nil && (position < buffer.count || skippingLongLine || sawNUL))
    }

    /// A line as `withNextBuffered` lends it.
    public enum BorrowedLine {
        case text(UnsafeBufferPointer<UInt8>)
        case tooLong
        case notText
    }

    /// Where the next buffered line is: `nextBuffered()` with the text as its place in `buffer`.
    private enum Place {
        case text(Range<Int>)
        case tooLong
        case notText
    }

    private mutating func nextBufferedPlace() -> Place? {
        if let newline = nextNewline() {
            let start = position
            position = newline + 1
            lineNumber += 1
            if skippingLongLine {
                skippingLongLine = false
                return .tooLong
            }
            if newline - start > maximumLength { return .tooLong }
            return .text(start..<newline)
        }
        // The input's last line, with no line break; after a read error the rest is a line cut
        // short: not returned, so it is where reading resumes (`hasBufferedLine`).
        guard hasBufferedLine else { return nil }
        lineNumber += 1
        let rest = position..<buffer.count
        position = buffer.count
        if sawNUL {
            sawNUL = false
            skippingLongLine = false
            return .notText
        }
        if skippingLongLine {
            skippingLongLine = false
            return .tooLong
        }
        return rest.count > maximumLength ? .tooLong : .text(rest)
    }

    /// Reads the next chunk, waiting for it if the input is a pipe or terminal; false once the
    /// input has ended (the lines still buffered are `nextBuffered()`'s).
    public mutating func readMore() -> Bool {
        guard !endOfFile else { return false }
        // Keep only the unread part, then read more; drop a line already known to be too long.
        buffer.removeSubrange(0..<position)
        position = 0
        if buffer.count > maximumLength {
            guard skipsLongLines else {
                // A stream: stop at the long line rather than read on for its end.
                endOfFile = true
                buffer.removeAll()
                skippingLongLine = true
                return true
            }
            skippingLongLine = true
            buffer.removeAll(keepingCapacity: true)
        }
        readChunk()
        return true
    }

    /// Appends the next chunk to the buffer, up to a NUL byte if it holds one.
    private mutating func readChunk() {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        var count = 0
        while true {
            count = buffer.withUnsafeMutableBytes {
                Glibc.read(handle.fileDescriptor, $0.baseAddress! + start, Self.chunkSize)
            }
            if count < 0 && errno == EINTR { continue }
            break
        }
        if count < 0 {
            error = String(cString: strerror(errno))
            count = 0
        }
        buffer.removeSubrange((start + count)...)
        if count == 0 {
            endOfFile = true
            return
        }
        let nul = buffer.withUnsafeBufferPointer { bytes in
            memchr(bytes.baseAddress! + start, 0, count).map {
                bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
        }
        if let nul {
            buffer.removeSubrange(nul...)
            sawNUL = true
            endOfFile = true
        }
    }

    private func nextNewline() -> Int? {
        guard position < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress,
                let found = memchr(base + position, 0x0A, bytes.count - position)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
