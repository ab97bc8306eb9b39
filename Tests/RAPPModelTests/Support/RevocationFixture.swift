import Foundation
import GRDB

@testable import RAPPModel

/// A registry for revocation requests: the request fixture's manager, bob, carol and dave (RA
/// Personnel), and petra, a PMA member. petra files; carol verifies; dave decides and revokes.
struct RevocationFixture {
    let base: RequestFixture
    let petra: OperatorSession
    var registry: Registry { base.registry }
    var manager: OperatorSession { base.manager }
    var bob: OperatorSession { base.bob }
    var carol: OperatorSession { base.carol }
    var dave: OperatorSession { base.dave }

    init(policy: FormLibrary = Fixtures.library) throws {
        base = try RequestFixture(policy: policy)
        petra = try base.operatorWith("pma-member", name: "petra")
    }

    /// A form A7 about `subject`.
    static func a7(
        subject: Int64, capacity: String = "pma-member", arrival: String = "ratui", requester: Int64? = nil,
        credentials: [String] = ["operator-account", "recorded-credentials"], grounds: String = "compromise"
    ) -> FormFile {
        var fields: [String: JSONValue] = [
            "requesterName": .string("Petra Jones"), "requesterCapacity": .string(capacity),
            "subject": JSONValue(subject),
            "credentials": .array(credentials.map(JSONValue.string)), "grounds": .string(grounds),
            "groundsDetail": .string("The token was seen on an unattended desk."), "arrival": .string(arrival),
            "receivedOn": .string("2026-11-24"),
        ]
        if let requester { fields["requesterOperator"] = JSONValue(requester) }
        return FormFile(formID: "A7", fields: .object(fields))
    }

    static let verification: JSONValue = .object([
        "method": .string("call-back"),
        "checked": .string("Called +44 20 7946 0100 from the PMA member register; Petra confirmed the request."),
        "verifiedOn": .string("2026-11-24"),
    ])

    static let notification: JSONValue = .object([
        "requesterNotified": .string("E-mail to the register address"), "holderNotified": .string("Letter"),
        "notifiedOn": .string("2026-11-25"),
    ])

    static func evidence(for action: String) -> JSONValue? {
        switch action {
        case "verify-requester": verification
        case "close": notification
        default: nil
        }
    }

    /// An organisation revocation's form (`org-revocation`): `target` is `credential`, `holder`
    /// or `organisation`, as received by telephone from one of its AROs.
    static func organisationRevocation(organisation: Int64, target: String, credential: Int64? = nil) -> FormFile {
        var fields: [String: JSONValue] = [
            "organisation": JSONValue(organisation), "target": .string(target), "requestedBy": .string("aro"),
            "requesterName": .string("Dana Smith"), "arrival": .string("telephone"),
            "receivedOn": .string("2026-11-24"),
            "grounds": .string("lost-token"), "groundsDetail": .string("Token lost on a train."),
        ]
        if let credential { fields["credential"] = JSONValue(credential) }
        return FormFile(formID: "OrganisationRevocation", fields: .object(fields))
    }

    /// petra's A7 about `subject`, entered (and, when entitled, at `entitled`).
    @discardableResult
    func file(
        about subject: OperatorSession, by session: OperatorSession? = nil, capacity: String = "pma-member",
        arrival: String = "ratui",
        requester: Int64? = nil
    ) throws -> RequestDetails {
        try registry.submitRequest(
            kind: "ra-revocation",
            form: Self.a7(subject: subject.operatorID, capacity: capacity, arrival: arrival, requester: requester),
            by: session ?? petra)
    }

    /// The happy path's steps out of each state, and who takes them when the subject is RA
    /// Personnel: carol verifies, dave decides, revokes and closes.
    static let path: [(state: String, action: String)] = [
        ("entitled", "verify-requester"), ("requester-verified", "decide-verified"), ("verified", "revoke"),
        ("revoked", "close"),
    ]

    /// The request's state, read by carol (the fixture's manager may be the one revoked).
    func state(of id: Int64) throws -> String {
        try registry.request(id, by: carol).request.state
    }

    func advance(_ id: Int64, to state: String, decider: OperatorSession? = nil) throws {
        var current = try self.state(of: id)
        while current != state {
            guard let step = Self.path.first(where: { $0.state == current }) else {
                fatalError("cannot reach \(state) from \(current)")
            }
            let actor = step.action == "verify-requester" ? carol : decider ?? dave
            _ = try registry.act(on: id, action: step.action, evidence: Self.evidence(for: step.action), by: actor)
            current = try self.state(of: id)
        }
    }

    /// A credential recorded for an operator (an RA person's token), as a later RA credential
    /// request will record one: a holder naming the account, and an active credential.
    func recordCredential(for session: OperatorSession) throws -> Int64 {
        let request = try base.nominate(name: "Token for \(session.name)").request.id
        return try registry.write { db in
            var holder = CredentialHolderRecord(
                id: nil, kind: "ra-token", organisationID: nil, operatorID: session.operatorID, name: session.name,
                nameKey: CredentialHolderRecord.key(session.name), personalDigest: nil,
                createdAt: "2026-11-01T00:00:00Z")
            try holder.insert(db)
            return try CredentialStore(db: db).create(
                kind: "ra-token", holder: holder.id!, organisation: nil, request: request, scopes: ["ratui"],
                details: [:],
                by: manager.operatorID, at: "2026-11-01T00:00:00Z")
        }
    }
}
