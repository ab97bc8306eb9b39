import RAPPModel

/// A whole A1 form checked against the rules and the registry, with the registered ranges
/// overlapping or next to its own (for the range map).
public struct FormCheck: Equatable, Sendable {
    public var report: ValidationReport
    public var nearby: [RegisteredRange]

    /// Checks `form` (as an amendment of `amending`, if given) in one read of the registry.
    static func run(_ form: OrganisationInformationForm, amending: Int64?, context: RegistryContext) throws -> FormCheck
    {
        let registry = try context.reading()
        let report = try context.validator.validate(form, registry: registry, amending: amending)
        let ranges = form.userRoleRanges.compactMap { entry -> IdentifierRange? in
            guard let first = try? EUI64(parsing: entry.first, allowReserved: true),
                let last = try? EUI64(parsing: entry.last, allowReserved: true)
            else { return nil }
            return IdentifierRange(first: first, last: last)
        }
        return FormCheck(
            report: report, nearby: try RangeNeighbourhood.around(ranges, excluding: amending, in: registry))
    }
}

extension FormScreen {
    /// Checks the form as typed now; the answer names the form it checked.
    func check() -> Effect {
        let form = self.form
        return .registry(
            "check the form",
            { [amending] context in
                try FormCheck.run(form, amending: amending?.organisation, context: context)
            }, then: { Message.checked(form, $0) })
    }

    /// Validates and stores the form in one transaction, as the signed-in operator.
    func store() -> Effect {
        let form = self.form
        return .registry(
            "store the form",
            { [amending] context in
                try context.registry.submit(form, amending: amending, by: try context.signedIn())
            }, then: Message.stored)
    }
}
