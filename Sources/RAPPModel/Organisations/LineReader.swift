import Foundation

/// Reads a file line by line in fixed-size chunks, so any size of file needs the same memory.
///
/// A line longer than `maximumLength` is skipped to its end and reported as `.tooLong` instead
/// of being held in memory.
struct LineReader {
    enum Line: Equatable {
        case text(Data)
        case tooLong
    }

    let handle: FileHandle
    let maximumLength: Int
    static let chunkSize = 1 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfFile = false
    private var skippingLongLine = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    private(set) var error: (any Error)?

    init(handle: FileHandle, maximumLength: Int) {
        self.handle = handle
        self.maximumLength = maximumLength
    }

    mutating func next() -> Line? {
        while true {
            if let newline = nextNewline() {
                let start = position
                position = newline + 1
                lineNumber += 1
                if skippingLongLine {
                    skippingLongLine = false
                    return .tooLong
                }
                if newline - start > maximumLength { return .tooLong }
                return .text(Data(buffer[start..<newline]))
            }
            if endOfFile {
                guard position < buffer.count || skippingLongLine else { return nil }
                lineNumber += 1
                let rest = buffer[position...]
                position = buffer.count
                if skippingLongLine {
                    skippingLongLine = false
                    return .tooLong
                }
                return rest.count > maximumLength ? .tooLong : .text(Data(rest))
            }
            // Keep only the unread part, then read more; drop a line already known to be too long.
            buffer.removeSubrange(0..<position)
            position = 0
            if buffer.count > maximumLength {
                skippingLongLine = true
                buffer.removeAll(keepingCapacity: true)
            }
            do {
                let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
                if chunk.isEmpty { endOfFile = true } else { buffer.append(contentsOf: chunk) }
            } catch {
                self.error = error
                endOfFile = true
            }
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
