import Foundation
import GRDB
import Testing

@testable import RAPPModel

@Suite("Signing in and lockout")
struct SignInTests {
    let rules = Fixtures.library.rules
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    func setUp() throws -> (Registry, OperatorSession) {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        _ = try registry.addOperator(
            name: "carol", roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        return (registry, manager)
    }

    func signIn(
        _ registry: Registry, _ name: String = "carol", _ passphrase: String = Fixtures.passphrase, at time: Date
    ) throws -> OperatorSession {
        try registry.signIn(name: name, passphrase: passphrase, hasher: Fixtures.fastHasher, now: time)
    }

    func actions(_ registry: Registry) throws -> [String] {
        try registry.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit_event ORDER BY sequence") }
    }

    @Test("a wrong passphrase, an unknown name, a disabled account all fail with the same words")
    func sameFailure() throws {
        let (registry, manager) = try setUp()
        var messages: Set<String> = []
        for (name, passphrase) in [
            ("carol", "not the passphrase"), ("nobody", Fixtures.passphrase), ("CAROL ", Fixtures.passphrase),
        ] {
            do { _ = try signIn(registry, name, passphrase, at: start) } catch { messages.insert("\(error)") }
        }
        _ = try registry.disableOperator("carol", by: manager)
        do { _ = try signIn(registry, at: start) } catch { messages.insert("\(error)") }
        #expect(messages == [AccessError.signInFailed.description])
        #expect(try actions(registry).filter { $0 == "sign-in.failed" }.count == 4)
    }

    @Test("five wrong passphrases within an hour lock the account for an hour, even against the right one")
    func lockout() throws {
        let (registry, _) = try setUp()
        for minute in 0..<5 {
            #expect(throws: AccessError.signInFailed) {
                try signIn(registry, "carol", "wrong passphrase!", at: start.addingTimeInterval(Double(minute) * 60))
            }
        }
        #expect(try actions(registry).suffix(2) == ["sign-in.failed", "operator.locked"])
        #expect(throws: AccessError.signInFailed) { try signIn(registry, at: start.addingTimeInterval(30 * 60)) }
        #expect(throws: AccessError.signInFailed) { try signIn(registry, at: start.addingTimeInterval(63 * 60)) }
        // The lock runs from the fifth failure (minute 4) for an hour.
        _ = try signIn(registry, at: start.addingTimeInterval(65 * 60))
    }

    @Test("an operator signed in can learn that their own account is locked, and until when; only with their session")
    func ownLock() throws {
        let (registry, _) = try setUp()
        let carol = try signIn(registry, at: start)
        #expect(try registry.lockedUntil(of: carol, now: start) == nil)
        for second in 1...5 {
            _ = try? signIn(registry, "carol", "wrong passphrase!", at: start.addingTimeInterval(Double(second)))
        }
        let until = Timestamp.format(start.addingTimeInterval(5 + 60 * 60))
        #expect(try registry.lockedUntil(of: carol, now: start.addingTimeInterval(10)) == until)
        #expect(
            try registry.lockedUntil(of: carol, now: start.addingTimeInterval(2 * 60 * 60)) == nil,
            "a lock that ran out is no lock")
    }

    @Test("failures spread over more than the window do not lock")
    func window() throws {
        let (registry, _) = try setUp()
        for step in 0..<8 {
            #expect(throws: AccessError.signInFailed) {
                try signIn(registry, "carol", "wrong passphrase!", at: start.addingTimeInterval(Double(step) * 16 * 60))
            }
        }
        _ = try signIn(registry, at: start.addingTimeInterval(8 * 16 * 60))
        #expect(!(try actions(registry)).contains("operator.locked"))
    }

    @Test("a success clears the count of failures")
    func successResets() throws {
        let (registry, _) = try setUp()
        for round in 0..<3 {
            let base = start.addingTimeInterval(Double(round) * 600)
            for second in 0..<4 {
                #expect(throws: AccessError.signInFailed) {
                    try signIn(registry, "carol", "wrong passphrase!", at: base.addingTimeInterval(Double(second)))
                }
            }
            _ = try signIn(registry, at: base.addingTimeInterval(10))
        }
    }

    @Test("an ra-manager can unlock a locked account, and that is audited")
    func unlock() throws {
        let (registry, manager) = try setUp()
        for second in 0..<5 {
            #expect(throws: AccessError.signInFailed) {
                try signIn(registry, "carol", "wrong passphrase!", at: Date().addingTimeInterval(Double(second)))
            }
        }
        #expect(throws: AccessError.signInFailed) { try signIn(registry, at: Date()) }
        let unlocked = try registry.unlockOperator("carol", by: manager)
        #expect(unlocked.lockedUntil == nil)
        _ = try signIn(registry, at: Date())
        #expect(try actions(registry).contains("operator.unlocked"))
    }

    @Test("a hash made with fewer iterations is replaced at the next successful sign-in")
    func rehash() throws {
        let (registry, _) = try setUp()
        let stronger = PassphraseHasher(iterations: 2_000)
        _ = try registry.signIn(name: "carol", passphrase: Fixtures.passphrase, hasher: stronger)
        let stored = try registry.read { db in
            try String.fetchOne(db, sql: "SELECT passphrase_hash FROM operator WHERE name = 'carol'")
        }
        #expect(stored?.hasPrefix("pbkdf2-sha256$2000$") == true)
        _ = try registry.signIn(name: "carol", passphrase: Fixtures.passphrase, hasher: stronger)
    }

    @Test(
        "passphrases: at least 12 characters, no control characters, not absurdly long",
        arguments: [
            ("short phrase", true), ("elevenchars", false), ("", false), ("twelve chars\u{7}", false),
            (String(repeating: "x", count: 1_025), false), ("パスワードは十二文字以上です", true), ("tab\tin the middle", false),
        ])
    func passphraseRules(_ passphrase: String, _ accepted: Bool) {
        let result = Result { try Passphrase.validate(passphrase, policy: rules.signIn) }
        let passed = (try? result.get()) != nil
        #expect(passed == accepted)
    }

    @Test(
        "new passphrases refuse invisible and format characters, without saying which",
        arguments: VisibleTextTests.invisible + VisibleTextTests.formatSample)
    func invisibleInPassphrases(_ scalar: Unicode.Scalar) {
        let result = Result { () throws(AccessError) in
            try Passphrase.validate("correct horse\(Character(scalar)) battery", policy: rules.signIn)
        }
        guard case .failure(let error) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == IssueCode.passphraseInvalid.rawValue)
        #expect(error.description.contains("invisible"))
        #expect(!error.description.contains(String(format: "%04X", scalar.value)), "nothing of the passphrase is shown")
    }

    @Test("the same passphrase typed composed or decomposed signs in alike")
    func unicodeNormalisation() throws {
        let hasher = Fixtures.fastHasher
        let stored = try hasher.hash("caf\u{E9} au lait tous les jours")
        #expect(hasher.verify("cafe\u{301} au lait tous les jours", against: stored).matches)
        #expect(!hasher.verify("cafe au lait tous les jours", against: stored).matches)
    }

    @Test("the production hasher meets OWASP guidance and stores its parameters")
    func productionParameters() throws {
        #expect(PassphraseHasher().iterations >= 600_000)
        let stored = try Fixtures.fastHasher.hash(Fixtures.passphrase)
        let parts = stored.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "1000")
        #expect(Data(base64Encoded: String(parts[2]))?.count == 16)
        #expect(!Fixtures.fastHasher.verify(Fixtures.passphrase, against: "pbkdf2-sha256$0$$").matches)
        #expect(!Fixtures.fastHasher.verify(Fixtures.passphrase, against: "garbage").matches)
    }

    @Test("no passphrase text is stored anywhere but as its hash")
    func passphraseNeverStored() throws {
        let (registry, manager) = try setUp()
        let secret = "a very distinctive passphrase 7431"
        _ = try registry.addOperator(
            name: "dave", roles: ["auditor"], passphrase: secret, by: manager, hasher: Fixtures.fastHasher)
        _ = try? registry.signIn(name: "dave", passphrase: secret + "typo", hasher: Fixtures.fastHasher)
        _ = try registry.resetPassphrase(of: "dave", to: secret + " two", by: manager, hasher: Fixtures.fastHasher)
        let path = registry.path
        try registry.pool.close()
        let folder = (path as NSString).deletingLastPathComponent
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder).appending(path: file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the passphrase")
            #expect(bytes.range(of: Data("distinctive".utf8)) == nil, "\(file) holds part of the passphrase")
        }
        let reopened = try Registry.open(path: path, create: false, initialPolicy: Fixtures.library)
        let details = try reopened.read { db in try String.fetchAll(db, sql: "SELECT details FROM audit_event") }
        #expect(!details.contains { $0.contains("pbkdf2") || $0.contains("passphrase_hash") })
    }

    @Test(
        "a wrong current passphrase when changing one's own counts and locks as a sign-in does; a locked account cannot change it"
    )
    func changingOwnPassphraseCountsWrongCurrentOnes() throws {
        let (registry, _) = try setUp()
        let carol = try signIn(registry, at: start)
        for minute in 0..<5 {
            #expect(throws: AccessError.signInFailed) {
                try registry.changeOwnPassphrase(
                    current: "wrong passphrase!", to: "a new passphrase of carol's", by: carol,
                    hasher: Fixtures.fastHasher, now: start.addingTimeInterval(Double(minute) * 60))
            }
        }
        #expect(try actions(registry).suffix(2) == ["sign-in.failed", "operator.locked"])
        #expect(throws: AccessError.signInFailed) {
            try registry.changeOwnPassphrase(
                current: Fixtures.passphrase, to: "a new passphrase of carol's", by: carol, hasher: Fixtures.fastHasher,
                now: start.addingTimeInterval(30 * 60))
        }
        let account = try registry.changeOwnPassphrase(
            current: Fixtures.passphrase, to: "a new passphrase of carol's", by: carol, hasher: Fixtures.fastHasher,
            now: start.addingTimeInterval(65 * 60))
        #expect(account.name == "carol")
        _ = try signIn(registry, "carol", "a new passphrase of carol's", at: start.addingTimeInterval(66 * 60))
    }

    @Test("the current passphrase is checked against the session's own account, never another's")
    func changingOwnPassphraseIsForTheSessionsAccount() throws {
        let (registry, manager) = try setUp()
        // Another account's passphrase is a wrong one for the session's own account.
        _ = try registry.resetPassphrase(
            of: "carol", to: "carol's very own passphrase", by: manager, hasher: Fixtures.fastHasher)
        #expect(throws: AccessError.signInFailed) {
            try registry.changeOwnPassphrase(
                current: "carol's very own passphrase", to: "taken over by the manager", by: manager,
                hasher: Fixtures.fastHasher, now: start)
        }
    }
}
