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

    private var buffer = Data()
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
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let start = position
                position = newline + 1
                lineNumber += 1
                if skippingLongLine {
                    skippingLongLine = false
                    return .tooLong
                }
                if newline - start > maximumLength { return .tooLong }
                return .text(buffer[start..<newline])
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
            // Keep only the unread part, then read more.
            buffer = buffer.count > position ? Data(buffer[position...]) : Data()
            position = 0
            if buffer.count > maximumLength {
                skippingLongLine = true
                buffer = Data()
            }
            do {
                let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
                if chunk.isEmpty { endOfFile = true } else { buffer.append(chunk) }
            } catch {
                self.error = error
                endOfFile = true
            }
        }
    }
}
