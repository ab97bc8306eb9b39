import Foundation

/// The periods in a credential's life that the domain reference leaves [assumed], from the rules
/// file's `credentials` section: when an active credential counts as dormant, and how long a
/// closed request's personal evidence is kept before it may be redacted.
public struct CredentialLife: Hashable, Sendable {
    /// An active credential with no recorded activity for this many days is dormant.
    public let dormantAfterDays: Int
    /// A closed request's personal evidence may be redacted this many days after it closed.
    public let personalDataRetentionDays: Int

    /// The defaults a policy stored before the section existed gets: one year and six years.
    public init(dormantAfterDays: Int = 365, personalDataRetentionDays: Int = 2190) {
        self.dormantAfterDays = dormantAfterDays
        self.personalDataRetentionDays = personalDataRetentionDays
    }

    /// How many days the expiring and dormant lists may look: from none to a hundred years, so
    /// the date arithmetic stays in range.
    public static let listDays = 0...36_500

    /// Code of days outside `listDays`, or typed as anything but a whole number.
    public static let daysCode = "credential.days"

    /// Days checked against `listDays`; `credential.days` otherwise.
    public static func checked(days: Int) throws -> Int {
        guard listDays.contains(days) else { throw daysFailure }
        return days
    }

    /// Days as an operator types them (digits only, surrounding spaces ignored), checked.
    public static func days(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 5, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }),
            let days = Int(trimmed)
        else { throw daysFailure }
        return try checked(days: days)
    }

    /// Why days are refused (`credential.days`), for every front end to say alike.
    public static var daysFailure: Failure {
        Failure(
            code: daysCode,
            message: "Days must be a whole number from \(listDays.lowerBound) to \(listDays.upperBound).",
            exitStatus: .invalidData)
    }

    static func read(_ value: JSONValue?, reader: inout JSONReader) -> CredentialLife {
        guard let value,
            let object = reader.object(
                value, at: "credentials", allowed: ["about", "dormantAfterDays", "personalDataRetentionDays"])
        else { return CredentialLife() }
        _ = reader.string(object["about"], at: "credentials.about")
        let defaults = CredentialLife()
        let dormant = reader.integer(object["dormantAfterDays"], at: "credentials.dormantAfterDays", in: 1...36_500)
        let retention = reader.integer(
            object["personalDataRetentionDays"], at: "credentials.personalDataRetentionDays", in: 0...36_500)
        return CredentialLife(
            dormantAfterDays: dormant ?? defaults.dormantAfterDays,
            personalDataRetentionDays: retention ?? defaults.personalDataRetentionDays)
    }
}
