/// What no policy may do, whatever its files say: rules kept in code.
///
/// A policy is data an ra-manager can change; these are the limits of that power. Loading any
/// policy (built-in, a site's folder, a stored version) checks them, and applying one to a
/// registry checks them against its operators too. Other limits are checked where the action is
/// taken, in code: nobody changes their own roles or state (`AccessError.selfChange`), the
/// last enabled ra-manager cannot be disabled or demoted, and in a request nobody approves what
/// they submitted or verified, nor takes any step in a request about themselves
/// (`RequestEngine`).
public enum PolicyInvariants {
    /// The problems with a policy's own content: empty when it may be used.
    public static func problems(in rules: SiteRules) -> [String] {
        var problems: [String] = []
        // Overlapping another organisation's identifiers harms that organisation: no site may
        // let it through, even with a warning.
        if rules.setting(.rangeOverlapsOrganisation) != .error {
            problems.append(
                "checks.range.overlaps-organisation must be \"error\": a check that protects another organisation's identifiers cannot be weakened"
            )
        }
        // Someone must always be able to manage operators and change the policy, or a policy
        // could lock the RA out of its own registry.
        for action in [OperatorAction.operatorManage, .policyApply]
        where !rules.operatorRoles.contains(where: { rules.permits(action, roles: [$0.id]) }) {
            problems.append("permissions must grant \(action.rawValue) to at least one role")
        }
        if !rules.operatorRoles.contains(where: {
            rules.permits(.operatorManage, roles: [$0.id]) && rules.permits(.policyApply, roles: [$0.id])
        }) {
            problems.append("permissions must grant operator.manage and policy.apply together to at least one role")
        }
        return problems
    }

    /// The problems with a workflow, whatever its file says: empty when it may be used.
    ///
    /// An effect (creating a credential; later applying a policy, revoking) is what a request is
    /// for, so it must not be reachable without a second person's approval: every path from the
    /// initial state to a transition with an effect passes an approval. (Who may approve is
    /// code too: never the submitter or a verifier.)
    public static func problems(in workflow: WorkflowDefinition) -> [String] {
        var reachable: Set<String> = [workflow.initial]
        var frontier = [workflow.initial]
        while let state = frontier.popLast() {
            for transition in workflow.state(state)?.transitions ?? [] where transition.kind != .approval {
                if reachable.insert(transition.to).inserted { frontier.append(transition.to) }
            }
        }
        return workflow.transitions.compactMap { from, transition in
            guard let effect = transition.effect, reachable.contains(from) else { return nil }
            return
                "workflow \(workflow.id): the action \(transition.action) (effect \(effect.rawValue)) can be reached from \(workflow.initial) without an approval"
        }
    }

    /// Words that name a secret: no form may have a field for one. The RA records that a token
    /// or a Repository login was issued, never its PIN or password.
    static let secretWords: Set<String> = ["pin", "password", "passphrase", "passcode", "secret"]

    /// The problems with the policy's forms: a field that would record a secret.
    public static func problems(in forms: [FormDefinition]) -> [String] {
        func all(_ fields: [FieldDefinition]) -> [FieldDefinition] { fields.flatMap { [$0] + all($0.fields) } }
        return forms.flatMap { form in
            all(form.fields).compactMap { field in
                guard let word = (words(field.id) + words(field.label)).first(where: secretWords.contains) else {
                    return nil
                }
                return
                    "form \(form.id): the field \(field.id) would record a \(word); ratui never records PINs, passwords or other secrets"
            }
        }
    }

    /// The words of an id or a label, lower-cased: camelCase ids and labels alike are split at
    /// capitals and anything not a letter.
    static func words(_ text: String) -> [String] {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(text) : unicodeWords(text)
    }

    /// `words` by characters and their Unicode properties: for text of any script.
    static func unicodeWords(_ text: String) -> [String] {
        var result: [String] = []
        var word = ""
        for character in text {
            if character.isUppercase, !word.isEmpty, word.last?.isLowercase == true {
                result.append(word)
                word = ""
            }
            if character.isLetter {
                word.append(character)
            } else if !word.isEmpty {
                result.append(word)
                word = ""
            }
        }
        if !word.isEmpty { result.append(word) }
        return result.map { $0.lowercased() }
    }

    /// `words` for ASCII text, byte by byte: every policy load splits every field's id and
    /// label, and Unicode's character properties cost far more than the bytes. (An ASCII
    /// character is one byte, but for "\r\n", which is no letter either way.)
    static func asciiWords(_ text: String) -> [String] {
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        var result: [String] = []
        var word: [UInt8] = []
        func endWord() {
            result.append(String(decoding: word.map { isUpper($0) ? $0 + 0x20 : $0 }, as: UTF8.self))
            word = []
        }
        for byte in text.utf8 {
            if isUpper(byte), let last = word.last, isLower(last) { endWord() }
            if isUpper(byte) || isLower(byte) {
                word.append(byte)
            } else if !word.isEmpty {
                endWord()
            }
        }
        if !word.isEmpty { endWord() }
        return result
    }
}
