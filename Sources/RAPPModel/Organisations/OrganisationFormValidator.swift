import Foundation

/// Checks an Organisation Information Form against RAPP 5.1 and the site rules.
///
/// This is the only place the A1 rules live. The command line and the terminal UI both call it,
/// so both show the same codes and messages.
public struct OrganisationFormValidator: Sendable {
    public let definition: FormDefinition
    public let rules: SiteRules

    /// How many registered ranges are named per conflicting range before the list is cut short.
    public static let conflictsReportedPerRange = 3

    /// The form's text fields, computed once: validation walks them for every form.
    private let textFields: [FieldDefinition]

    public init(library: FormLibrary) {
        self.init(definition: library.organisationForm, rules: library.rules)
    }

    /// A validator for rules that no loaded policy may hold (tests that must store what the
    /// policy invariants refuse, such as overlapping organisations).
    init(definition: FormDefinition, rules: SiteRules) {
        self.definition = definition
        self.rules = rules
        self.textFields = definition.textFields
    }

    /// Reads and checks a form file: its structure, then its content, one report for both.
    ///
    /// Content issues on a field that already has a structural issue are left out, so a wrong
    /// type is not reported a second time as, say, a missing value.
    public func check(
        _ data: Data, registry: (any RangeOwnershipLookup)?, amending organisation: Int64? = nil
    ) throws -> (form: OrganisationInformationForm, report: ValidationReport) {
        let (form, structural) = OrganisationInformationForm.read(data, definition: definition)
        var report = ValidationReport()
        structural.forEach { report.add($0) }
        if structural.contains(where: { $0.field == nil || $0.field == .root }) {
            return (form, report)
        }
        let content = try validate(form, registry: registry, amending: organisation)
        let reported = structural.compactMap(\.field)
        for issue in content.errors + content.warnings {
            let field = issue.field ?? .root
            if !reported.contains(where: { field.isWithin($0) || $0.isWithin(field) }) {
                report.add(issue)
            }
        }
        return (form, report)
    }

    /// Checks a form's content. With a registry, also checks its ranges against every other
    /// registered organisation's (the organisation being amended is not "other").
    public func validate(
        _ form: OrganisationInformationForm, registry: (any RangeOwnershipLookup)?, amending organisation: Int64? = nil
    ) throws -> ValidationReport {
        try validate(normalised: form.normalised(), registry: registry, amending: organisation)
    }

    /// `validate` for a form already trimmed by `normalised()`, as the registry stores it.
    func validate(
        normalised form: OrganisationInformationForm, registry: (any RangeOwnershipLookup)?,
        amending organisation: Int64?
    ) throws -> ValidationReport {
        var report = ValidationReport()
        for field in textFields {
            validateText(form.fields[field.id] ?? "", field: field, into: &report)
        }
        let ranges = validateRanges(form.userRoleRanges, into: &report)
        if let registry, rules.setting(.rangeOverlapsOrganisation) != .off {
            for (index, entry) in ranges {
                let conflicts = try registry.conflicts(
                    with: entry.range, excluding: organisation, limit: Self.conflictsReportedPerRange)
                for conflict in conflicts {
                    report.add(overlapsOrganisation(index: index, entry: entry, conflict: conflict))
                }
            }
        }
        // Only a registered organisation can have an allocation recorded; with none recorded,
        // its ranges are not checked against one.
        if let registry, let organisation, rules.setting(.rangeOutsideAllocation) != .off {
            let allocation = try registry.allocation(of: organisation)
            if !allocation.isEmpty {
                for (index, entry) in ranges where !Self.isCovered(entry.range, by: allocation) {
                    report.add(
                        outsideAllocation(
                            entry, path: OrganisationInformationForm.path(ofRange: index, column: "first"),
                            allocation: allocation))
                }
            }
        }
        return report
    }

    /// Whether the allocation's ranges, taken together, hold every identifier of `range`.
    public static func isCovered(_ range: IdentifierRange, by allocation: [IdentifierRange]) -> Bool {
        // Blocks that touch or overlap make one stretch without a gap.
        var stretches: [(first: EUI64, last: EUI64)] = []
        for block in allocation.sorted(by: { $0.first < $1.first }) {
            if let last = stretches.last,
                block.first.value <= last.last.value || block.first.value - last.last.value == 1
            {
                stretches[stretches.count - 1].last = max(last.last, block.last)
            } else {
                stretches.append((block.first, block.last))
            }
        }
        return stretches.contains { $0.first <= range.first && range.last <= $0.last }
    }

    /// A range outside the recorded allocation, with the rules file's severity.
    func outsideAllocation(_ entry: UserRoleRange, path: FieldPath, allocation: [IdentifierRange]) -> ValidationIssue {
        let setting = rules.setting(.rangeOutsideAllocation)
        let blocks = allocation.map(\.description).joined(separator: ", ")
        return ValidationIssue(
            .rangeOutsideAllocation,
            "The \(rules.roleName(entry.role)) range \(entry.range) is not inside the organisation's EUI-64 allocation from SECAS (\(blocks)).",
            severity: setting == .warning ? .warning : .error, field: path, role: entry.role, isSiteRule: true)
    }

    /// Checks one text field; returns the issues instead of storing them, for a screen that checks
    /// a field when the person leaves it.
    public func validate(field id: String, value: String) -> [ValidationIssue] {
        guard let field = definition.field(id), field.type != .userRoleRanges else { return [] }
        var report = ValidationReport()
        validateText(value.trimmingWhiteSpace(), field: field, into: &report)
        return report.errors + report.warnings
    }

    // MARK: Organisation fields (RAPP 5.1(a))

    private func validateText(_ value: String, field: FieldDefinition, into report: inout ValidationReport) {
        // Built only for an issue: a valid field (nearly every one an import reads) needs neither.
        var path: FieldPath { OrganisationInformationForm.path(ofField: field.id) }
        var label: String { "\(field.label)" }
        // Printable ASCII throughout (the usual case) holds no control or invisible character:
        // skip the scan. Invisible ones (U+200B, U+3164, …) share the control characters' code.
        let plainASCII = value.utf8.allSatisfy { (0x20...0x7E).contains($0) }
        if !plainASCII,
            let control = value.unicodeScalars.first(where: {
                VisibleText.mustEscape($0) && !(field.type == .multiline && $0 == "\n")
            })
        {
            report.add(
                ValidationIssue(
                    .fieldControlCharacter, "\(label) contains \(VisibleText.describe(control)); remove it.",
                    field: path))
            return
        }
        if value.isEmpty {
            if field.isRequired {
                report.add(ValidationIssue(.fieldRequired, "\(label) is required.", field: path))
            }
            return
        }
        // A character takes at least one byte, so a value no longer in bytes than the limit fits.
        if let maxLength = field.maxLength, value.utf8.count > maxLength, value.count > maxLength {
            report.add(
                ValidationIssue(
                    .fieldTooLong, "\(label) is \(value.count) characters long; at most \(maxLength) are allowed.",
                    field: path))
            return
        }
        if field.type == .date, !Timestamp.isCalendarDate(value) {
            report.add(
                ValidationIssue(
                    .fieldFormat, "\(label) must be a real date written YYYY-MM-DD, such as 2026-11-25.", field: path))
        }
        if let formatID = field.format, let format = rules.formats[formatID], !format.matches(value) {
            report.add(
                ValidationIssue(
                    .fieldFormat,
                    "\(label) \(VisibleText.quoted(value)) is not in the expected form, such as \(format.example).",
                    field: path, isSiteRule: true))
        }
    }

    // MARK: User Role ranges (RAPP 5.1(b), SEC H1.5)

    /// Checks every row and every pair of rows; returns every row that names a range (first not
    /// after last), with its index, for the registry check.
    ///
    /// No row is left out of a later check because an earlier one found a problem: a second row
    /// for a role is still checked against the other roles and the registry, and a row with an
    /// unknown role or a reserved identifier against the registry, so one pass reports every
    /// problem of every row, as the range map draws it.
    private func validateRanges(_ entries: [UserRoleRangeEntry], into report: inout ValidationReport) -> [(
        Int, UserRoleRange
    )] {
        if entries.isEmpty {
            report.add(
                ValidationIssue(
                    .rangeMissing, "Give at least one User Role with its range of identifiers.",
                    field: OrganisationInformationForm.rangesPath))
            return []
        }
        var ranges: [(Int, UserRoleRange)] = []
        /// Rows whose range may be compared with other roles': a known role, no reserved identifier.
        var comparable: Set<Int> = []
        var firstRowForRole: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let path = OrganisationInformationForm.rangesPath.appending(index: index)
            let role = entry.role
            let knownRole = rules.role(role) != nil
            if !knownRole {
                let known = rules.userRoles.map(\.id).joined(separator: ", ")
                let message =
                    role.isEmpty
                    ? "Row \(index + 1) has no User Role; choose one of \(known)."
                    : "\(VisibleText.quoted(role)) is not a User Role; choose one of \(known)."
                report.add(ValidationIssue(.roleUnknown, message, field: path.appending(key: "role"), role: role))
            }
            if let earlier = firstRowForRole[role] {
                report.add(
                    ValidationIssue(
                        .rangeNotContinuous,
                        "\(rules.roleName(role)) already has a range in row \(earlier + 1); each User Role has one continuous range.",
                        field: path.appending(key: "role"), role: role))
            } else if !role.isEmpty {
                firstRowForRole[role] = index
            }
            let first = parseEndpoint(
                entry.first, column: "first", field: path.appending(key: "first"), role: role, into: &report)
            let last = parseEndpoint(
                entry.last, column: "last", field: path.appending(key: "last"), role: role, into: &report)
            guard let first, let last else { continue }
            guard let range = IdentifierRange(first: first, last: last) else {
                report.add(
                    ValidationIssue(
                        .rangeReversed, "The range's last identifier \(last) comes before its first, \(first).",
                        field: path.appending(key: "last"), role: role))
                continue
            }
            addWarnings(for: range, path: path, role: role, into: &report)
            ranges.append((index, UserRoleRange(role: role, range: range)))
            if first.isReserved || last.isReserved { continue }
            if let reserved = range.firstReserved {
                report.add(
                    ValidationIssue(
                        .rangeContainsReserved,
                        "The range \(range) contains reserved identifiers, starting at \(reserved) (octets 4 and 5 FF-FE or FF-FF).",
                        field: path.appending(key: "first"), role: role))
                continue
            }
            if knownRole { comparable.insert(index) }
        }
        let compared = ranges.filter { comparable.contains($0.0) }
        for (position, (index, entry)) in compared.enumerated() {
            // Two rows of one role are already reported as not continuous.
            for (otherIndex, other) in compared[..<position]
            where entry.role != other.role && entry.range.overlaps(other.range)
                && !rules.mayShare(entry.role, other.role)
            {
                report.add(
                    ValidationIssue(
                        .rangeOverlapsRole,
                        "The \(rules.roleName(entry.role)) range overlaps the \(rules.roleName(other.role)) range in row \(otherIndex + 1); these roles may not share identifiers.",
                        field: OrganisationInformationForm.path(ofRange: index, column: "first"), role: entry.role,
                        isSiteRule: true))
            }
        }
        return ranges
    }

    /// Parses a row's first or last identifier; an issue's message says which of the two it is.
    private func parseEndpoint(
        _ text: String, column: String, field: FieldPath, role: String, into report: inout ValidationReport
    ) -> EUI64? {
        do {
            let identifier = try EUI64(parsing: text, field: field, allowReserved: true)
            if identifier.isReserved {
                report.add(
                    ValidationIssue(
                        .eui64Reserved,
                        "The \(column) identifier \(identifier) is reserved: octets 4 and 5 may not be FF-FE or FF-FF.",
                        field: field, role: role))
            }
            return identifier
        } catch {
            var issue = error
            issue.role = role
            // Every message but the empty one starts with the quoted text: name the cell before it.
            issue.message =
                text.trimmingWhiteSpace().isEmpty
                ? "The \(column) identifier is missing; it has 16 hex digits, as in 90-B3-D5-1F-30-01-00-00."
                : "The \(column) identifier \(issue.message)"
            report.add(issue)
            return nil
        }
    }

    private func addWarnings(
        for range: IdentifierRange, path: FieldPath, role: String, into report: inout ValidationReport
    ) {
        func add(_ code: IssueCode, _ message: String) {
            let setting = rules.setting(code)
            guard setting != .off else { return }
            report.add(
                ValidationIssue(
                    code, message, severity: setting == .error ? .error : .warning,
                    field: path.appending(key: "first"), role: role, isSiteRule: true))
        }
        if range.first.isGroup || range.last.isGroup {
            add(.eui64GroupBit, "The range \(range) has the group (multicast) bit set in its first octet.")
        }
        if range.first.isLocal || range.last.isLocal {
            add(.eui64LocalBit, "The range \(range) has the locally administered bit set in its first octet.")
        }
        if range.spansOUI {
            add(.rangeSpansOUI, "The range \(range) runs across more than one OUI (company identifier).")
        }
    }

    private func overlapsOrganisation(index: Int, entry: UserRoleRange, conflict: RegisteredRange) -> ValidationIssue {
        let setting = rules.setting(.rangeOverlapsOrganisation)
        return ValidationIssue(
            .rangeOverlapsOrganisation,
            "The \(rules.roleName(entry.role)) range overlaps \(VisibleText.quoted(conflict.organisationName, limit: 60)) (organisation \(conflict.organisationID)), whose \(rules.roleName(conflict.role)) range is \(conflict.range).",
            severity: setting == .warning ? .warning : .error,
            field: OrganisationInformationForm.path(ofRange: index, column: "first"), role: entry.role,
            conflict: conflict, isSiteRule: true)
    }
}
