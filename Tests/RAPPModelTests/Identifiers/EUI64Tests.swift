import Foundation
import PropertyBased
import Testing

@testable import RAPPModel

@Suite("EUI-64 identifiers")
struct EUI64Tests {
    struct ParseVector: Decodable {
        let input: String
        let canonical: String?
        let error: String?
    }

    static let publicVectors: [ParseVector] = {
        struct File: Decodable { let parse: [ParseVector] }
        return try! JSONDecoder().decode(File.self, from: Fixtures.data("eui64-public-vectors.json")).parse
    }()

    @Test("every public parse vector gives its canonical text or its error code", arguments: publicVectors)
    func publicVector(_ vector: ParseVector) {
        do {
            let identifier = try EUI64(parsing: vector.input)
            #expect(identifier.canonical == vector.canonical, "input \(vector.input)")
            #expect(vector.error == nil)
        } catch {
            #expect(error.code.rawValue == vector.error, "input \(vector.input)")
        }
    }

    @Test("the exact shapes read without the full parser give what the full parser gives; anything else goes to it")
    func exactShapes() async {
        func exactly(_ text: String) -> EUI64? {
            var text = text
            return text.withUTF8 { EUI64(exactly: $0) }
        }
        await propertyCheck(count: 500, input: Gen.uint64()) { value in
            let identifier = EUI64(value)
            let hex = String(value, radix: 16)
            let plain = String(repeating: "0", count: 16 - hex.count) + hex
            let pairs = stride(from: 0, to: 16, by: 2).map { plain.dropFirst($0).prefix(2) }
            for text in [identifier.canonical, plain, plain.uppercased(), pairs.joined(separator: ":")] {
                #expect(exactly(text) == identifier, "\(text)")
                #expect((try? EUI64(parsing: text, allowReserved: true)) == identifier, "\(text)")
                #expect((try? EUI64(parsing: text)) == (identifier.isReserved ? nil : identifier), "\(text)")
            }
            // Near misses are not read exactly; the full parser decides (and explains) them.
            var mixed = Array(identifier.canonical)
            mixed[5] = ":"
            let canonical: String = identifier.canonical
            var nearMisses: [String] = [" " + canonical, canonical + "\r", String(mixed)]
            nearMisses.append(String(plain.dropLast()))
            nearMisses.append(plain + "0")
            nearMisses.append("g" + String(plain.dropFirst()))
            nearMisses.append(String(canonical.dropLast()) + "\u{0}")
            nearMisses.append(String(plain.dropLast(2)) + "-" + String(plain.suffix(2)))
            for text in nearMisses {
                #expect(exactly(text) == nil, "\(text.debugDescription)")
            }
        }
    }

    @Test("accepts both ends of the unsigned 64-bit space")
    func bothEnds() throws {
        #expect(try EUI64(parsing: "0000000000000000") == EUI64.min)
        #expect(try EUI64(parsing: "ff:ff:ff:ff:ff:ff:ff:ff", allowReserved: true) == EUI64.max)
        #expect(EUI64.max.canonical == "FF-FF-FF-FF-FF-FF-FF-FF")
        #expect(EUI64(0x8000_0000_0000_0000).canonical == "80-00-00-00-00-00-00-00")
        #expect(try EUI64(parsing: "7F-FF-FF-FF-FF-FF-FF-FE", allowReserved: true).value == 0x7FFF_FFFF_FFFF_FFFE)
    }

    @Test(
        "refuses FF-FF-FF-FF-FF-FF-FF-FF as reserved unless asked",
        arguments: ["FFFFFFFFFFFFFFFF", "90-B3-D5-FF-FE-00-00-01", "00:00:00:ff:ff:00:00:00"])
    func reserved(_ text: String) throws {
        #expect(throws: ValidationIssue.self) { try EUI64(parsing: text) }
        do { _ = try EUI64(parsing: text) } catch { #expect(error.code == .eui64Reserved) }
        #expect(try EUI64(parsing: text, allowReserved: true).isReserved)
    }

    @Test(
        "values next to the reserved block are not reserved",
        arguments: [
            "90-B3-D5-FF-FD-FF-FF-FF", "90-B3-D6-00-00-00-00-00", "90-B3-D5-FE-FF-FF-FF-FF", "00-00-00-FF-FD-00-00-00",
        ])
    func notReserved(_ text: String) throws {
        #expect(try EUI64(parsing: text).isReserved == false)
    }

    @Test(
        "rejects hostile text with a code that says what is wrong",
        arguments: ([
            ("", "eui64.length"),
            ("   ", "eui64.length"),
            ("90B3D51F30010", "eui64.length"),
            ("90-B3-D5-1F-30-01-00", "eui64.length"),
            ("90-B3-D5-1F-30-01-00-00-00", "eui64.length"),
            (String(repeating: "A", count: 100_000), "eui64.length"),  // shown as a label below
            ("90B3D51F3001000Z", "eui64.character"),
            ("90B3D51F300100\u{1B}[", "eui64.character"),
            ("90B3D51F30010000\u{0}", "eui64.character"),
            ("90 B3 D5 1F 30 01 00 00", "eui64.character"),
            ("９０B3D51F30010000", "eui64.character"),
            ("0x90B3D51F300100", "eui64.character"),
            ("90B3D51F3001000é", "eui64.character"),
            ("90-B3-D5-1F-30-01-00:00", "eui64.separators"),
            ("90B3-D51F-3001-0000", "eui64.separators"),
            ("-90B3D51F30010000", "eui64.separators"),
            ("90--B3D51F30010000", "eui64.separators"),
            ("9-0B3-D5-1F-30-01-00-00", "eui64.separators"),
        ] as [(String, String)]).map {
            Labelled($0.0.count > 40 ? "\($0.0.count) characters" : $0.0.debugDescription, ($0.0, $0.1))
        })
    func hostile(_ example: Labelled<(String, String)>) {
        let (input, code) = example.value
        do {
            let value = try EUI64(parsing: input)
            Issue.record("\(input.prefix(40)) parsed as \(value)")
        } catch {
            #expect(error.code.rawValue == code, "input \(input.prefix(40))")
            #expect(error.message.count < 300, "messages stay short whatever the input")
            #expect(
                !error.message.unicodeScalars.contains { VisibleText.isControl($0) },
                "control characters are made visible")
        }
    }

    @Test("trims surrounding white space, including tabs and line breaks")
    func trims() throws {
        #expect(try EUI64(parsing: "\t90b3d51f30010000\n").canonical == "90-B3-D5-1F-30-01-00-00")
    }

    @Test("the canonical text parses back to the same value, over the whole space")
    func roundTrip() async {
        await propertyCheck(count: 2_000, input: Gen.uint64()) { value in
            let identifier = EUI64(value)
            #expect((try? EUI64(parsing: identifier.canonical, allowReserved: true)) == identifier)
            #expect(EUI64(storageKey: identifier.storageKey) == identifier)
        }
    }

    @Test("the storage key orders as the unsigned value does, across the top bit")
    func storageOrder() async {
        await propertyCheck(count: 2_000, input: Gen.uint64(), Gen.uint64()) { a, b in
            #expect((EUI64(a).storageKey < EUI64(b).storageKey) == (a < b))
        }
        #expect(EUI64.min.storageKey == Int64.min)
        #expect(EUI64.max.storageKey == Int64.max)
        #expect(EUI64(0x7FFF_FFFF_FFFF_FFFF).storageKey < EUI64(0x8000_0000_0000_0000).storageKey)
    }

    @Test("reads the group and local bits of the first octet and the OUI")
    func bits() {
        #expect(EUI64(0x0100_0000_0000_0000).isGroup)
        #expect(!EUI64(0x0100_0000_0000_0000).isLocal)
        #expect(EUI64(0x0200_0000_0000_0000).isLocal)
        #expect(!EUI64(0x90B3_D51F_3001_0000).isGroup)
        #expect(EUI64(0x90B3_D51F_3001_0000).oui == 0x90B3D5)
    }
}

extension EUI64Tests.ParseVector: CustomTestStringConvertible {
    var testDescription: String { input.debugDescription }
}
