import CertificateFixtures
import Foundation
import Testing
import ZIPFoundation

@testable import RAPPModel

/// A batch is a folder of `.csr` files or a ZIP of them (SEC Appendix M): each request gets its
/// own result, in order, unreadable members included, and a summary counts them.
@Suite struct CSRBatchTests {
    let folder = Fixtures.temporaryFolder()
    let check = CSRCheck(rules: Fixtures.library.rules)

    /// Three good requests, one with a wrong signature, and a note that is not a request.
    func files() throws -> [(String, [UInt8])] {
        var bad = CSRFixture.organisation()
        bad.signedByAnotherKey = true
        return [
            ("a.csr", try CSRFixture.organisation(0x90B3_D51F_3001_0001).der()),
            ("b.CSR", CSRText.base64(try CSRFixture.organisation(0x90B3_D51F_3001_0002).der())),
            ("c.csr", try bad.der()),
            (
                "d.csr",
                CSRText.base64(
                    try CSRFixture.organisation(0x90B3_D51F_3001_0003).der(), width: 76,
                    header: "NEW CERTIFICATE REQUEST", newline: "\r\n")
            ),
            ("readme.txt", Array("not a request".utf8)),
        ]
    }

    func run(_ path: String, chunkSize: Int = 2) throws -> ([(String, CSRCheckResult)], CSRBatchCheck.Summary) {
        var results: [(String, CSRCheckResult)] = []
        let summary = try CSRBatchCheck(check: check, chunkSize: chunkSize).run(
            try CSRBatchSource(path: path), context: .init(lookup: nil)
        ) {
            results.append(($0, $1))
        }
        return (results, summary)
    }

    @Test func aFolderIsCheckedInNameOrderWithASummary() throws {
        for (name, bytes) in try files() {
            try Data(bytes).write(to: folder.appending(path: name))
        }
        #expect(mkfifo(folder.appending(path: "pipe.csr").path, 0o600) == 0)
        let (results, summary) = try run(folder.path)
        #expect(results.map(\.0) == ["a.csr", "b.CSR", "c.csr", "d.csr", "pipe.csr"])
        #expect(results.map { Fixtures.codes($0.1.report.errors) } == [[], [], ["csr.signature"], [], ["csr.file"]])
        #expect(
            summary.checked == 5 && summary.passed == 3 && summary.withWarnings == 3 && summary.failed == 2
                && summary.skipped == 1)
        #expect(summary.errorCounts == ["csr.signature": 1, "csr.file": 1])
        #expect(!summary.passes)
    }

    @Test func aZIPIsCheckedInArchiveOrder() throws {
        let path = folder.appending(path: "batch.zip")
        let archive = try Archive(url: path, accessMode: .create)
        for (name, bytes) in try files() {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        try archive.addEntry(with: "folder/", type: .directory, uncompressedSize: Int64(0)) { (_: Int64, _: Int) in
            Data()
        }
        let big = [UInt8](repeating: 0x41, count: CSRCheck.maximumSize + 1)
        try archive.addEntry(
            with: "huge.csr", type: .file, uncompressedSize: Int64(big.count), compressionMethod: .deflate
        ) { position, size in
            Data(big[Int(position)..<Int(position) + size])
        }
        let (results, summary) = try run(path.path, chunkSize: 3)
        #expect(results.map(\.0) == ["a.csr", "b.CSR", "c.csr", "d.csr", "huge.csr"])
        #expect(
            results.map { Fixtures.codes($0.1.report.errors) } == [[], [], ["csr.signature"], [], ["csr.encoding"]])
        #expect(summary.skipped == 2)
        #expect(summary.failed == 2)
    }

    @Test func aFileThatIsNotAZIPCannotBeOpened() throws {
        let path = folder.appending(path: "not.zip")
        try Data(repeating: 0x42, count: 4096).write(to: path)
        #expect(throws: CSRBatchSource.OpenError.self) { try run(path.path) }
        #expect(throws: CSRBatchSource.OpenError.self) {
            try CSRBatchSource(path: folder.appending(path: "missing").path)
        }
        #expect(throws: CSRBatchSource.OpenError.self) { try CSRBatchSource(path: "/dev/zero") }
    }

    @Test func anEmptyFolderPassesWithNothingChecked() throws {
        let (results, summary) = try run(folder.path)
        #expect(results.isEmpty && summary.checked == 0 && summary.passes)
    }
}
