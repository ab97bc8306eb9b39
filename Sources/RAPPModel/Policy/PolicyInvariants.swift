/// What no policy may do, whatever its files say: rules kept in code.
///
/// A policy is data an ra-manager can change; these are the limits of that power. Loading any
/// policy (built-in, a site's folder, a stored version) checks them, and applying one to a
/// registry checks them against its operators too. Other limits are checked where the action is
/// taken, in code: nobody changes their own roles or state (`AccessError.selfChange`), and the
/// last enabled ra-manager cannot be disabled or demoted.
public enum PolicyInvariants {
    /// The problems with a policy's own content: empty when it may be used.
    public static func problems(in rules: SiteRules) -> [String] {
        var problems: [String] = []
        // Overlapping another organisation's identifiers harms that organisation: no site may
        // let it through, even with a warning.
        if rules.setting(.rangeOverlapsOrganisation) != .error {
            problems.append("checks.range.overlaps-organisation must be \"error\": a check that protects another organisation's identifiers cannot be weakened")
        }
        // Someone must always be able to manage operators and change the policy, or a policy
        // could lock the RA out of its own registry.
        for action in [OperatorAction.operatorManage, .policyApply] where !rules.operatorRoles.contains(where: { rules.permits(action, roles: [$0.id]) }) {
            problems.append("permissions must grant \(action.rawValue) to at least one role")
        }
        if !rules.operatorRoles.contains(where: { rules.permits(.operatorManage, roles: [$0.id]) && rules.permits(.policyApply, roles: [$0.id]) }) {
            problems.append("permissions must grant operator.manage and policy.apply together to at least one role")
        }
        return problems
    }
}
