import Testing

@testable import RATUI

/// The request screens' keys, written out by hand for each place, as `ActionTableTests` does
/// for the others.
@Suite struct RequestActionTableTests {
    typealias Expectation = ActionTableTests.Expectation

    static let expectations: [Expectation] = [
        Expectation(
            place: "Home's request items", contexts: [.screen, .home], typing: false, screen: HomeScreen.self,
            keys: [
                (.character("r"), .openWorkQueue), (.character("e"), .newRequest), (.character("c"), .openCredentials),
            ]),
        Expectation(
            place: "one organisation's requests", contexts: [.screen, .innerScreen, .organisationDetail], typing: false,
            screen: OrganisationScreen.self,
            keys: [
                (.character("r"), .newRequest), (.character("i"), .openCredentials),
            ]),
        Expectation(
            place: "work queue", contexts: [.screen, .innerScreen, .workQueue], typing: false,
            screen: WorkQueueScreen.self,
            keys: [
                (.enter, .open), (.character("/"), .filter), (.character("r"), .reloadRequests), (.up, .moveUp),
                (.character("j"), .moveDown),
                (.pageDown, .pageDown), (.character(" "), .pageDown), (.escape, .back), (.character("q"), .back),
                (.character("w"), .whois),
            ]),
        Expectation(
            place: "work queue filter line", contexts: [.screen, .workQueueFilter], typing: true,
            screen: WorkQueueScreen.self,
            keys: [
                (.enter, .open), (.down, .open), (.escape, .clearFilter), (.character("q"), nil),
                (.character("r"), nil),
            ]),
        Expectation(
            place: "one request", contexts: [.screen, .innerScreen, .requestDetail], typing: false,
            screen: RequestScreen.self,
            keys: [
                (.enter, .open), (.up, .moveUp), (.character("k"), .moveUp), (.down, .moveDown), (.pageDown, .pageDown),
                (.character(" "), .pageDown), (.character("h"), .openAudit), (.escape, .back), (.character("a"), nil),
            ]),
        Expectation(
            place: "request form text field", contexts: [.screen, .innerScreen, .requestForm], typing: true,
            screen: RequestFormScreen.self,
            keys: [
                (.control("s"), .submit), (.tab, .nextField), (.enter, .nextField), (.backTab, .previousField),
                (.escape, .back),
                (.character("q"), nil), (.character(" "), nil),
            ]),
        Expectation(
            place: "request form choice field", contexts: [.screen, .innerScreen, .requestForm, .formChoice],
            typing: false, screen: RequestFormScreen.self,
            keys: [
                (.enter, .chooseOption), (.character(" "), .chooseOption), (.tab, .nextField), (.control("s"), .submit),
            ]),
        Expectation(
            place: "request form rows", contexts: [.screen, .innerScreen, .requestForm, .requestFormMultiline],
            typing: true, screen: RequestFormScreen.self,
            keys: [
                (.enter, .newLine), (.up, .lineUp), (.down, .lineDown), (.tab, .nextField),
            ]),
        Expectation(
            place: "new request", contexts: [.screen, .innerScreen, .newRequest], typing: false,
            screen: NewRequestScreen.self,
            keys: [
                (.enter, .open), (.down, .moveDown), (.escape, .back),
            ]),
        Expectation(
            place: "credentials", contexts: [.screen, .innerScreen, .credentialList], typing: false,
            screen: CredentialListScreen.self,
            keys: [
                (.enter, .open), (.character("s"), .cycleState), (.down, .moveDown), (.escape, .back),
            ]),
    ]

    @Test func everyKeyDoesWhatIsWrittenDownForItsPlace() {
        for expectation in Self.expectations {
            let table = ActionTable.table(for: expectation.screen)
            for (key, expected) in expectation.keys {
                let found = ActionTable.action(
                    for: key, in: expectation.contexts, typing: expectation.typing, table: table)?.id
                #expect(found == expected, "\(key.label) in \(expectation.place)")
            }
        }
    }
}
