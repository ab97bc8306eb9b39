import Foundation
import Testing

@testable import RAPPModel

/// Sign-in attempts at once, each through its own `Registry` (its own connections, so SQLite's
/// file locking decides who writes first), as separate processes would make them.
@Suite("Signing in under concurrency")
struct ConcurrentSignInTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// A registry with the manager and "carol", and carol's record name in the audit trail.
    func setUp() throws -> (Registry, OperatorSession, record: String) {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        let carol = try registry.addOperator(
            name: "carol", roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
            hasher: Fixtures.fastHasher)
        return (registry, manager, "operator/\(carol.id)")
    }

    /// Signs in with each passphrase at once, one thread and one registry connection pool each,
    /// all released together; whether each got in, in the order given.
    func race(_ registry: Registry, _ passphrases: [String]) throws -> [Bool] {
        let registries = try passphrases.map { _ in
            try Registry.open(path: registry.path, create: false, initialPolicy: Fixtures.library)
        }
        let outcomes = Outcomes(count: passphrases.count)
        let gate = DispatchGroup()
        gate.enter()
        let finished = DispatchGroup()
        let time = start
        for (index, passphrase) in passphrases.enumerated() {
            let registry = registries[index]
            finished.enter()
            Thread.detachNewThread {
                gate.wait()
                do {
                    _ = try registry.signIn(
                        name: "carol", passphrase: passphrase, hasher: Fixtures.fastHasher, now: time)
                    outcomes.set(index, nil)
                } catch {
                    outcomes.set(index, "\(error)")
                }
                finished.leave()
            }
        }
        gate.leave()
        finished.wait()
        return outcomes.all.map { failure in
            if let failure, failure != AccessError.signInFailed.description {
                Issue.record("a sign-in failed otherwise than as refused: \(failure)")
            }
            return failure == nil
        }
    }

    /// Carol's sign-in events, in order: "locked" for the lock, otherwise the failure's reason.
    func trail(_ registry: Registry, record: String) throws -> [String] {
        try registry.read { db in
            return try String.fetchAll(
                db,
                sql: """
                    SELECT CASE action WHEN 'operator.locked' THEN 'locked' ELSE json_extract(details, '$.reason') END
                    FROM audit_event WHERE record = ? AND action IN ('sign-in.failed', 'operator.locked') ORDER BY sequence
                    """, arguments: [record])
        }
    }

    /// Expects one lock, after `wrongBeforeLock` wrong passphrases, and nothing but refusals of
    /// the locked account after it; and an intact audit trail.
    func expectOneLock(
        _ registry: Registry, _ manager: OperatorSession, record: String, wrongBeforeLock: ClosedRange<Int>, total: Int
    ) throws {
        let events = try trail(registry, record: record)
        #expect(events.filter { $0 == "locked" }.count == 1, "\(events)")
        let lock = events.firstIndex(of: "locked") ?? events.endIndex
        #expect(wrongBeforeLock.contains(lock), "\(events)")
        #expect(events[..<lock].allSatisfy { $0 == "wrong passphrase" }, "\(events)")
        #expect(events[lock...].dropFirst().allSatisfy { $0 == "account locked" }, "\(events)")
        #expect(events.count == total + 1, "every attempt audited once, plus the lock: \(events)")
        #expect(try registry.verifyAudit(by: manager).isIntact)
    }

    @Test("forty wrong passphrases at once lock the account once; then the right one is refused")
    func wrongGuessesInParallel() throws {
        let (registry, manager, record) = try setUp()
        let maximum = registry.rules.signIn.maximumFailures
        let outcomes = try race(registry, (0..<40).map { "wrong passphrase \($0)" })
        #expect(!outcomes.contains(true))
        try expectOneLock(registry, manager, record: record, wrongBeforeLock: maximum...maximum, total: 40)
        #expect(throws: AccessError.signInFailed) {
            try registry.signIn(
                name: "carol", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher,
                now: start.addingTimeInterval(60))
        }
    }

    @Test(
        "the right passphrase racing forty wrong ones gets in only before the lock, which then stays",
        arguments: [0, 20, 40])
    func rightAmongWrong(position: Int) throws {
        let (registry, manager, record) = try setUp()
        let maximum = registry.rules.signIn.maximumFailures
        var passphrases = (0..<40).map { "wrong passphrase \($0)" }
        passphrases.insert(Fixtures.passphrase, at: position)
        let outcomes = try race(registry, passphrases)
        let signedIn = outcomes[position]
        #expect(outcomes.filter { $0 }.count == (signedIn ? 1 : 0))
        // In before the lock: it cleared up to maximum - 1 failures, so the count started again.
        // Refused: only because the account was already locked, never as a wrong passphrase.
        try expectOneLock(
            registry, manager, record: record,
            wrongBeforeLock: signedIn ? maximum...(2 * maximum - 1) : maximum...maximum,
            total: signedIn ? 40 : 41)
        let account = try registry.operators(by: manager).first { $0.name == "carol" }
        #expect(account?.lockedUntil != nil)
        #expect(throws: AccessError.signInFailed) {
            try registry.signIn(
                name: "carol", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher,
                now: start.addingTimeInterval(60))
        }
    }

    // The same races, stepped through: a sign-in's key is derived (`prepareSignIn`), others
    // finish, then it is decided (`completeSignIn`).

    /// Derives carol's key for `passphrase` now, and returns what decides it later.
    func prepare(_ registry: Registry, _ passphrase: String, hasher: PassphraseHasher = Fixtures.fastHasher) throws -> (
    ) throws -> OperatorSession {
        let attempt = try registry.prepareSignIn(name: "carol", passphrase: passphrase, hasher: hasher, now: start)
        return { try registry.completeSignIn(attempt, passphrase: passphrase, hasher: hasher, now: self.start) }
    }

    @Test("the right passphrase checked before a lock and decided after it is refused, and the lock stays")
    func lockedWhileChecking() throws {
        let (registry, manager, record) = try setUp()
        let right = try prepare(registry, Fixtures.passphrase)
        for guess in 0..<registry.rules.signIn.maximumFailures {
            _ = try? registry.signIn(
                name: "carol", passphrase: "wrong passphrase \(guess)", hasher: Fixtures.fastHasher, now: start)
        }
        #expect(throws: AccessError.signInFailed) { try right() }
        #expect(try trail(registry, record: record).suffix(2) == ["locked", "account locked"])
        #expect(try registry.operators(by: manager).first { $0.name == "carol" }?.lockedUntil != nil)
    }

    @Test("a passphrase reset between the check and the decision: the new hash decides")
    func resetWhileChecking() throws {
        let (registry, manager, record) = try setUp()
        let renewed = "a brand new passphrase for carol"
        let old = try prepare(registry, Fixtures.passphrase)
        let new = try prepare(registry, renewed)
        _ = try registry.resetPassphrase(of: "carol", to: renewed, by: manager, hasher: Fixtures.fastHasher)
        #expect(throws: AccessError.signInFailed) { try old() }
        #expect(try trail(registry, record: record) == ["wrong passphrase"])
        #expect(try new().name == "carol")
    }

    @Test("two sign-ins that both re-hash an old hash: the first stores its hash, the second checks against it")
    func rehashWhileChecking() throws {
        let (registry, _, _) = try setUp()
        let stronger = PassphraseHasher(iterations: 2_000)
        let first = try prepare(registry, Fixtures.passphrase, hasher: stronger)
        let second = try prepare(registry, Fixtures.passphrase, hasher: stronger)
        let storedHash = {
            try registry.read { db in
                try String.fetchOne(db, sql: "SELECT passphrase_hash FROM operator WHERE name = 'carol'")
            }
        }
        _ = try first()
        let rehashed = try storedHash()
        #expect(rehashed?.hasPrefix("pbkdf2-sha256$2000$") == true)
        _ = try second()
        #expect(try storedHash() == rehashed)
    }
}

/// Each thread's outcome in its own slot: nil for signed in, else how it failed.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [String?]

    init(count: Int) { slots = Array(repeating: "not finished", count: count) }

    func set(_ index: Int, _ failure: String?) {
        lock.withLock { slots[index] = failure }
    }

    var all: [String?] { lock.withLock { slots } }
}
