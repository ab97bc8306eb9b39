import Foundation
import RATUI

@testable import RAPPModel

/// Requests in the sample registry, for the request screens: bob (ra-personnel) entered three
/// ARO nominations for Northwind; one waits checked, one had its identity verified by carol,
/// and one was approved by dave and issued by carol, so Northwind holds an active credential.
struct RequestSample {
    let test: TestRegistry
    let organisations: [Int64]
    let bob: OperatorSession
    let carol: OperatorSession
    let dave: OperatorSession
    /// Checked: waits for an identity verification.
    let checked: Int64
    /// Identity verified by carol: waits for a second person's approval.
    let verified: Int64
    /// Active, with its credential.
    let active: Int64

    static func nomination(organisation: Int64, name: String) -> FormFile {
        FormFile(
            formID: "ARO",
            fields: .object([
                "organisation": JSONValue(organisation), "nomineeName": .string(name),
                "nomineeJobTitle": .string("Head of Metering"),
                "nomineeEmail": .string("nominee@example.org"), "nomineePhone": .string("+44 20 7946 0002"),
                "dateOfBirth": .string("1980-02-29"),
                "scopes": .array([.string("organisation-certificates"), .string("smki-repository")]),
                "signatoryName": .string("Bob Ray"), "dateSigned": .string("2026-11-21"),
            ]))
    }

    static let identity: JSONValue = .object([
        "documents": .array([.object(["type": .string("passport"), "reference": .string("PASS123456")])]),
        "method": .string("face-to-face"), "verifiedOn": .string("2026-11-22"),
        "screeningStandard": .string("bs7858-2019"), "screeningReference": .string("SCREEN-42"),
    ])

    static let issued: JSONValue = .object([
        "tokenSerial": .string("TK-0001"), "certificateSerial": .string("4F2A910C"),
        "repositoryUserName": .string("flee"), "expiryDate": .string("2028-11-22"),
    ])

    static func make() throws -> RequestSample {
        let (test, ids) = try TestRegistry.sample()
        let registry = test.registry
        _ = try registry.recordEntryTests(of: ids[0], passedOn: "2026-10-01", reference: "ET-1", by: test.session)
        func add(_ name: String) throws -> OperatorSession {
            _ = try registry.addOperator(
                name: name, roles: ["ra-personnel"], passphrase: TestRegistry.passphrase, by: test.session,
                hasher: TestRegistry.hasher)
            return try registry.signIn(name: name, passphrase: TestRegistry.passphrase, hasher: TestRegistry.hasher)
        }
        let (bob, carol, dave) = (try add("bob"), try add("carol"), try add("dave"))
        func nominate(_ name: String) throws -> Int64 {
            try registry.submitRequest(
                kind: "aro-nomination", form: nomination(organisation: ids[0], name: name), by: bob
            ).request.id
        }
        let checked = try nominate("Dana Smith")
        let verified = try nominate("Eve Jones")
        _ = try registry.act(on: verified, action: "verify-identity", evidence: identity, by: carol)
        let active = try nominate("Fay Lee")
        _ = try registry.act(on: active, action: "verify-identity", evidence: identity, by: carol)
        _ = try registry.act(on: active, action: "approve", by: dave)
        _ = try registry.act(on: active, action: "issue", evidence: issued, by: carol)
        _ = try registry.act(on: active, action: "activate", by: carol)
        return RequestSample(
            test: test, organisations: ids, bob: bob, carol: carol, dave: dave, checked: checked, verified: verified,
            active: active)
    }

    /// An app signed in as `session`, on `start`; its clock says `now` when given.
    func driver(
        _ session: OperatorSession, _ theme: Theme = .standard, width: Int = 80, height: Int = 24,
        start: any Screen = HomeScreen(), now: Date? = nil
    ) -> AppDriver {
        var environment = test.environment(theme)
        if let now { environment.now = { now } }
        return AppDriver(
            start: start, session: session, environment: environment,
            effects: RegistryEffects(registry: test.registry, hasher: TestRegistry.hasher), width: width, height: height
        )
    }
}
