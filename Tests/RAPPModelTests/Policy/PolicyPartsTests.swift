import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// A registry opened for its policy's rules alone checks the whole policy's hash as any open.
@Suite("Policy parts")
struct PolicyPartsTests {
    @Test("the rules alone are the rules of the whole policy")
    func sameRules() throws {
        let registry = try Fixtures.registry()
        let rulesOnly = try Registry.openReadOnly(path: registry.path, parts: .rules)
        #expect(rulesOnly.policyParts == .rules)
        #expect(rulesOnly.policyVersion == registry.storedPolicy.version)
        #expect(rulesOnly.rules.userRoles.map(\.id) == registry.rules.userRoles.map(\.id))
        #expect(rulesOnly.rules.userRoles.map(\.name) == registry.rules.userRoles.map(\.name))
        #expect(rulesOnly.rules.permissions == registry.rules.permissions)
    }

    @Test(
        "a policy file changed behind ratui's back is refused by a rules-only open, whichever file it is",
        arguments: ["rules.json", "A1-organisation-information.json", "workflows/aro-nomination.json"])
    func tamperedFileRefused(path: String) throws {
        let registry = try Fixtures.registry()
        let changed = try registry.write { db in
            try db.execute(sql: "DROP TRIGGER policy_file_no_update")
            try db.execute(sql: "UPDATE policy_file SET content = content || ' ' WHERE path = ?", arguments: [path])
            return db.changesCount
        }
        #expect(changed == 1, "the test changes a file the policy holds")
        #expect {
            try Registry.openReadOnly(path: registry.path, parts: .rules)
        } throws: { error in
            (error as? RegistryError)?.code == "registry.policy" && "\(error)".contains("changed outside ratui")
        }
    }

    @Test("a policy applied by another process after the open is read, rules alone, at the next read")
    func refreshedAfterApply() throws {
        let registry = try Fixtures.registry()
        let manager = try Fixtures.manager(of: registry)
        let rulesOnly = try Registry.openReadOnly(path: registry.path, parts: .rules)
        let stricter = try PolicyTests.library {
            $0.replacingOccurrences(of: "\"idleLockMinutes\": 10", with: "\"idleLockMinutes\": 5")
        }
        _ = try registry.applyPolicy(stricter, soleManagerOverride: "the only ra-manager, in a test", by: manager)
        _ = try rulesOnly.owners(of: EUI64(0x1000))
        #expect(rulesOnly.policyVersion == 2)
        #expect(rulesOnly.rules.signIn.idleLockMinutes == 5)
    }
}
