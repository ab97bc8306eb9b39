import Foundation
import GRDB
import RATUI

@testable import RAPPModel

/// A real registry in a temporary folder, with the built-in forms, for driving the app in tests.
final class TestRegistry: @unchecked Sendable {
    let folder: URL
    let registry: Registry
    let library: FormLibrary
    let validator: OrganisationFormValidator
    /// The test registry's ra-manager, signed in: the operator every driven app acts as.
    let session: OperatorSession
    static let passphrase = "correct horse battery staple"
    /// Real PBKDF2 with few iterations, so tests that sign in stay quick.
    static let hasher = PassphraseHasher(iterations: 1_000)

    init(policy: FormLibrary? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "ratui-tests-\(UUID().uuidString)")
        library = try policy ?? FormLibrary.builtIn()
        registry = try Registry.open(
            path: folder.appending(path: "registry.sqlite").path, create: true, initialPolicy: library)
        validator = registry.validator
        session = try registry.bootstrap(name: "tester", passphrase: Self.passphrase, hasher: Self.hasher)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func environment(_ theme: Theme = .standard) -> AppEnvironment {
        AppEnvironment(library: library, theme: theme, registryPath: "/srv/ratui/registry.sqlite")
    }

    /// An app driven by keys, signed in as the tester unless `signedIn` is false.
    func driver(
        _ theme: Theme = .standard, width: Int = 80, height: Int = 24, start: any Screen = HomeScreen(),
        signedIn: Bool = true
    ) -> AppDriver {
        AppDriver(
            start: start, session: signedIn ? session : nil, environment: environment(theme),
            effects: RegistryEffects(registry: registry, hasher: Self.hasher),
            width: width, height: height)
    }

    /// An app signed in as a new operator named after `role`, holding only that role.
    func driver(as role: String, _ theme: Theme = .standard, width: Int = 80, height: Int = 24) throws -> AppDriver {
        _ = try registry.addTestOperator(
            name: role, roles: [role], passphrase: Self.passphrase, by: session, hasher: Self.hasher)
        let session = try registry.signIn(name: role, passphrase: Self.passphrase, hasher: Self.hasher)
        return AppDriver(
            start: HomeScreen(), session: session, environment: environment(theme),
            effects: RegistryEffects(registry: registry, hasher: Self.hasher), width: width, height: height)
    }

    /// A complete, valid A1 form for `name` with one range per role.
    static func form(name: String, ranges: [(String, String, String)]) -> OrganisationInformationForm {
        OrganisationInformationForm(
            fields: [
                "legalName": name, "companyNumber": "01234567", "registeredAddress": "1 High Street\nLeeds\nLS1 1AA",
                "secPartyId": "SECP-42", "contactName": "Jo Bloggs", "contactEmail": "jo@example.org",
                "contactPhone": "+44 113 496 0000", "sroName": "Sam Smith", "sroJobTitle": "Director",
                "sroEmail": "sam@example.org", "sroPhone": "+44 113 496 0001", "dateSigned": "2026-11-20",
            ],
            userRoleRanges: ranges.map { UserRoleRangeEntry(role: $0.0, first: $0.1, last: $0.2) })
    }

    @discardableResult
    func store(_ name: String, _ ranges: [(String, String, String)], amending: Amendment? = nil) throws -> Int64 {
        let result = try registry.submit(
            Self.form(name: name, ranges: ranges), amending: amending, by: session)
        guard case .stored(let id, _, _) = result else {
            throw TestFailure("not stored: \(result)")
        }
        return id
    }

    /// Overwrites an organisation's stored name, bypassing validation: a registry written by
    /// another tool, or tampered with, may hold anything, and the screens must still be safe.
    func forceName(_ name: String, of organisation: Int64) throws {
        try registry.write { db in
            // As an attacker with the file would: the trigger that keeps stored versions goes first.
            try db.execute(sql: "DROP TRIGGER IF EXISTS organisation_version_supersede_only")
            try db.execute(
                sql:
                    "UPDATE organisation_version SET name = ?, fields = json_set(fields, '$.legalName', ?) WHERE organisation_id = ?",
                arguments: [name, name, organisation])
        }
    }

    /// The registry of the golden snapshots: ordinary, CJK, combining and hostile names.
    static func sample() throws -> (TestRegistry, ids: [Int64]) {
        let test = try TestRegistry()
        var ids: [Int64] = []
        ids.append(
            try test.store(
                "Northwind Energy Supply Ltd",
                [
                    ("import-supplier", "90-B3-D5-01-00-00-00-00", "90-B3-D5-01-FF-FF-FF-FF"),
                    ("gas-supplier", "90-B3-D5-01-00-00-00-00", "90-B3-D5-01-FF-FF-FF-FF"),
                ]))
        ids.append(
            try test.store(
                "東京電力エナジーパートナー株式会社",
                [
                    ("export-supplier", "90-B3-D5-02-00-00-00-00", "90-B3-D5-02-0F-FF-FF-FF")
                ]))
        // "Zoë" and "Ångström" with combining marks (decomposed), not precomposed letters.
        ids.append(
            try test.store(
                "Zoe\u{0308} A\u{030A}ngstro\u{0308}m Energi AB",
                [
                    ("gas-transporter", "90-B3-D5-03-00-00-00-00", "90-B3-D5-03-00-FF-FF-FF")
                ]))
        let hostile = try test.store(
            "Placeholder Hostile Ltd",
            [
                ("other-user", "90-B3-D5-04-00-00-00-00", "90-B3-D5-04-00-00-FF-FF")
            ])
        try test.forceName("\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mEvil\u{9B}1m Ltd\u{202E}dlroW", of: hostile)
        ids.append(hostile)
        return (test, ids)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
