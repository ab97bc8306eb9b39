import Foundation
import Testing

@testable import RAPPModel

/// `LineReader` lends a line's bytes (`withNextBuffered`) or copies them (`nextBuffered`): both
/// must give the same lines, numbers and refusals, and `hasBufferedLine` must say when one waits.
@Suite("Reading lines")
struct LineReaderTests {
    /// Usual lines, blank ones, CR LF, invalid UTF-8, a line longer than the limit and one longer
    /// than a read chunk, a last line without a line break, and text after a NUL.
    static func input(endingWithNUL: Bool) -> Data {
        var data = Data("90-B3-D5-1F-30-01-AB-CD\n\n  spaced  \r\nZoë\n".utf8)
        data.append(contentsOf: [0x39, 0x30, 0xFF, 0xFE, 0x0A])
        data.append(Data(repeating: UInt8(ascii: "A"), count: 300))
        data.append(0x0A)
        data.append(Data(repeating: UInt8(ascii: "B"), count: LineReader.chunkSize + 10))
        data.append(Data("\nexactly\n".utf8))
        data.append(Data(repeating: UInt8(ascii: "C"), count: 256))
        data.append(Data("\nlast".utf8))
        if endingWithNUL { data.append(Data("\nbefore\u{0}after\nmore\n".utf8)) }
        return data
    }

    enum Read: Equatable {
        case text(Data, Int)
        case tooLong(Int)
        case notText(Int)
    }

    /// Every line of `data`, read either way, checking `hasBufferedLine` before each.
    static func lines(_ data: Data, lending: Bool) throws -> [Read] {
        let url = Fixtures.temporaryFolder().appending(path: "lines.txt")
        try data.write(to: url)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = LineReader(handle: handle, maximumLength: 256)
        var lines: [Read] = []
        repeat {
            while true {
                let waiting = reader.hasBufferedLine
                let line: Read?
                if lending {
                    line = reader.withNextBuffered { line, number in
                        switch line {
                        case .text(let bytes): .text(Data(bytes), number)
                        case .tooLong: .tooLong(number)
                        case .notText: .notText(number)
                        }
                    }
                } else {
                    line = reader.nextBuffered().map {
                        switch $0 {
                        case .text(let data): .text(data, reader.lineNumber)
                        case .tooLong: .tooLong(reader.lineNumber)
                        case .notText: .notText(reader.lineNumber)
                        }
                    }
                }
                #expect(waiting == (line != nil))
                guard let line else { break }
                lines.append(line)
            }
        } while reader.readMore()
        #expect(!reader.hasBufferedLine)
        return lines
    }

    @Test("lent lines are the copied lines, with the same numbers and refusals", arguments: [false, true])
    func lentAsCopied(endingWithNUL: Bool) throws {
        let data = Self.input(endingWithNUL: endingWithNUL)
        let copied = try Self.lines(data, lending: false)
        #expect(try Self.lines(data, lending: true) == copied)
        #expect(copied.first == .text(Data("90-B3-D5-1F-30-01-AB-CD".utf8), 1))
        #expect(copied.contains(.tooLong(6)) && copied.contains(.tooLong(7)))
        #expect(copied.contains(.text(Data(repeating: UInt8(ascii: "C"), count: 256), 9)))
        if endingWithNUL {
            #expect(copied.suffix(2) == [.text(Data("last".utf8), 10), .notText(11)])
        } else {
            #expect(copied.last == .text(Data("last".utf8), 10))
        }
    }
}
