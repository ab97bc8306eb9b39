import Foundation
import GRDB

@testable import RAPPModel

/// A registry with an organisation and operators of every role, for driving requests: bob
/// enters them, carol verifies and issues, dave approves.
struct RequestFixture {
    let registry: Registry
    let manager: OperatorSession
    let bob: OperatorSession
    let carol: OperatorSession
    let dave: OperatorSession
    /// Northwind Energy Ltd, with passed entry tests unless the fixture was made without.
    let organisation: Int64

    init(entryTests: Bool = true, policy: FormLibrary = Fixtures.library) throws {
        registry = try Fixtures.registry(policy: policy)
        manager = try Fixtures.manager(of: registry)
        guard
            case .stored(let id, _, _) = try registry.submit(
                Fixtures.form([("import-supplier", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-FF-FF")]), by: manager)
        else {
            fatalError("the fixture's organisation was refused")
        }
        organisation = id
        let (registry, manager) = (registry, manager)
        func add(_ name: String) throws -> OperatorSession {
            _ = try registry.addOperator(
                name: name, roles: ["ra-personnel"], passphrase: Fixtures.passphrase, by: manager,
                hasher: Fixtures.fastHasher)
            return try registry.signIn(name: name, passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        }
        bob = try add("bob")
        carol = try add("carol")
        dave = try add("dave")
        if entryTests { try passEntryTests() }
    }

    func passEntryTests() throws {
        _ = try registry.recordEntryTests(of: organisation, passedOn: "2026-10-01", reference: "ET-1", by: manager)
    }

    /// A new operator with one role, signed in.
    func operatorWith(_ role: String, name: String? = nil) throws -> OperatorSession {
        let name = name ?? "tester-\(role)"
        _ = try registry.addOperator(
            name: name, roles: [role], passphrase: Fixtures.passphrase, by: manager, hasher: Fixtures.fastHasher)
        return try registry.signIn(name: name, passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
    }

    static func nomination(
        organisation: Int64, name: String = "Dana Smith", birth: String = "1980-02-29",
        scopes: [String] = ["organisation-certificates", "smki-repository"]
    ) -> FormFile {
        FormFile(
            formID: "ARO",
            fields: .object([
                "organisation": JSONValue(organisation), "nomineeName": .string(name),
                "nomineeJobTitle": .string("Head of Metering"),
                "nomineeEmail": .string("dana@example.org"), "nomineePhone": .string("+44 20 7946 0002"),
                "dateOfBirth": .string(birth),
                "scopes": .array(scopes.map(JSONValue.string)), "signatoryName": .string("Bob Ray"),
                "dateSigned": .string("2026-11-21"),
            ]))
    }

    static let identityEvidence: JSONValue = .object([
        "documents": .array([.object(["type": .string("passport"), "reference": .string("PASS123456")])]),
        "method": .string("face-to-face"), "verifiedOn": .string("2026-11-22"),
        "screeningStandard": .string("bs7858-2019"), "screeningReference": .string("SCREEN-42"),
    ])

    static let issueEvidence: JSONValue = .object([
        "tokenSerial": .string("TK-0001"), "certificateSerial": .string("4F:2A:91:0C"),
        "repositoryUserName": .string("dsmith"), "expiryDate": .string("2028-11-22"),
    ])

    @discardableResult
    func nominate(
        by session: OperatorSession? = nil, name: String = "Dana Smith", birth: String = "1980-02-29",
        scopes: [String] = ["organisation-certificates", "smki-repository"]
    ) throws -> RequestDetails {
        try registry.submitRequest(
            kind: "aro-nomination",
            form: Self.nomination(organisation: organisation, name: name, birth: birth, scopes: scopes),
            by: session ?? bob)
    }

    /// The states of the ARO workflow's happy path, in order, and the step that leaves each.
    static let path: [(state: String, action: String)] = [
        ("submitted", "check"), ("checked", "verify-identity"), ("identity-verified", "approve"), ("approved", "issue"),
        ("issued", "activate"),
    ]

    /// Who takes each step of the happy path, so that no rule stops it.
    func actor(of action: String) -> OperatorSession {
        switch action {
        case "approve": dave
        case "check": bob
        default: carol
        }
    }

    func evidence(for action: String) -> JSONValue? {
        switch action {
        case "verify-identity": Self.identityEvidence
        case "issue": Self.issueEvidence
        default: nil
        }
    }

    /// Takes the happy path's steps until the request is in `state`.
    func advance(_ id: Int64, to state: String) throws {
        var current = try self.state(of: id)
        while current != state {
            guard let step = Self.path.first(where: { $0.state == current }) else {
                fatalError("cannot reach \(state) from \(current)")
            }
            _ = try registry.act(
                on: id, action: step.action, evidence: evidence(for: step.action), by: actor(of: step.action))
            current = try self.state(of: id)
        }
    }

    /// A request entered by bob and brought to `state`. For `submitted`, the organisation must
    /// not have passed its entry tests yet (the automatic check waits); they are recorded after.
    func request(in state: String, name: String = "Dana Smith") throws -> Int64 {
        let id = try nominate(name: name).request.id
        if state == "submitted" {
            try passEntryTests()
        } else {
            try advance(id, to: state)
        }
        return id
    }

    /// Everything a step could change, counted.
    struct Counts: Equatable {
        var requests = 0, steps = 0, events = 0, personal = 0, credentials = 0, holders = 0
    }

    func counts() throws -> Counts {
        try registry.read { db in
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return Counts(
                requests: try count("request"), steps: try count("request_transition"),
                events: try count("audit_event"),
                personal: try count("personal_data"), credentials: try count("credential"),
                holders: try count("credential_holder"))
        }
    }

    func state(of id: Int64) throws -> String {
        try registry.request(id, by: manager).request.state
    }
}

extension Fixtures {
    /// The built-in policy with its files edited: `edits` maps a path to a function of its text;
    /// `added` adds files.
    static func policy(editing edits: [String: (String) -> String] = [:], adding added: [String: String] = [:]) throws
        -> FormLibrary
    {
        var files = FormLibrary.builtInFiles(in: "Forms")
        for (path, edit) in edits {
            files[path] = Data(edit(String(decoding: files[path]!, as: UTF8.self)).utf8)
        }
        for (path, text) in added { files[path] = Data(text.utf8) }
        return try FormLibrary.load(files: files.map { (path: $0.key, name: $0.key, data: $0.value) }, origin: "test")
    }
}
