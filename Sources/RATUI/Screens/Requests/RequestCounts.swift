import Foundation
import RAPPModel

/// Home's requests block: the open requests by state; for someone who follows requests without
/// taking steps (a PMA member), their own latest requests and their states instead. The work
/// queue's count goes beside its menu item. Every number is a bounded count (`Registry.countLimit`).
public struct RequestCounts: Hashable, Sendable {
    /// Requests waiting for a step by the operator.
    public var waiting: Int?
    /// Open requests, by workflow and state (only the states holding any).
    public var open: [Registry.StateCount]
    /// The operator's own requests, newest first.
    public var entered: [RequestSummary]

    /// How many of their own requests Home lists.
    static let enteredShown = 3

    /// Reads the block as the signed-in operator.
    @Sendable static func read(_ context: RegistryContext) throws -> RequestCounts {
        let session = try context.signedIn()
        let registry = context.registry
        return RequestCounts(
            waiting: try registry.workQueue(limit: 0, by: session).waiting,
            open: try registry.openRequestCounts(by: session).filter { $0.count > 0 },
            entered: try registry.requestsEntered(by: session, limit: enteredShown))
    }

    /// True for an operator who reads requests but neither registers organisations nor takes any
    /// step of any workflow in force by hand: their Home shows their own requests. (An automatic
    /// step, such as checking an A7's entitlement as it is filed, is the filer's, not work.)
    static func followsOnly(_ environment: AppEnvironment) -> Bool {
        guard environment.permits(.requestRead), !environment.permits(.organisationSubmit) else { return false }
        return !environment.library.workflows.contains { workflow in
            workflow.transitions.contains {
                !$0.transition.isAutomatic && environment.permits($0.transition.permission)
            }
        }
    }

    /// Draws the block from `row`; returns the rows used.
    func draw(into grid: inout CellGrid, row: Int, column: Int, width: Int, environment: AppEnvironment) -> Int {
        let library = environment.library
        var used = 0
        if RequestCounts.followsOnly(environment) {
            grid.put(
                entered.isEmpty ? "Your requests:              none" : "Your requests (newest first):", row: row,
                column: column)
            used += 1
            for request in entered {
                let line =
                    "  \(request.id)  \(RequestText.kind(request.kind, library: library)): \(VisibleText.escaped(request.name))"
                    + "  " + RequestText.state(request.state, kind: request.kind, library: library)
                grid.put(line, row: row + used, column: column, limit: width)
                used += 1
            }
            return used
        }
        let total = open.reduce(0) { $0 + $1.count }
        var text = "Requests open:              \(RequestText.count(total))"
        if !open.isEmpty {
            // With more than one workflow, each state is named with its kind.
            let kinds = Set(open.map(\.state.kind)).count > 1
            text +=
                " ("
                + open.map { count in
                    (kinds ? RequestText.kind(count.state.kind, library: library) + ": " : "")
                        + RequestText.state(count.state.state, kind: count.state.kind, library: library) + " "
                        + RequestText.count(count.count)
                }.joined(separator: ", ") + ")"
        }
        grid.put(text, row: row, column: column, limit: width)
        return 1
    }
}
