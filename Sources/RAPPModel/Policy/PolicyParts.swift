/// Which parts of the stored policy a registry opened for reading parses.
///
/// Every open reads all of the policy's files and checks them against the stored hash, whatever
/// it parses: a policy changed behind ratui's back is refused either way. A command that needs
/// the site rules alone (`whois` names User Roles) spares parsing the forms and workflows.
public enum PolicyParts: Sendable {
    /// The rules, the form definitions and the workflows: what every command that checks or
    /// stores anything needs.
    case all
    /// The site rules alone, checked as a full load checks them. Asking such a registry for its
    /// forms (`policy`, `storedPolicy`, `validator`) is a programming error.
    case rules
}
