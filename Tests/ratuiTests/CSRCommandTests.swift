import CertificateFixtures
import Foundation
import SwiftASN1
import Testing
import ZIPFoundation

/// `ratui csr check` and `ratui cert show` end to end: what a script sees, exit codes included.
@Suite("csr check and cert show")
struct CSRCommandTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    /// A registry holding Northwind (Import and Gas Supplier) and Southgate (Electricity Distributor).
    func registry() throws {
        try ratui.bootstrap()
        for (name, ranges) in [
            (
                "Northwind Energy Ltd",
                [
                    ("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                    ("gas-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF"),
                ]
            ),
            (
                "Southgate Networks plc",
                [("electricity-distributor", "90-B3-D5-1F-40-00-00-00", "90-B3-D5-1F-40-00-FF-FF")]
            ),
        ] {
            let form = try ratui.write("\(name).json", RatuiProcess.form(name: name, ranges))
            let stored = try ratui.run(["org", "submit", form] + db + ratui.signIn)
            precondition(stored.status == 0, stored.stderr)
        }
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = ratui.folder.appending(path: name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("a good request exits 0 and says whose EUI-64 it is, in text and JSON")
    func passes() throws {
        try registry()
        let path = try file(
            "good.csr", CSRText.base64(try CSRFixture.organisation(0x90B3_D51F_3001_0001, ou: "02").der()))
        let text = try ratui.run(["csr", "check", path] + db)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("valid (0 errors, 0 warnings)"))
        #expect(text.stdout.contains("EUI-64: 90-B3-D5-1F-30-01-00-01"))
        #expect(text.stdout.contains("held by organisation 1 \"Northwind Energy Ltd\" as Import Supplier"))
        let json = try ratui.run(["csr", "check", "--json", path] + db)
        #expect(json.status == 0)
        #expect(try json.json["valid"] as? Bool == true)
        #expect(try (json.json["subject"] as? [String: Any])?["roleCode"] as? String == "02")
        #expect(try (json.json["holders"] as? [[String: Any]])?.count == 2)
    }

    @Test("an error exits 65 with its code; the role-code rule is marked a site rule")
    func fails() throws {
        try registry()
        let path = try file("wrong-role.csr", try CSRFixture.organisation(0x90B3_D51F_4000_0001, ou: "02").der())
        let result = try ratui.run(["csr", "check", "--json", path] + db)
        #expect(result.status == 65)
        let errors = try result.json["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["code"] as? String } == ["csr.role-code"])
        #expect(errors.first?["siteRule"] as? Bool == true)
        let other = try ratui.run(["csr", "check", "--organisation", "1", path] + db)
        #expect(other.status == 65)
        #expect(other.stdout.contains("csr.eui64.organisation"))
    }

    @Test("garbage and truncated input exit 65 csr.encoding; an unreadable path 66")
    func hostileInput() throws {
        try registry()
        var random = SystemRandomNumberGenerator()
        let garbage = try file("garbage.csr", (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) })
        let der = try CSRFixture.organisation().der()
        let truncated = try file("cut.csr", Array(der.prefix(der.count - 7)))
        for path in [garbage, truncated] {
            let result = try ratui.run(["csr", "check", "--json", path] + db)
            #expect(result.status == 65)
            #expect(try (result.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "csr.encoding")
        }
        let fifo = ratui.folder.appending(path: "pipe.csr").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero", ratui.folder.path, ratui.folder.appending(path: "missing.csr").path] {
            let result = try ratui.run(["csr", "check", path] + db)
            #expect(result.status == 66, "\(path): \(result.stderr)")
        }
    }

    @Test("no registry yet: the rules alone, with a warning, exit 0")
    func noRegistry() throws {
        let path = try file("good.csr", try CSRFixture.organisation().der())
        let result = try ratui.run(["csr", "check", path] + db)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("csr.no-registry"))
        #expect(!FileManager.default.fileExists(atPath: ratui.registryPath))
    }

    @Test("a batch prints a line each and a summary, and exits 65 when any request has an error")
    func batch() throws {
        try registry()
        let folder = ratui.folder.appending(path: "batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var bad = CSRFixture.organisation(0x90B3_D51F_3001_0003)
        bad.signedByAnotherKey = true
        let members: [(String, [UInt8])] = [
            ("1.csr", try CSRFixture.organisation(0x90B3_D51F_3001_0001).der()),
            (
                "2.csr",
                CSRText.base64(
                    try CSRFixture.organisation(0x90B3_D51F_3001_0002).der(), width: 76,
                    header: "NEW CERTIFICATE REQUEST")
            ),
            ("3.csr", try bad.der()),
        ]
        for (name, bytes) in members { try Data(bytes).write(to: folder.appending(path: name)) }
        let text = try ratui.run(["csr", "check", "--batch", folder.path] + db)
        #expect(text.status == 65)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("1.csr: passes 90-B3-D5-1F-30-01-00-01 organisation 1"))
        #expect(lines[2].contains("fails") && lines[2].contains("csr.signature"))
        #expect(lines[3].hasPrefix("3 checked: 2 pass"))

        let zip = ratui.folder.appending(path: "batch.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        for (name, bytes) in members.prefix(2) {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        let json = try ratui.run(["csr", "check", "--json", "--batch", zip.path] + db)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try (json.json["results"] as? [[String: Any]])?.map { $0["file"] as? String } == ["1.csr", "2.csr"])
        #expect(try (json.json["summary"] as? [String: Any])?["passed"] as? Int == 2)
    }

    @Test("cert show names the holder, exits 1 when nobody holds it and 65 for a request")
    func certShow() throws {
        try registry()
        let fixture = CSRFixture.organisation(0x90B3_D51F_3001_0042, ou: "02")
        let pem = try file("org.pem", Array(try fixture.certificate().serializeAsPEM().pemString.utf8))
        let shown = try ratui.run(["cert", "show", pem] + db)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("EUI-64:     90-B3-D5-1F-30-01-00-42"))
        #expect(shown.stdout.contains("role code:  02 (Supplier)"))
        #expect(shown.stdout.contains("organisation 1 \"Northwind Energy Ltd\" as Import Supplier"))
        var serializer = DER.Serializer()
        try serializer.serialize(try CSRFixture.organisation(0x0011_2233_4455_6677).certificate())
        let nobody = try ratui.run(["cert", "show", "--json", try file("nobody.der", serializer.serializedBytes)] + db)
        #expect(nobody.status == 1)
        #expect(try (nobody.json["holders"] as? [Any])?.isEmpty == true)
        let request = try ratui.run(["cert", "show", try file("req.csr", try fixture.der())] + db)
        #expect(request.status == 65)
        #expect(request.stderr.contains("cert.encoding") || request.stderr.contains("not an X.509 certificate"))
    }

    @Test("hostile text in a request is escaped in text and JSON output")
    func hostileText() throws {
        try registry()
        var fixture = CSRFixture.organisation(0x90B3_D51F_3001_0001, ou: "\u{1B}]0;pwned\u{07}")
        fixture.commonName = "\u{1B}[2J\u{202E}evil"
        let path = try file("hostile.csr", try fixture.der())
        for arguments in [["csr", "check", path], ["csr", "check", "--json", path]] {
            let result = try ratui.run(arguments + db)
            #expect(result.status == 65)
            #expect(!result.stdoutBytes.contains(0x1B) && !result.stdoutBytes.contains(0x07))
            #expect(!result.stdout.contains("\u{202E}"))
        }
    }
}
