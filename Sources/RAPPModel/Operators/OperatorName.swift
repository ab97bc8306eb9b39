/// The form of an operator's sign-in name: a letter, then letters, digits, '.', '_' or '-'.
///
/// Names appear in the audit trail and on every screen, so they are kept plain: no spaces, no
/// look-alike Unicode, nothing a terminal would interpret and nothing invisible. A refused name's
/// message names the first character that is not allowed (`VisibleText.describe`), so a name
/// holding an invisible character says which one.
public enum OperatorName {
    public static let maximumLength = 64

    public static func validate(_ name: String) throws(AccessError) {
        let bytes = Array(name.utf8)
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let valid =
            !bytes.isEmpty && bytes.count <= maximumLength && isLetter(bytes[0])
            && bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        guard valid else {
            let rule = "use 1 to \(maximumLength) letters, digits, '.', '_' or '-', starting with a letter."
            throw .invalid(
                ValidationIssue(
                    .operatorNameInvalid,
                    "\(VisibleText.quoted(name)) is not a usable operator name: \(problem(in: name).map { $0 + "; " } ?? "")\(rule)"
                ))
        }
    }

    /// The first character a name may not hold, described: invisible and control characters first,
    /// since those are the ones a person cannot see in the name they typed.
    private static func problem(in name: String) -> String? {
        let scalars = name.unicodeScalars
        let allowed = { (scalar: Unicode.Scalar) in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || ".-_".unicodeScalars.contains(scalar))
        }
        guard let first = scalars.first(where: VisibleText.mustEscape) ?? scalars.first(where: { !allowed($0) }) else {
            return nil
        }
        return "it contains \(VisibleText.describe(first))"
    }
}
