import PropertyBased
import Testing

@testable import RAPPModel

/// The secret-field check splits ids and labels into words; ASCII text takes a byte-by-byte
/// path, which must split exactly as the path by Unicode characters.
@Suite("Policy invariants")
struct PolicyInvariantsTests {
    @Test("ids and labels split into lower-cased words at capitals and non-letters")
    func words() {
        #expect(PolicyInvariants.words("repositoryPin") == ["repository", "pin"])
        #expect(PolicyInvariants.words("PIN code") == ["pin", "code"])
        #expect(PolicyInvariants.words("ABc") == ["abc"])
        #expect(PolicyInvariants.words("pass-phrase2x") == ["pass", "phrase", "x"])
        #expect(PolicyInvariants.words("Mot de passe élevé") == ["mot", "de", "passe", "élevé"])
        #expect(PolicyInvariants.words("") == [])
    }

    @Test("the ASCII path splits random ASCII text exactly as the Unicode path")
    func asciiAgreesWithUnicode() async {
        let alphabet = Array("aZbY zA-_9\r\n\t.MmQq".unicodeScalars) + (0..<128).compactMap(Unicode.Scalar.init)
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed)
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                text.unicodeScalars.append(alphabet.randomElement(using: &random)!)
            }
            #expect(
                PolicyInvariants.asciiWords(text) == PolicyInvariants.unicodeWords(text), "\(text.debugDescription)")
        }
    }
}
