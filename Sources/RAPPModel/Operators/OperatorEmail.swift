/// The form of an operator's contact e-mail address: one plain `local@domain` address.
///
/// Notifications to a request's requester or subject (the holder of a revocation) are sent to
/// it, so it goes into a message's To header: printable ASCII only, no spaces, quotes, angle
/// brackets, commas or line breaks (`EmailAddress`), at most 254 bytes, so a stored address can
/// neither add a header nor a second recipient. A refused address's message names the first
/// character that is not allowed (`VisibleText.describe`), invisible ones included.
public enum OperatorEmail {
    public static func validate(_ address: String) throws(AccessError) {
        guard !EmailAddress.isValid(address) else { return }
        let scalars = address.unicodeScalars
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@")
        let problem =
            (scalars.first(where: VisibleText.mustEscape) ?? scalars.first { !allowed.contains(Character($0)) })
            .map { "it contains \(VisibleText.describe($0)); " }
        let length = address.utf8.count > EmailAddress.maximumLength ? "it is \(address.utf8.count) bytes long; " : ""
        throw .invalid(
            ValidationIssue(
                .operatorEmailInvalid,
                "\(VisibleText.quoted(address)) is not one plain e-mail address: \(problem ?? length)"
                    + "use local@domain (ASCII letters, digits and . _ - + etc., no spaces, quotes, brackets or commas, "
                    + "at most \(EmailAddress.maximumLength) bytes)."))
    }
}
