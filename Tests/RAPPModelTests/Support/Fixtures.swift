import Foundation

@testable import RAPPModel

/// Shared test material: the package's folders, temporary folders, and forms that pass.
enum Fixtures {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: packageRoot.appending(path: "Tests/RAPPModelTests/Fixtures/\(name)"))
    }

    static let library: FormLibrary = try! FormLibrary.builtIn()

    static var validator: OrganisationFormValidator { OrganisationFormValidator(library: library) }

    /// The folder that holds this test process's temporary folders, removed when the process
    /// exits, so a test run leaves nothing behind in the temporary folder.
    static let temporaryRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appending(path: "ratui-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.temporaryRoot) }
        return url
    }()

    /// A new, empty folder that is removed when the process exits.
    static func temporaryFolder() -> URL {
        let url = temporaryRoot.appending(path: UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new registry in a temporary folder, under the built-in policy unless told otherwise.
    static func registry(create: Bool = true, policy: FormLibrary = library) throws -> Registry {
        try Registry.open(
            path: temporaryFolder().appending(path: "registry.sqlite").path, create: create, initialPolicy: policy)
    }

    /// Organisation fields that satisfy the built-in A1 definition.
    static func fields(name: String = "Northwind Energy Ltd") -> [String: String] {
        [
            "legalName": name, "companyNumber": "01234567", "registeredAddress": "1 High Street\nLondon",
            "secPartyId": "NWE01", "contactName": "Ann Lee", "contactEmail": "ann@northwind.example",
            "contactPhone": "+44 20 7946 0000", "sroName": "Bob Ray", "sroJobTitle": "Chief Executive",
            "sroEmail": "bob@northwind.example", "sroPhone": "020 7946 0001", "dateSigned": "2026-11-20",
        ]
    }

    static func form(name: String = "Northwind Energy Ltd", _ ranges: [(String, String, String)])
        -> OrganisationInformationForm
    {
        OrganisationInformationForm(
            fields: fields(name: name),
            userRoleRanges: ranges.map { UserRoleRangeEntry(role: $0.0, first: $0.1, last: $0.2) })
    }

    /// A form with one range given as numbers.
    static func form(name: String = "Org", role: String = "other-user", _ first: UInt64, _ last: UInt64)
        -> OrganisationInformationForm
    {
        form(name: name, [(role, EUI64(first).canonical, EUI64(last).canonical)])
    }

    /// The codes in a report's errors, sorted, for compact expectations.
    static func codes(_ issues: [ValidationIssue]) -> [String] {
        issues.map(\.code.rawValue).sorted()
    }
}

extension Fixtures {
    /// Cheap hashing for tests: real PBKDF2, far fewer iterations. Production uses `PassphraseHasher()`.
    static let fastHasher = PassphraseHasher(iterations: 1_000)
    static let passphrase = "correct horse battery staple"

    /// The test registry's ra-manager, created on first use.
    static func manager(of registry: Registry) throws -> OperatorSession {
        if try registry.operatorCount() == 0 {
            return try registry.bootstrap(name: "manager", passphrase: passphrase, hasher: fastHasher)
        }
        return try registry.signIn(name: "manager", passphrase: passphrase, hasher: fastHasher)
    }
}

extension Registry {
    /// Submits as the test registry's ra-manager.
    func submit(
        _ form: OrganisationInformationForm, amending organisation: Amendment? = nil
    ) throws -> SubmissionResult {
        try submit(form, amending: organisation, by: Fixtures.manager(of: self))
    }
}

extension Registry {
    /// An amendment of the organisation's current version, as a screen that just opened it makes.
    func amendingCurrent(_ organisation: Int64) throws -> Amendment {
        Amendment(organisation: organisation, version: try self.organisation(organisation)?.version ?? 0)
    }
}
