import Foundation
import Testing

@testable import RAPPModel

/// A path handed to a check (a CSR, a certificate) is read only if it is a regular file, never
/// more than the limit, and never by waiting: a FIFO, /dev/zero or a folder is refused at once.
@Suite struct InputFileBytesTests {
    let folder = Fixtures.temporaryFolder()

    @Test func aRegularFileIsReadToOneBytePastTheLimit() throws {
        let path = folder.appending(path: "big").path
        try Data(repeating: 0x41, count: 10_000).write(to: URL(fileURLWithPath: path))
        #expect(try InputFile.bytes(ofFile: path, upTo: 100).count == 101)
        #expect(try InputFile.bytes(ofFile: path, upTo: 20_000).count == 10_000)
        let empty = folder.appending(path: "empty").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try InputFile.bytes(ofFile: empty, upTo: 100).isEmpty)
    }

    @Test func aMissingFileIsMissing() {
        #expect { try InputFile.bytes(ofFile: folder.appending(path: "nothing").path, upTo: 10) } throws: { error in
            (error as? InputError) == .missing(path: folder.appending(path: "nothing").path)
                && (error as? InputError)?.exitStatus == .inputMissing
        }
    }

    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let path = folder.appending(path: "fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect { try InputFile.bytes(ofFile: path, upTo: 10) } throws: {
            ($0 as? InputError)?.code == "input.not-a-file"
        }
    }

    @Test func devZeroAndAFolderAreRefusedWithoutOfferingStandardInput() {
        for path in ["/dev/zero", folder.path] {
            #expect { try InputFile.bytes(ofFile: path, upTo: 10) } throws: { error in
                guard case .notARegularFile = error as? InputError else { return false }
                return !(error as! InputError).description.contains("standard input")
            }
        }
    }

    @Test("- names a file here, never standard input (which would wait for a terminal)")
    func aDashIsAFileName() {
        #expect { try InputFile.bytes(ofFile: "-", upTo: 10) } throws: { ($0 as? InputError) == .missing(path: "-") }
    }

    @Test("a path with control characters is shown escaped in the message")
    func controlCharactersInPathsAreEscaped() {
        let path = folder.appending(path: "evil\u{1B}[2Jname").path
        #expect { try InputFile.bytes(ofFile: path, upTo: 10) } throws: { error in
            !(error as! InputError).description.contains("\u{1B}")
        }
    }
}
