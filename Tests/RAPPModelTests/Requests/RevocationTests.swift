import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// Revocation (RAPP section 8) as a specification: who may ask (8.3.3, data in the rules file),
/// verify then revoke (8.3.4) with its separation of duties, revocation taking effect at once,
/// recovery after the last manager, and organisations' credentials.
@Suite("Revocation: A7 requests, organisation credentials and recovery")
struct RevocationTests {
    static let roles = ["ra-manager", "ra-personnel", "pma-member", "auditor"]
    static let workflow = Fixtures.library.workflow("ra-revocation")!
    static let transitions: [(String, String)] = workflow.transitions.map { ($0.from, $0.transition.action) }

    static func isRevoked(_ error: any Error, _ name: String) -> Bool {
        guard case RevocationError.revoked(let revoked, _) = error else { return false }
        return revoked == name && Failure(error).exitStatus == .noPermission && Failure(error).code == "access.revoked"
    }

    @Test(
        "a PMA member files, an RA person verifies, another decides and revokes: the subject is revoked at once, everywhere"
    )
    func pmaMemberFilesAndBobIsRevoked() throws {
        let fixture = try RevocationFixture()
        let token = try fixture.recordCredential(for: fixture.bob)
        let filed = try fixture.file(about: fixture.bob)
        // Entitlement is checked at once, as its own audited step.
        #expect(filed.request.state == "entitled")
        #expect(filed.request.steps.map(\.action) == ["submit", "confirm-entitlement"])
        let id = filed.request.id
        try fixture.advance(id, to: "revoked")
        let request = try fixture.registry.request(id, by: fixture.manager).request
        #expect(request.steps.map(\.operatorName) == ["petra", "petra", "carol", "dave", "dave"])

        // The account is revoked, a state of its own: no sign-in, no action, no enabling.
        #expect {
            try fixture.registry.signIn(name: "bob", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        } throws: { Self.isRevoked($0, "bob") }
        #expect { try fixture.registry.requests(.init(), limit: 5, by: fixture.bob) } throws: {
            Self.isRevoked($0, "bob")
        }
        #expect { try fixture.registry.requireNotRevoked(fixture.bob) } throws: { Self.isRevoked($0, "bob") }
        #expect { try fixture.registry.enableOperator("bob", by: fixture.manager) } throws: {
            Self.isRevoked($0, "bob")
        }
        let account = try #require(try fixture.registry.operators(by: fixture.manager).first { $0.name == "bob" })
        #expect(account.isRevoked && !account.isDisabled)
        #expect(account.jsonValue.object?["revokedAt"] != nil)
        // A wrong passphrase says nothing more than any failed sign-in.
        #expect(throws: AccessError.signInFailed) {
            try fixture.registry.signIn(
                name: "bob", passphrase: "not the passphrase at all", hasher: Fixtures.fastHasher)
        }

        // Their recorded credential is revoked with the time, by whom and through which request.
        let credential = try #require(try fixture.registry.credential(token, by: fixture.manager))
        #expect(credential.state == "revoked")
        #expect(credential.history.last?.requestID == id)
        #expect(credential.history.last?.operatorName == "dave")

        // Closing records that the requester and the holder were told.
        #expect(
            try fixture.registry.act(
                on: id, action: "close", evidence: RevocationFixture.notification, by: fixture.dave
            ).request.state == "closed")
        #expect(try fixture.registry.isInRecovery() == false)
    }

    @Test("the trail accounts for a revocation: verify is clean, and a revocation removed behind ratui's back is found")
    func auditAccountsForRevocation() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.bob).request.id
        try fixture.advance(id, to: "revoked")
        let clean = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(clean.isIntact, "\(clean.differences)")
        try fixture.registry.write { db in
            try db.execute(sql: "DROP TRIGGER operator_revocation_no_delete")
            try db.execute(sql: "DELETE FROM operator_revocation")
        }
        let tampered = try fixture.registry.verifyAudit(by: fixture.manager)
        #expect(tampered.differences.contains { $0.record == "operator/\(fixture.bob.operatorID)" })
    }

    @Test(
        "each step, taken by an operator of each role, is allowed exactly when the rules file grants its permission; refused, nothing changes",
        arguments: transitions, roles)
    func stepByRole(_ transition: (String, String), _ role: String) throws {
        let (state, action) = transition
        let fixture = try RevocationFixture()
        let id: Int64
        if state == "received" {
            // bob asks about himself: he may not take the entitlement step, so it waits.
            id = try fixture.file(about: fixture.bob, by: fixture.bob, capacity: "holder").request.id
        } else {
            id = try fixture.file(about: fixture.bob).request.id
            try fixture.advance(id, to: state)
        }
        #expect(try fixture.state(of: id) == state)
        let actor = try fixture.base.operatorWith(role)
        let permission = Self.workflow.state(state)!.transition(action)!.permission
        let granted = Fixtures.library.rules.permits(permission, roles: [role])
        let before = try fixture.base.counts()
        do {
            _ = try fixture.registry.act(
                on: id, action: action, evidence: RevocationFixture.evidence(for: action),
                reason: action == "decide-not-verified" ? "requester-not-verified" : nil, by: actor)
            #expect(granted, "\(role) took \(action) in \(state) without \(permission.rawValue)")
            #expect(try fixture.state(of: id) != state)
        } catch RequestError.checksFailed(let issues) {
            // Only the refusal of an entitled request: its check says the requester is entitled.
            #expect(granted && action == "refuse-entitlement" && issues.map(\.code) == [.revocationEntitled])
            #expect(try fixture.base.counts() == before)
        } catch let error as AccessError {
            #expect(!granted, "\(role) was refused \(action) in \(state): \(error)")
            #expect(error == .notPermitted(permission, operator: actor.name))
            #expect(try fixture.base.counts() == before)
            #expect(try fixture.state(of: id) == state)
        }
    }

    @Test("the subject may file about themselves but takes no step after filing, in any state")
    func subjectTakesNoStep() throws {
        let fixture = try RevocationFixture()
        let own = try fixture.file(about: fixture.bob, by: fixture.bob, capacity: "holder")
        #expect(own.request.state == "received")
        let id = own.request.id
        #expect { try fixture.registry.act(on: id, action: "confirm-entitlement", by: fixture.bob) } throws: { error in
            guard case RequestError.separationOfDuties(let why) = error else { return false }
            return why.contains("about bob")
        }
        #expect(
            try fixture.registry.act(on: id, action: "confirm-entitlement", by: fixture.carol).request.state
                == "entitled")
        for state in ["entitled", "requester-verified", "verified", "revoked"] {
            try fixture.advance(id, to: state)
            let before = try fixture.base.counts()
            for transition in Self.workflow.state(state)!.transitions {
                #expect {
                    try fixture.registry.act(
                        on: id, action: transition.action, evidence: RevocationFixture.evidence(for: transition.action),
                        reason: transition.needsReason ? "other" : nil, by: fixture.bob)
                } throws: { error in
                    // Refused as the subject; once revoked, as a revoked account.
                    state == "revoked" ? Self.isRevoked(error, "bob") : error is RequestError
                }
            }
            #expect(try fixture.base.counts() == before)
        }
    }

    @Test(
        "an unentitled request is recorded and refused at the entitlement step, with its reason; never dropped",
        arguments: [
            // carol (RA Personnel) files, signed in, as the RA Manager she is not.
            ("carol", "ra-manager", "ratui", "bob", "does not hold the SMKI RA Manager role"),
            // carol records a letter from someone 8.3.3 does not list.
            ("carol", "other", "letter", "bob", "Anyone else is not entitled"),
            // The RA Manager capacity covers RA Personnel only, not another RA Manager.
            (
                "petra", "ra-manager", "letter", "manager",
                "is not entitled to ask for the revocation of an SMKI RA Manager"
            ),
            // petra files, signed in, in the holder's capacity about bob.
            ("petra", "holder", "ratui", "bob", "is not \"bob\""),
            // An auditor's account is not RA staff: A7 does not revoke it.
            ("petra", "pma-member", "ratui", "audrey", "holds none of the roles"),
            // Only RA staff record a request that arrived by letter.
            ("petra", "pma-member", "letter", "bob", "is recorded by SMKI RA Manager or SMKI RA Personnel"),
        ])
    func unentitled(_ filer: String, _ capacity: String, _ arrival: String, _ subject: String, _ why: String) throws {
        let fixture = try RevocationFixture()
        let audrey = try fixture.base.operatorWith("auditor", name: "audrey")
        let sessions = [
            "carol": fixture.carol, "petra": fixture.petra, "bob": fixture.bob, "manager": fixture.manager,
            "audrey": audrey,
        ]
        let outcome = try fixture.file(
            about: sessions[subject]!, by: sessions[filer]!, capacity: capacity, arrival: arrival)
        #expect(outcome.request.state == "not-entitled")
        let refusal = try #require(outcome.request.steps.last)
        #expect(refusal.action == "refuse-entitlement" && refusal.isAutomatic)
        #expect(refusal.note?.contains(why) == true, "\(refusal.note ?? "no note")")
        // Kept, with its audit events, and nothing can be done with it any more.
        #expect(try fixture.registry.request(outcome.request.id, by: fixture.manager).request.steps.count == 2)
        #expect(try fixture.registry.request(outcome.request.id, by: fixture.manager).actions.isEmpty)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test("a PMA member, who may not manage operators, can list whose credentials an A7 may name")
    func subjectsForFiling() throws {
        let fixture = try RevocationFixture()
        #expect(
            try fixture.registry.revocationSubjects(by: fixture.petra).map(\.name) == [
                "bob", "carol", "dave", "manager",
            ])
        try fixture.advance(try fixture.file(about: fixture.bob).request.id, to: "revoked")
        #expect(try fixture.registry.revocationSubjects(by: fixture.petra).map(\.name) == ["carol", "dave", "manager"])
        let audrey = try fixture.base.operatorWith("auditor", name: "audrey")
        #expect(throws: AccessError.self) { try fixture.registry.revocationSubjects(by: audrey) }
    }

    @Test("an auditor cannot file at all (77), and a PMA member's sign-in backs only their own capacity")
    func whoMayFile() throws {
        let fixture = try RevocationFixture()
        let audrey = try fixture.base.operatorWith("auditor", name: "audrey")
        let before = try fixture.base.counts()
        #expect(throws: AccessError.notPermitted(.revocationRequest, operator: "audrey")) {
            try fixture.file(about: fixture.bob, by: audrey)
        }
        #expect(try fixture.base.counts() == before)
        // Recorded as received by letter from a PMA member: entitled, verified as a step of its own.
        let recorded = try fixture.file(
            about: fixture.bob, by: fixture.carol, arrival: "letter", requester: fixture.petra.operatorID)
        #expect(recorded.request.state == "entitled")
        // The requester named in the request verifies and decides nothing, even with the roles to.
        let (mike, _) = try Self.secondManager(fixture)
        let byMike = try fixture.file(
            about: fixture.bob, by: fixture.carol, capacity: "ra-manager", arrival: "email", requester: mike.operatorID)
        #expect {
            try fixture.registry.act(
                on: byMike.request.id, action: "verify-requester", evidence: RevocationFixture.verification, by: mike)
        } throws: { error in
            guard case RequestError.separationOfDuties(let why) = error else { return false }
            return why.contains("asked for by mike")
        }
    }

    static func secondManager(_ fixture: RevocationFixture) throws -> (OperatorSession, Operator) {
        let mike = try fixture.base.operatorWith("ra-manager", name: "mike")
        let account = try #require(try fixture.registry.operators(by: fixture.manager).first { $0.name == "mike" })
        return (mike, account)
    }

    @Test(
        "an RA Manager cannot decide or carry out their own revocation; RA Personnel cannot while another manager is enabled"
    )
    func managerRevocation() throws {
        let fixture = try RevocationFixture()
        let (mike, _) = try Self.secondManager(fixture)
        let id = try fixture.file(about: fixture.manager).request.id
        try fixture.advance(id, to: "requester-verified")
        let before = try fixture.base.counts()
        for session in [fixture.manager, fixture.dave] {
            #expect { try fixture.registry.act(on: id, action: "decide-verified", by: session) } throws: { error in
                guard case RequestError.separationOfDuties = error else { return false }
                return Failure(error).exitStatus == .noPermission
            }
        }
        #expect(try fixture.base.counts() == before)
        // request show says why, for the TUI too.
        let decide = try #require(
            try fixture.registry.request(id, by: fixture.dave).actions.first {
                $0.transition.action == "decide-verified"
            })
        #expect(decide.refusal?.message.contains("only another SMKI RA Manager") == true)
        #expect(try fixture.registry.act(on: id, action: "decide-verified", by: mike).request.state == "verified")
        for session in [fixture.manager, fixture.dave] {
            #expect(throws: RequestError.self) { try fixture.registry.act(on: id, action: "revoke", by: session) }
        }
        #expect(try fixture.registry.act(on: id, action: "revoke", by: mike).request.state == "revoked")
        #expect {
            try fixture.registry.signIn(name: "manager", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        } throws: { Self.isRevoked($0, "manager") }
        #expect(try fixture.registry.isInRecovery() == false)
    }

    @Test(
        "the waiting list agrees with the rules: RA Personnel see an RA Manager's revocation to decide only when no other manager is enabled; a requester never sees their own to verify"
    )
    func waitingList() throws {
        let fixture = try RevocationFixture()
        func waiting(_ session: OperatorSession, _ state: String) throws -> [Int64] {
            try fixture.registry.requests(
                .init(kind: "ra-revocation", state: state, waitingForMe: true), limit: 10, by: session
            ).map(\.id)
        }
        let aboutManager = try fixture.file(about: fixture.manager).request.id
        try fixture.advance(aboutManager, to: "requester-verified")
        #expect(try waiting(fixture.dave, "requester-verified") == [aboutManager])
        let (mike, _) = try Self.secondManager(fixture)
        #expect(try waiting(fixture.dave, "requester-verified").isEmpty)
        #expect(try waiting(mike, "requester-verified") == [aboutManager])
        _ = try fixture.registry.disableOperator("mike", by: fixture.manager)
        #expect(try waiting(fixture.dave, "requester-verified") == [aboutManager])
        _ = try fixture.registry.enableOperator("mike", by: fixture.manager)

        // The requester named may still withdraw; the query for verifying alone leaves them out.
        let named = try fixture.file(
            about: fixture.bob, by: fixture.carol, capacity: "ra-manager", arrival: "email", requester: mike.operatorID
        ).request.id
        func verifiable(_ session: OperatorSession, roles: [String]) throws -> [Int64] {
            try fixture.registry.read { db in
                let engine = RequestEngine(db: db, policy: fixture.registry.policy, session: session, time: "")
                let verifyOnly = WorkflowState(
                    id: "entitled", label: "", isTerminal: false,
                    transitions: [Self.workflow.state("entitled")!.transition("verify-requester")!])
                let (condition, arguments) = engine.waitingCondition(
                    workflow: Self.workflow, state: verifyOnly, roles: roles)!
                return try RequestStore(db: db).summaries(
                    kind: "ra-revocation", state: "entitled", where: condition, arguments: arguments, after: 0,
                    limit: 10, name: { _, _ in "" }
                ).map(\.id)
            }
        }
        #expect(try verifiable(mike, roles: ["ra-manager"]).isEmpty)
        #expect(try verifiable(fixture.dave, roles: ["ra-personnel"]) == [named])
        #expect(try waiting(mike, "entitled") == [named])
        let actions = try fixture.registry.request(named, by: mike).actions
        #expect(
            actions.first { $0.transition.action == "verify-requester" }?.refusal?.message.contains("asked for by mike")
                == true)
        #expect(actions.first { $0.transition.action == "withdraw" }?.refusal == nil)
    }

    @Test(
        "revoking the last enabled ra-manager proceeds and puts the registry in recovery; two other sign-ins, one a PMA member's, make a new one"
    )
    func recoveryAfterTheLastManager() throws {
        let fixture = try RevocationFixture()
        let id = try fixture.file(about: fixture.manager).request.id
        // With no other manager enabled, the site's alternative (RA Personnel) decides and revokes.
        try fixture.advance(id, to: "revoked")
        let revoke = try #require(try fixture.registry.request(id, by: fixture.dave).request.steps.last)
        #expect(revoke.action == "revoke")
        #expect(try fixture.registry.isInRecovery())
        #expect(throws: AccessError.self) {
            try fixture.registry.addOperator(
                name: "nina", roles: ["ra-manager"], passphrase: Fixtures.passphrase, by: fixture.dave)
        }

        let before = try fixture.base.counts()
        func recover(_ sessions: [OperatorSession]) throws -> Operator {
            try fixture.registry.recover(
                name: "nina", passphrase: Fixtures.passphrase, signedIn: sessions, hasher: Fixtures.fastHasher)
        }
        #expect(throws: RevocationError.self) { try recover([fixture.petra]) }
        #expect(throws: RevocationError.self) { try recover([fixture.petra, fixture.petra]) }
        #expect(throws: RevocationError.self) { try recover([fixture.carol, fixture.dave]) }
        #expect { try recover([fixture.petra, fixture.manager]) } throws: { Self.isRevoked($0, "manager") }
        #expect(try fixture.base.counts() == before)

        let nina = try recover([fixture.petra, fixture.carol])
        #expect(nina.roles == ["ra-manager"])
        #expect(try fixture.registry.isInRecovery() == false)
        #expect(throws: RevocationError.notInRecovery) { try recover([fixture.petra, fixture.carol]) }
        let session = try fixture.registry.signIn(
            name: "nina", passphrase: Fixtures.passphrase, hasher: Fixtures.fastHasher)
        var events: [AuditEvent] = []
        try fixture.registry.auditEvents(matching: AuditFilter(action: "operator.recovered"), limit: 5, by: session) {
            events.append($0)
        }
        #expect(events.count == 1)
        #expect(events.first?.details.contains("petra") == true)
        #expect(try fixture.registry.verifyAudit(by: session).isIntact)
    }

    @Test(
        "organisation revocation: one ARO credential, then all of an organisation's, verified and carried out by RA staff"
    )
    func organisationRevocation() throws {
        let fixture = try RevocationFixture()
        let aro = try fixture.base.request(in: "active")
        let second = try fixture.base.request(in: "active", name: "Eve Lamb")
        let credentials = try fixture.registry.credentials(limit: 10, by: fixture.manager).map(\.id)
        #expect(credentials.count == 2)
        _ = (aro, second)
        func form(_ target: String, credential: Int64?) -> FormFile {
            var fields: [String: JSONValue] = [
                "organisation": JSONValue(fixture.base.organisation), "target": .string(target),
                "requestedBy": .string("aro"),
                "requesterName": .string("Dana Smith"), "arrival": .string("telephone"),
                "receivedOn": .string("2026-11-24"),
                "grounds": .string("lost-token"), "groundsDetail": .string("Token lost on a train."),
            ]
            if let credential { fields["credential"] = JSONValue(credential) }
            return FormFile(formID: "OrganisationRevocation", fields: .object(fields))
        }
        let one = try fixture.registry.submitRequest(
            kind: "org-revocation", form: form("credential", credential: credentials[0]), by: fixture.carol)
        #expect(one.request.state == "checked")
        #expect(throws: RequestError.self) {
            try fixture.registry.act(
                on: one.request.id, action: "verify-requester", evidence: RevocationFixture.verification,
                by: fixture.carol)
        }
        _ = try fixture.registry.act(
            on: one.request.id, action: "verify-requester", evidence: RevocationFixture.verification, by: fixture.dave)
        #expect(throws: RequestError.self) {
            try fixture.registry.act(on: one.request.id, action: "decide-verified", by: fixture.dave)
        }
        _ = try fixture.registry.act(on: one.request.id, action: "decide-verified", by: fixture.manager)
        #expect(throws: RequestError.self) {
            try fixture.registry.act(on: one.request.id, action: "revoke", by: fixture.dave)
        }
        #expect(
            try fixture.registry.act(on: one.request.id, action: "revoke", by: fixture.manager).request.state
                == "revoked")
        #expect(try fixture.registry.credential(credentials[0], by: fixture.manager)?.state == "revoked")
        #expect(try fixture.registry.credential(credentials[1], by: fixture.manager)?.state == "active")

        // A credential that is no longer in use waits at the check, for a person to reject.
        let again = try fixture.registry.submitRequest(
            kind: "org-revocation", form: form("credential", credential: credentials[0]), by: fixture.carol)
        #expect(again.request.state == "received")
        #expect(again.pendingChecks.map(\.code) == [.revocationCredential])

        let all = try fixture.registry.submitRequest(
            kind: "org-revocation", form: form("organisation", credential: nil), by: fixture.carol)
        _ = try fixture.registry.act(
            on: all.request.id, action: "verify-requester", evidence: RevocationFixture.verification, by: fixture.dave)
        _ = try fixture.registry.act(on: all.request.id, action: "decide-verified", by: fixture.manager)
        _ = try fixture.registry.act(on: all.request.id, action: "revoke", by: fixture.manager)
        #expect(try fixture.registry.credentials(state: "active", limit: 10, by: fixture.manager).isEmpty)
        #expect(try fixture.registry.verifyAudit(by: fixture.manager).isIntact)
    }

    @Test(
        "the A7 form and the rules file cannot drift apart: a capacity missing from the form makes the policy unloadable"
    )
    func formMatchesRules() throws {
        #expect(throws: FormsLoadError.self) {
            try Fixtures.policy(editing: [
                "A7-revocation.json": {
                    $0.replacingOccurrences(
                        of: #"{ "id": "other", "label": "Anyone else" }"#,
                        with: #"{ "id": "someone", "label": "Anyone else" }"#)
                }
            ])
        }
        #expect(throws: FormsLoadError.self) {
            try Fixtures.policy(editing: [
                "rules.json": {
                    $0.replacingOccurrences(of: #""signIns": 2"#, with: #""signIns": 1"#)
                }
            ])
        }
    }
}

/// Hostile A7 files: every one refused as invalid (65) with its issue, nothing stored.
extension RevocationTests {
    static let hostile: [(String, String, JSONValue)] = [
        ("subject as text", "subject", .string("2")),
        ("subject not a whole number", "subject", .number(1.5)),
        ("subject nobody", "subject", .number(999)),
        ("subject at Int64.max", "subject", .number(9_223_372_036_854_775_807)),
        ("subject negative", "subject", .number(-1)),
        ("capacity not listed", "requesterCapacity", .string("king")),
        ("capacity with an escape", "requesterCapacity", .string("pma-member\u{1B}[2J")),
        ("grounds text with an escape", "groundsDetail", .string("lost\u{1B}]0;owned\u{07}")),
        ("grounds text too long", "groundsDetail", .string(String(repeating: "x", count: 2_001))),
        ("name with a zero-width space", "requesterName", .string("Petra\u{200B}Jones")),
        ("name with a bidi override", "requesterName", .string("Petra \u{202E}senoJ")),
        ("no credentials chosen", "credentials", .array([])),
        ("a credential twice", "credentials", .array([.string("operator-account"), .string("operator-account")])),
        ("an unknown credential", "credentials", .array([.string("everything")])),
        ("arrival not listed", "arrival", .string("pigeon")),
        ("date that does not exist", "receivedOn", .string("2026-02-30")),
        ("an unknown field", "favouriteColour", .string("red")),
    ]

    @Test("hostile A7 fields are refused with their issue and change nothing", arguments: hostile.map { $0.0 })
    func hostileA7(_ name: String) throws {
        let (_, field, value) = Self.hostile.first { $0.0 == name }!
        let fixture = try RevocationFixture()
        guard case .object(var fields) = RevocationFixture.a7(subject: fixture.bob.operatorID).fields else { return }
        fields[field] = value
        let before = try fixture.base.counts()
        #expect {
            try fixture.registry.submitRequest(
                kind: "ra-revocation", form: FormFile(formID: "A7", fields: .object(fields)), by: fixture.petra)
        } throws: { error in
            guard case RequestError.invalid(let report) = error else { return false }
            return !report.errors.isEmpty && Failure(error).exitStatus == .invalidData
                && report.errors.allSatisfy { !$0.message.unicodeScalars.contains { VisibleText.mustEscape($0) } }
        }
        #expect(try fixture.base.counts() == before)
    }
}
