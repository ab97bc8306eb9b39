import RAPPModel
import Testing

@testable import RATUI

/// A screen added the way `docs/architecture.md` says: one type with its own keys, contexts,
/// messages and registry work, and nothing else changed. This one is never registered in
/// `ActionTable.screens`; the app still offers its keys, because the table in force is built
/// from the screen on top.
@Suite struct ThrowAwayScreenTests {
    struct CountScreen: Screen {
        enum Message: Sendable {
            case counted(Result<Int, Failure>)
            case resetConfirmed
        }

        var organisations: Int?
        var resets = 0
        var problem: Failure?

        static let actions: [Action] = [
            Action(
                .recount, keys: [.character("r")], name: "recount", description: "Count the organisations again.",
                contexts: [.countScreen]),
            Action(
                .reset, keys: [.character("x")], name: "reset", description: "Reset (asks first).",
                contexts: [.countScreen]),
        ]

        func title(environment: AppEnvironment) -> String { "Count" }
        func contexts(environment: AppEnvironment) -> Set<ActionContext> { [.screen, .innerScreen, .countScreen] }
        var appearEffects: [Effect] { [count()] }

        func count() -> Effect {
            .registry(
                "count organisations", { context in try context.registry.counts().organisations }, then: Message.counted
            )
        }

        func update(_ event: ScreenEvent<Message>, environment: AppEnvironment) -> (CountScreen, ScreenOutput) {
            var next = self
            var output = ScreenOutput()
            switch event {
            case .action(.recount): output.effects = [count()]
            case .action(.reset):
                output.dialog = ConfirmDialog(
                    title: "Reset?", message: ["Reset the count?"], confirmLabel: "Reset", cancelLabel: "Keep",
                    onConfirm: .screen(Message.resetConfirmed))
            case .action(.back): output.navigation = .pop
            case .message(.counted(.success(let count))): next.organisations = count
            case .message(.counted(.failure(let failure))): next.problem = failure
            case .message(.resetConfirmed):
                next.resets += 1
                next.organisations = nil
            default: break
            }
            return (next, output)
        }

        func view(into grid: inout CellGrid, area: Rect, environment: AppEnvironment) {
            grid.put("Organisations: \(organisations.map(String.init) ?? "…")", row: area.row, column: area.column)
        }
    }

    @Test func aNewScreenWorksWithNothingButItsOwnFile() throws {
        let test = try TestRegistry()
        try test.store("Counted Ltd", [("other-user", "90-B3-D5-50-00-00-00-00", "90-B3-D5-50-00-00-FF-FF")])
        var driver = test.driver(start: CountScreen())
        // Its registry work ran when it appeared, and the answer came back as its own message.
        #expect(driver.app.top(CountScreen.self)?.organisations == 1)
        #expect(driver.app.view().text.contains("Organisations: 1"))
        // Its keys are in the footer and in help, from its own rows of the table.
        #expect(driver.app.view().text.contains("r recount"))
        driver.press(.character("?"))
        #expect(driver.app.view().text.contains("Count the organisations again."))
        driver.press(.escape)
        // Its dialog carries the answer back to it.
        driver.press(.character("x"), .tab, .enter)
        #expect(driver.app.top(CountScreen.self)?.resets == 1)
        #expect(driver.app.top(CountScreen.self)?.organisations == nil)
        driver.press(.character("r"))
        #expect(driver.app.top(CountScreen.self)?.organisations == 1)
        // An answer of another screen's type is not given to it.
        driver.send(.screen(HomeScreen.Message.counted(.success(HomeScreen.Counts(organisations: 9, ranges: 9)))))
        #expect(driver.app.top(CountScreen.self)?.organisations == 1)
    }
}

extension ActionID {
    static let recount = ActionID("recount")
    static let reset = ActionID("reset")
}

extension ActionContext {
    static let countScreen = ActionContext("countScreen")
}
