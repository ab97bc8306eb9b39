import Foundation
import Testing
@testable import RAPPModel

/// A path handed to a check is read only if it is a regular file, never more than the limit, and
/// never by waiting: a FIFO, /dev/zero or a folder is refused at once.
@Suite struct RegularFileTests {
    let folder = Fixtures.temporaryFolder()

    @Test func aRegularFileIsReadToOneBytePastTheLimit() throws {
        let path = folder.appending(path: "big").path
        try Data(repeating: 0x41, count: 10_000).write(to: URL(fileURLWithPath: path))
        #expect(try RegularFile.read(path, limit: 100).count == 101)
        #expect(try RegularFile.read(path, limit: 20_000).count == 10_000)
        let empty = folder.appending(path: "empty").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try RegularFile.read(empty, limit: 100).isEmpty)
    }

    @Test func aMissingFileIsMissing() {
        #expect { try RegularFile.read(folder.appending(path: "nothing").path, limit: 10) } throws: { error in
            (error as? RegularFile.ReadError)?.reason == .missing && (error as? RegularFile.ReadError)?.exitStatus == .inputMissing
        }
    }

    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let path = folder.appending(path: "fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect { try RegularFile.read(path, limit: 10) } throws: { ($0 as? RegularFile.ReadError)?.reason == .notRegular }
    }

    @Test func devZeroAndAFolderAreRefused() {
        #expect { try RegularFile.read("/dev/zero", limit: 10) } throws: { ($0 as? RegularFile.ReadError)?.reason == .notRegular }
        #expect { try RegularFile.read(folder.path, limit: 10) } throws: { ($0 as? RegularFile.ReadError)?.reason == .notRegular }
    }
}
