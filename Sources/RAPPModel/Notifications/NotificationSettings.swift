/// The rules file's `notifications` section [assumed]: the address messages come from and the
/// RA Manager's and SMKI PMA's mailboxes. Each is one plain address (`name@example.org`); a
/// mailbox left out makes its notifications rows for delivery by hand.
public struct NotificationSettings: Hashable, Sendable {
    /// The From address of every message; nil when the policy names none (`notify send` and
    /// `notify export` then refuse: `notification.no-sender`).
    public let from: String?
    public let raManager: String?
    public let pma: String?

    public init(from: String? = nil, raManager: String? = nil, pma: String? = nil) {
        self.from = from
        self.raManager = raManager
        self.pma = pma
    }

    static func read(_ value: JSONValue?, reader: inout JSONReader) -> NotificationSettings {
        guard let value,
            let object = reader.object(
                value, at: "notifications", allowed: ["about", "from", "raManager", "pma"])
        else { return NotificationSettings() }
        _ = reader.string(object["about"], at: "notifications.about")
        func address(_ key: String) -> String? {
            guard let text = reader.string(object[key], at: "notifications.\(key)") else { return nil }
            guard EmailAddress.isValid(text) else {
                reader.report(
                    .notificationAddress,
                    "\(VisibleText.quoted(text)) is not one plain e-mail address (name@example.org).",
                    at: "notifications.\(key)")
                return nil
            }
            return text
        }
        return NotificationSettings(from: address("from"), raManager: address("raManager"), pma: address("pma"))
    }
}

/// Plain e-mail addresses (`local@domain`), the only kind ratui puts in a header: printable
/// ASCII without spaces, quotes, brackets or separators, so nothing stored can add a recipient
/// or a header.
public enum EmailAddress {
    public static let maximumLength = 254

    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= maximumLength else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, !parts[1].isEmpty else { return false }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        let domainAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard parts[0].allSatisfy(localAllowed.contains), parts[1].allSatisfy(domainAllowed.contains) else {
            return false
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else { return false }
        return !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !parts[0].contains("..")
    }

    /// The domain of a valid address, for Message-IDs.
    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "ratui.invalid"
    }
}
