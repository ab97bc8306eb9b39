import Foundation
import RAPPModel

/// How request screens word a request's kind, state, step and times, from the policy in force:
/// every name comes from the workflow files (escaped, since the policy is stored data), none
/// from code, so any workflow kind shows the same way.
enum RequestText {
    /// The workflow's title, or its id when the policy no longer defines it.
    static func kind(_ kind: String, library: FormLibrary) -> String {
        VisibleText.escaped(library.workflow(kind)?.title ?? kind)
    }

    /// The state's label in its workflow.
    static func state(_ state: String, kind: String, library: FormLibrary) -> String {
        VisibleText.escaped(library.workflow(kind)?.state(state)?.label ?? state)
    }

    /// The step that waits in `state` for someone with `roles`: the first transition out of it
    /// their roles grant, not counting exits (reject, withdraw), else any they grant.
    static func waitingStep(kind: String, state: String, environment: AppEnvironment) -> String {
        guard let transitions = environment.library.workflow(kind)?.state(state)?.transitions else { return "" }
        let mine = transitions.filter { environment.permits($0.permission) }
        let step = mine.first { $0.kind != .exit } ?? mine.first ?? transitions.first { $0.kind != .exit }
        return VisibleText.escaped(step?.label ?? "")
    }

    /// "2026-11-25T08:51:52.123Z" as "2026-11-25 08:51".
    static func time(_ stamp: String) -> String {
        VisibleText.escaped(String(stamp.prefix(16))).replacingOccurrences(of: "T", with: " ")
    }

    /// A count that stops at the registry's limit: "1,000+".
    static func count(_ value: Int) -> String {
        value > Registry.countLimit ? NumberText.grouped(Registry.countLimit) + "+" : NumberText.grouped(value)
    }

    /// The (workflow, state) pairs whose workflow title or id, or state label or id, contains
    /// `text` (ignoring case): what a request list's `/` filter keeps. Nil for no filter.
    static func states(matching text: String, library: FormLibrary) -> Set<WorkflowStateKey>? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty else { return nil }
        var keys: Set<WorkflowStateKey> = []
        for workflow in library.workflows {
            let kindMatches = workflow.title.lowercased().contains(wanted) || workflow.id.lowercased().contains(wanted)
            for state in workflow.states
            where kindMatches || state.label.lowercased().contains(wanted) || state.id.lowercased().contains(wanted) {
                keys.insert(WorkflowStateKey(kind: workflow.id, state: state.id))
            }
        }
        return keys
    }
}
