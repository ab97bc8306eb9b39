import SnapshotTesting
import Testing

@testable import RAPPModel
@testable import RATUI

/// The request screens driven key by key against a real registry: the work queue, a request with
/// its steps (allowed, or disabled with the engine's reason), new requests and evidence on the
/// generic form editor, credentials; and golden snapshots of each at 80x24 and 132x43, default
/// and plain.
@Suite(.serialized)
struct RequestScreenTests {
    // MARK: A nomination from start to credential, by keys

    /// Fills in the ARO nomination form from its second field (the organisation is filled in),
    /// leaving "renews" empty: a first nomination, not a renewal.
    func fillNomination(_ driver: inout AppDriver, name: String) {
        driver.press(.tab, .tab)
        for value in [name, "Head of Metering", "gil@example.org", "+44 20 7946 0003", "1985-05-05"] {
            driver.type(value)
            driver.press(.tab)
        }
        driver.press(.enter, .enter, .tab)  // scopes: the list, the first option
        driver.type("Bob Ray")
        driver.press(.tab)
        driver.type("2026-11-21")
    }

    @Test func aNominationGoesFromEntryToCredentialByKeys() throws {
        let sample = try RequestSample.make()
        let organisation = sample.organisations[0]
        // bob enters it from the organisation's screen.
        var bob = sample.driver(sample.bob, start: OrganisationScreen(id: organisation))
        bob.press(.character("r"), .enter)
        let form = try #require(bob.app.top(RequestFormScreen.self))
        #expect(form.editor.values["organisation"] == String(organisation))
        fillNomination(&bob, name: "Gil Hart")
        bob.press(.control("s"), .character("e"))
        let entered = try #require(bob.app.top(RequestScreen.self)?.details)
        #expect(entered.request.state == "checked")
        #expect(entered.request.fields["nomineeName"] == .string("Gil Hart"))
        let id = entered.request.id

        // carol records the identity evidence on the form editor.
        var carol = sample.driver(sample.carol, start: RequestScreen(id: id))
        #expect(carol.app.top(RequestScreen.self)?.selectedAction?.transition.action == "verify-identity")
        carol.press(.enter)
        carol.type("passport | PASS999")
        carol.press(.tab, .enter, .enter, .tab, .tab)  // method: face to face; no details
        carol.type("2026-11-22")
        carol.press(.tab, .enter, .enter, .tab, .tab)  // BS 7858:2019; no equivalent
        carol.type("SCREEN-9")
        carol.press(.control("s"), .character("r"))
        #expect(carol.app.top(RequestScreen.self)?.details?.request.state == "identity-verified")
        // Its lines were worked out when the answer came, for the width it is drawn at.
        let verified = try #require(carol.app.top(RequestScreen.self))
        #expect(verified.shownWidth == 78)
        #expect(verified.shownLines == verified.lines(environment: sample.test.environment(), width: 78))

        // bob, who entered it, sees approve disabled with the engine's reason, and cannot take it.
        var maker = sample.driver(sample.bob, start: RequestScreen(id: id))
        let approve = try #require(maker.app.top(RequestScreen.self)?.selectedAction)
        #expect(approve.transition.action == "approve")
        #expect(approve.blocked?.code == "request.separation-of-duties")
        #expect(maker.app.view().text.contains("request.separation-of-duties"))
        maker.press(.enter)
        #expect(maker.app.view().text.contains("You may not take \"Approve\""))
        #expect(try sample.test.registry.request(id, by: sample.bob).request.state == "identity-verified")

        // dave approves; carol issues and activates.
        var dave = sample.driver(sample.dave, start: RequestScreen(id: id))
        dave.press(.enter, .character("t"))
        #expect(dave.app.top(RequestScreen.self)?.details?.request.state == "approved")
        carol = sample.driver(sample.carol, start: RequestScreen(id: id))
        carol.press(.enter)
        for value in ["TK-0099", "4F2A910D", "ghart", "2028-11-22"] {
            carol.type(value)
            carol.press(.tab)
        }
        carol.press(.control("s"), .character("r"))
        #expect(carol.app.top(RequestScreen.self)?.details?.request.state == "issued")
        carol.press(.enter, .character("t"))
        #expect(carol.app.top(RequestScreen.self)?.details?.request.state == "active")

        // The credential is on the organisation's screen.
        let shown = sample.driver(sample.bob, width: 132, height: 43, start: OrganisationScreen(id: organisation))
        #expect(shown.app.view().text.contains("Gil Hart"))
    }

    @Test func theWorkQueueListsWhatWaitsForTheOperatorOnly() throws {
        let sample = try RequestSample.make()
        let dave = sample.driver(sample.dave, start: WorkQueueScreen())
        let queue = try #require(dave.app.top(WorkQueueScreen.self))
        #expect(queue.rows.map(\.id) == [sample.checked, sample.verified])
        #expect(queue.waiting == 2)
        // carol verified one: she may still reject or withdraw it, so it waits for her too, but
        // approving it is not hers: the request screen shows approve disabled.
        var carol = sample.driver(sample.carol, start: WorkQueueScreen())
        carol.press(.character("/"))
        carol.type("identity")
        #expect(carol.app.top(WorkQueueScreen.self)?.rows.map(\.id) == [sample.verified])
        carol.press(.enter, .enter)
        #expect(carol.app.top(RequestScreen.self)?.selectedAction?.blocked?.code == "request.separation-of-duties")
    }

    @Test func evidenceRefusedByTheEngineIsShownBesideItsFields() throws {
        let sample = try RequestSample.make()
        var dave = sample.driver(sample.dave, start: RequestScreen(id: sample.checked))
        dave.press(.enter)
        dave.type("passport | \u{1B}[2J")
        dave.press(.control("s"))  // the form's own checks: no dialog, the issues beside the fields
        let screen = try #require(dave.app.top(RequestFormScreen.self))
        let codes = Set(screen.editor.issues.map(\.code.rawValue))
        #expect(codes.isSuperset(of: ["field.control-character", "field.required"]))
        #expect(dave.app.view().text.contains("field.control-character"))
        #expect(try sample.test.registry.request(sample.checked, by: sample.dave).request.state == "checked")
    }

    @Test func whatOnlyTheRegistryKnowsIsRefusedByTheEngineBesideItsField() throws {
        let sample = try RequestSample.make()
        var bob = sample.driver(sample.bob, start: OrganisationScreen(id: sample.organisations[0]))
        bob.press(.character("r"), .enter, .control("u"))
        bob.type("999")
        fillNomination(&bob, name: "Gil Hart")
        bob.press(.control("s"), .character("e"))
        let screen = try #require(bob.app.top(RequestFormScreen.self))
        #expect(screen.editor.issues.map(\.code.rawValue) == ["field.reference"])
        #expect(screen.editor.issues.first?.field == "fields.organisation")
        #expect(bob.app.view().text.contains("Not stored: request.invalid"))
    }

    @Test func personalDataIsNeverShown() throws {
        let sample = try RequestSample.make()
        let text = sample.driver(sample.dave, width: 132, height: 43, start: RequestScreen(id: sample.active)).app
            .view().text
        #expect(!text.contains("1980-02-29") && !text.contains("PASS123456") && !text.contains("SCREEN-42"))
        #expect(text.contains("recorded (digest"))
    }

    @Test func aPMAMemberSeesTheirRequestsOnHome() throws {
        let sample = try RequestSample.make()
        let pma = try sample.test.driver(as: "pma-member")
        let text = pma.app.view().text
        #expect(text.contains("Your requests:              none"))
        #expect(!text.contains("Requests open"))
        // What their roles do not grant stays in view, disabled with the reason, as for anyone.
        #expect(text.contains("Register a new organisation (A1 form) (needs organisation.submit)"))
    }

    /// A registry written by another tool, or tampered with, may hold anything: stored text
    /// reaches the terminal escaped, in the queue and on the request's screen.
    @Test func hostileStoredTextIsShownEscaped() throws {
        let sample = try RequestSample.make()
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2JEvil\u{9B}1m\u{202E}Ltd"
        try sample.test.registry.write { db in
            try db.execute(sql: "DROP TRIGGER request_no_update")
            try db.execute(
                sql:
                    "UPDATE request SET fields = json_set(fields, '$.nomineeName', ?, '$.nomineeJobTitle', ?) WHERE id = ?",
                arguments: [hostile, hostile, sample.checked])
        }
        for start in [WorkQueueScreen() as any Screen, RequestScreen(id: sample.checked)] {
            let grid = sample.driver(sample.dave, width: 132, height: 43, start: start).app.view()
            #expect(
                !grid.text.unicodeScalars.contains {
                    $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{07}" || $0 == "\u{202E}"
                })
            #expect(grid.text.contains("Evil"))
        }
    }

    // MARK: Snapshots

    func check(
        _ name: String, as who: (RequestSample) -> OperatorSession,
        start: @escaping (RequestSample) -> any Screen = { _ in HomeScreen() },
        file: StaticString = #filePath, testName: String = #function, line: UInt = #line,
        steps: (inout AppDriver, RequestSample) -> Void = { _, _ in }
    ) throws {
        for (width, height) in ScreenSnapshotTests.sizes {
            for theme in ScreenSnapshotTests.themes {
                let sample = try RequestSample.make()
                var driver = sample.driver(who(sample), theme, width: width, height: height, start: start(sample))
                steps(&driver, sample)
                assertSnapshot(
                    of: driver.app.view(), as: .screen, named: "\(name)-\(width)x\(height)-\(theme.kind.rawValue)",
                    file: file, testName: testName, line: line)
            }
        }
    }

    @Test func snapshotHomeWithRequests() throws {
        try check("home-requests", as: \.dave)
    }

    @Test func snapshotWorkQueue() throws {
        try check("work-queue", as: \.dave, steps: { driver, _ in driver.press(.character("r")) })
    }

    @Test func snapshotApproveDisabledForTheMaker() throws {
        try check("request-maker", as: \.bob, start: { RequestScreen(id: $0.verified) })
    }

    @Test func snapshotActiveRequestTimeline() throws {
        try check(
            "request-active", as: \.dave, start: { RequestScreen(id: $0.active) },
            steps: { driver, _ in
                driver.press(.pageDown)
            })
    }

    @Test func snapshotNewNomination() throws {
        try check(
            "request-new", as: \.bob, start: { OrganisationScreen(id: $0.organisations[0]) },
            steps: { driver, _ in
                driver.press(.character("r"), .enter)
            })
    }

    @Test func snapshotChoiceList() throws {
        try check(
            "request-new-choice", as: \.bob, start: { OrganisationScreen(id: $0.organisations[0]) },
            steps: {
                driver, _ in
                driver.press(.character("r"), .enter)
                for _ in 0..<6 { driver.press(.tab) }
                driver.press(.enter)
            })
    }

    @Test func snapshotEvidenceWithIssues() throws {
        try check(
            "request-evidence-issues", as: \.dave, start: { RequestScreen(id: $0.checked) },
            steps: { driver, _ in
                driver.press(.enter)
                driver.type("passport | ")
                driver.press(.control("s"))
            })
    }

    @Test func snapshotRejectWithReason() throws {
        try check(
            "request-reject", as: \.dave, start: { RequestScreen(id: $0.checked) },
            steps: { driver, _ in
                driver.press(.down, .enter)
            })
    }

    @Test func snapshotNewRequestKindsFromOrganisation() throws {
        try check("new-request-kinds", as: \.bob, start: { NewRequestScreen(organisation: $0.organisations[0]) })
    }

    @Test func snapshotNewRequestKindsFromHome() throws {
        try check("new-request-home", as: \.bob, steps: { driver, _ in driver.press(.character("e")) })
    }

    @Test func snapshotCredentials() throws {
        try check("credentials", as: \.bob, steps: { driver, _ in driver.press(.character("c")) })
    }

    @Test func snapshotOrganisationWithCredential() throws {
        try check(
            "organisation-credentials", as: \.bob, start: { OrganisationScreen(id: $0.organisations[0]) },
            steps: {
                driver, _ in
                for _ in 0..<16 { driver.press(.down) }
            })
    }

    @Test func snapshotPMAHome() throws {
        for (width, height) in ScreenSnapshotTests.sizes {
            for theme in ScreenSnapshotTests.themes {
                let sample = try RequestSample.make()
                let driver = try sample.test.driver(as: "pma-member", theme, width: width, height: height)
                assertSnapshot(
                    of: driver.app.view(), as: .screen, named: "home-pma-\(width)x\(height)-\(theme.kind.rawValue)")
            }
        }
    }
}
