import Testing

@testable import RATUI

/// The action table checked against expectations written out by hand, key by key, for every
/// place keys are read: screens, their filter lines and form parts, overlays, sign-in and the lock.
@Suite struct ActionTableTests {
    @Test func eachRegisteredScreensTableIsJoinedOnceAndIsItsRowsAroundTheAppsOwn() {
        #expect(ActionTable.tables.count == ActionTable.screens.count)
        for screen in ActionTable.screens {
            #expect(ActionTable.table(for: screen) == ActionTable.table(screenRows: screen.actions))
        }
    }

    /// One place: its contexts, whether it types, the table in force, and what each key does there
    /// (nil: nothing, or it types).
    struct Expectation {
        let place: String
        let contexts: Set<ActionContext>
        let typing: Bool
        let screen: any Screen.Type
        let keys: [(Key, ActionID?)]
    }

    static let expectations: [Expectation] = [
        Expectation(
            place: "Home", contexts: [.screen, .home], typing: false, screen: HomeScreen.self,
            keys: [
                (.character("n"), .newOrganisation), (.character("o"), .openOrganisations),
                (.character("t"), .openAudit),
                (.character("w"), .whois), (.function(2), .whois), (.character("?"), .help), (.function(1), .help),
                (.character("q"), .quit), (.control("c"), .quit), (.control("l"), .redraw), (.enter, .open),
                (.up, .moveUp), (.character("k"), .moveUp), (.down, .moveDown), (.character("j"), .moveDown),
                (.escape, nil), (.control("s"), nil), (.character("a"), .requestRevocation), (.character("x"), nil),
                (.character("m"), .openOperators), (.function(4), .lockNow), (.control("o"), .signOut),
            ]),
        Expectation(
            place: "sign-in", contexts: [.signIn], typing: true, screen: SignInScreen.self,
            keys: [
                (.tab, .nextField), (.enter, .submit), (.down, .nextField), (.backTab, .previousField),
                (.up, .previousField),
                (.function(1), .help), (.control("c"), .quit), (.control("l"), .redraw),
                (.character("q"), nil), (.character("?"), nil), (.character("w"), nil), (.function(2), nil),
                (.escape, nil),
            ]),
        Expectation(
            place: "idle lock", contexts: [.lock], typing: true, screen: HomeScreen.self,
            keys: [
                (.enter, .submit), (.control("l"), .redraw), (.control("o"), .signOut), (.control("c"), .quit),
                (.escape, nil), (.character("q"), nil), (.function(1), nil), (.function(2), nil), (.tab, nil),
            ]),
        Expectation(
            place: "organisation list", contexts: [.screen, .innerScreen, .organisationList], typing: false,
            screen: OrganisationListScreen.self,
            keys: [
                (.enter, .open), (.character("/"), .filter), (.character("n"), .newOrganisation), (.pageUp, .pageUp),
                (.pageDown, .pageDown), (.character(" "), .pageDown), (.home, .first), (.character("g"), .first),
                (.end, .last), (.character("G"), .last), (.escape, .back), (.character("q"), .back),
                (.control("g"), .back),
                (.character("w"), .whois), (.character("t"), nil), (.character("s"), .sortOrder),
            ]),
        Expectation(
            place: "operator list", contexts: [.screen, .innerScreen, .operatorList], typing: false,
            screen: OperatorListScreen.self,
            keys: [
                (.character("d"), .disableOperator), (.character("e"), .enableOperator),
                (.character("u"), .unlockOperator),
                (.character("r"), .setOperatorRoles), (.enter, .setOperatorRoles),
                (.character("p"), .resetOperatorPassphrase),
                (.escape, .back), (.function(4), .lockNow), (.control("o"), .signOut), (.character("n"), nil),
            ]),
        Expectation(
            place: "organisation search line", contexts: [.screen, .organisationListFilter], typing: true,
            screen: OrganisationListScreen.self,
            keys: [
                (.enter, .open), (.down, .open), (.escape, .clearFilter), (.control("g"), .clearFilter),
                (.character("q"), nil), (.character("/"), nil), (.function(1), .help), (.function(2), .whois),
            ]),
        Expectation(
            place: "one organisation", contexts: [.screen, .innerScreen, .organisationDetail], typing: false,
            screen: OrganisationScreen.self,
            keys: [
                (.character("h"), .openAudit), (.character("a"), .amend), (.left, .olderVersion),
                (.character("["), .olderVersion),
                (.right, .newerVersion), (.character("]"), .newerVersion), (.up, .moveUp), (.down, .moveDown),
                (.escape, .back), (.character("q"), .back), (.enter, nil),
                (.character("d"), .showChanges), (.pageDown, .pageDown), (.character("G"), .last),
            ]),
        Expectation(
            place: "audit trail", contexts: [.screen, .innerScreen, .auditList], typing: false,
            screen: AuditScreen.self,
            keys: [
                (.up, .moveUp), (.character("k"), .moveUp), (.down, .moveDown), (.character("j"), .moveDown),
                (.pageUp, .pageUp), (.pageDown, .pageDown), (.character(" "), .pageDown), (.home, .first),
                (.end, .last),
                (.enter, .open), (.character("/"), .filter), (.escape, .back), (.character("q"), .back),
                (.character("?"), .help),
                (.character("x"), .exportAudit),
            ]),
        Expectation(
            place: "audit filter line", contexts: [.screen, .auditFilter], typing: true, screen: AuditScreen.self,
            keys: [
                (.enter, .open), (.down, .open), (.escape, .clearFilter), (.control("g"), .clearFilter),
                (.character("q"), nil), (.character("j"), nil), (.function(1), .help),
            ]),
        Expectation(
            place: "form text field", contexts: [.screen, .innerScreen, .form], typing: true, screen: FormScreen.self,
            keys: [
                (.control("s"), .submit), (.tab, .nextField), (.enter, .nextField), (.down, .nextField),
                (.backTab, .previousField), (.up, .previousField), (.control("n"), .addRangeRow), (.control("x"), nil),
                (.escape, .back), (.control("g"), .back), (.character("q"), nil), (.character("?"), nil),
                (.function(1), .help),
            ]),
        Expectation(
            place: "form address field", contexts: [.screen, .innerScreen, .form, .formMultiline], typing: true,
            screen: FormScreen.self,
            keys: [
                (.enter, .newLine), (.up, .lineUp), (.down, .lineDown), (.tab, .nextField), (.control("s"), .submit),
            ]),
        Expectation(
            place: "form range cell", contexts: [.screen, .innerScreen, .form, .formRanges], typing: true,
            screen: FormScreen.self,
            keys: [
                (.control("x"), .removeRangeRow), (.enter, .nextField), (.character(" "), nil),
            ]),
        Expectation(
            place: "form role cell", contexts: [.screen, .innerScreen, .form, .formRanges, .formRole], typing: false,
            screen: FormScreen.self,
            keys: [
                (.enter, .chooseRole), (.character(" "), .chooseRole), (.tab, .nextField), (.character("q"), .back),
                (.character("w"), .whois), (.control("x"), .removeRangeRow),
            ]),
        Expectation(
            place: "role list", contexts: [.chooser], typing: false, screen: FormScreen.self,
            keys: [
                (.enter, .confirm), (.up, .moveUp), (.down, .moveDown), (.escape, .cancel), (.control("g"), .cancel),
                (.control("l"), .redraw), (.character("j"), .moveDown), (.character("k"), .moveUp),
                (.character("?"), .help),
                (.character("q"), nil), (.tab, nil),
            ]),
        Expectation(
            place: "dialog", contexts: [.dialog], typing: false, screen: FormScreen.self,
            keys: [
                (.enter, .confirm), (.tab, .dialogNext), (.backTab, .dialogNext), (.left, .dialogNext),
                (.right, .dialogNext),
                (.escape, .cancel), (.control("g"), .cancel), (.control("l"), .redraw), (.character("q"), nil),
                (.control("c"), nil),
            ]),
        Expectation(
            place: "whole message", contexts: [.message], typing: false, screen: FormScreen.self,
            keys: [
                (.escape, .close), (.enter, .close), (.control("r"), .close), (.character("q"), .close),
                (.character("n"), nil),
            ]),
        Expectation(
            place: "Home with a message too long for its line", contexts: [.screen, .home, .statusCutOff],
            typing: false, screen: HomeScreen.self,
            keys: [
                (.control("r"), .showMessage), (.character("n"), .newOrganisation),
            ]),
        Expectation(
            place: "form with a message too long for its line",
            contexts: [.screen, .innerScreen, .form, .statusCutOff], typing: true, screen: FormScreen.self,
            keys: [
                (.control("r"), .showMessage), (.character("r"), nil),
            ]),
        Expectation(
            place: "help", contexts: [.help], typing: false, screen: HomeScreen.self,
            keys: [
                (.up, .moveUp), (.character("k"), .moveUp), (.down, .moveDown), (.escape, .close),
                (.character("?"), .close),
                (.function(1), .close), (.character("q"), .close), (.control("g"), .close), (.character("n"), nil),
                (.control("c"), .quit),
            ]),
        Expectation(
            place: "identifier look-up", contexts: [.whois], typing: true, screen: HomeScreen.self,
            keys: [
                (.enter, .lookUp), (.up, .moveUp), (.down, .moveDown), (.tab, .open), (.escape, .close),
                (.control("g"), .close), (.function(2), .close), (.character("w"), nil), (.character("q"), nil),
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

    @Test func footersShowTheKeysThatWork() {
        func footer(_ contexts: Set<ActionContext>, typing: Bool, screen: any Screen.Type) -> String {
            var grid = CellGrid(width: 132, height: 3)
            Chrome.drawFooter(
                contexts: contexts, typing: typing, table: ActionTable.table(for: screen), status: nil, into: &grid,
                theme: .plain)
            return grid.text.split(separator: "\n", omittingEmptySubsequences: false)[1].trimmingCharacters(
                in: .whitespaces)
        }
        #expect(
            footer([.screen, .home], typing: false, screen: HomeScreen.self)
                == "Keys: ? help, F2 whois, n new A1, o organisations, t audit trail, Enter open, q quit")
        #expect(
            footer([.signIn], typing: true, screen: SignInScreen.self) == "Keys: Enter sign in, F1 help, Ctrl-C quit")
        #expect(
            footer([.lock], typing: true, screen: HomeScreen.self) == "Keys: Enter unlock, Ctrl-O sign out, Ctrl-C quit"
        )
        #expect(
            footer([.screen, .auditFilter], typing: true, screen: AuditScreen.self)
                == "Keys: F1 help, F2 whois, Enter to list, Esc clear")
        #expect(
            footer([.screen, .innerScreen, .form], typing: true, screen: FormScreen.self)
                == "Keys: F1 help, F2 whois, Ctrl-S submit, Tab next, Ctrl-N add range, Esc back")
    }

    @Test func noKeyIsBoundTwiceInOneContext() {
        var seen: [ActionContext: [Key: ActionID]] = [:]
        for action in ActionTable.all {
            for context in action.contexts {
                for key in action.keys {
                    let earlier = seen[context]?[key]
                    #expect(
                        earlier == nil || earlier == action.id,
                        "\(key.label) bound to \(earlier!) and \(action.id) in \(context)")
                    seen[context, default: [:]][key] = action.id
                }
            }
        }
    }

    @Test func everyRegisteredScreenSharesNoContextWithAnother() {
        var owner: [ActionContext: String] = [:]
        for screen in ActionTable.screens {
            for context in Set(screen.actions.flatMap(\.contexts)) {
                #expect(owner[context] == nil, "\(context) used by \(owner[context] ?? "") and \(screen)")
                owner[context] = "\(screen)"
            }
        }
    }

    @Test func helpListsOnlyWhatWorksHere() {
        let help = HelpOverlay(
            contexts: [.screen, .home], typing: false, table: ActionTable.table(for: HomeScreen.self),
            screenTitle: "Home")
        let keys = help.lines.map(\.keys)
        #expect(keys.contains("n"))
        #expect(!keys.contains { $0.contains("Ctrl-S") })
    }
}
