import Testing
@testable import RATUI

@Suite struct ActionTableTests {
    /// Context sets the screens report, to check the table in each.
    static let situations: [(Set<ActionContext>, typing: Bool)] = [
        ([.screen, .home], false),
        ([.screen, .innerScreen, .organisationList], false),
        ([.screen, .organisationListFilter], true),
        ([.screen, .innerScreen, .organisationDetail], false),
        ([.screen, .innerScreen, .form], true),
        ([.screen, .innerScreen, .form, .formMultiline], true),
        ([.screen, .innerScreen, .form, .formRanges], true),
        ([.screen, .innerScreen, .form, .formRanges, .formRole], false),
        ([.chooser], false),
        ([.dialog], false),
        ([.help], false),
        ([.whois], true),
    ]

    @Test func everyKeyShownTriggersTheActionItIsShownFor() {
        for (contexts, typing) in Self.situations {
            for action in ActionTable.actions(in: contexts) {
                for key in ActionTable.effectiveKeys(of: action, in: contexts, typing: typing) {
                    #expect(ActionTable.action(for: key, in: contexts, typing: typing) == action, "\(key.label) in \(contexts)")
                }
            }
        }
    }

    @Test func noKeyIsBoundTwiceInOneContext() {
        var seen: [ActionContext: [Key: ActionID]] = [:]
        for action in ActionTable.all {
            for context in action.contexts {
                for key in action.keys {
                    let earlier = seen[context]?[key]
                    #expect(earlier == nil || earlier == action.id, "\(key.label) bound to \(earlier!) and \(action.id) in \(context)")
                    seen[context, default: [:]][key] = action.id
                }
            }
        }
    }

    @Test func printableKeysTypeInsteadOfActingWhileTyping() {
        let form: Set<ActionContext> = [.screen, .innerScreen, .form]
        #expect(ActionTable.action(for: .character("q"), in: form, typing: true) == nil)
        #expect(ActionTable.action(for: .character("?"), in: form, typing: true) == nil)
        #expect(ActionTable.action(for: .function(1), in: form, typing: true)?.id == .help)
        #expect(ActionTable.action(for: .character("q"), in: [.screen, .innerScreen, .organisationList], typing: false)?.id == .back)
        #expect(ActionTable.action(for: .character("q"), in: [.screen, .home], typing: false)?.id == .quit)
    }

    @Test func enterStartsANewLineInTheAddressButMovesOnElsewhere() {
        #expect(ActionTable.action(for: .enter, in: [.screen, .innerScreen, .form, .formMultiline], typing: true)?.id == .newLine)
        #expect(ActionTable.action(for: .enter, in: [.screen, .innerScreen, .form], typing: true)?.id == .nextField)
        let multiline: Set<ActionContext> = [.screen, .innerScreen, .form, .formMultiline]
        let next = ActionTable.actions(in: multiline).first { $0.id == .nextField }!
        #expect(!ActionTable.effectiveKeys(of: next, in: multiline, typing: true).contains(.enter))
    }

    @Test func helpListsOnlyWhatWorksHere() {
        let help = HelpOverlay(contexts: [.screen, .home], typing: false, screenTitle: "Home")
        let keys = help.lines.map(\.keys)
        #expect(keys.contains("n"))
        #expect(!keys.contains { $0.contains("Ctrl-S") })
    }
}
