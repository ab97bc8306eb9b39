/// What checking one certificate signing request found: what it is, whom it names, who in the
/// registry holds its EUI-64, and every issue, each with a stable code.
public struct CSRCheckResult: Sendable, Equatable {
    /// Which CSR profile the request was checked against.
    public enum Profile: String, Sendable {
        /// An Organisation CSR (SEC Appendix M): EUI-64 and Remote Party Role code, P-256.
        case organisation
        /// An IKI CSR for an Authorised System (SEC Appendix G): O, OU, CN, RSA 2048.
        case authorisedSystem = "authorised-system"
    }

    /// Nil when the bytes are not a request ratui can read.
    public var profile: Profile?
    /// The subject's role code and EUI-64 (Organisation CSR), or its CN and OU.
    public var subject: OrganisationSubject?
    /// The subject's O, for an Authorised System's request.
    public var organisationName: String?
    /// The public key in words: `ECDSA P-256`, `RSA 2048`.
    public var key: String?
    public var signatureAlgorithm: String?
    /// The key usages requested: `digitalSignature`, `keyAgreement`, ...
    public var keyUsage: [String]?
    /// Whether the signature verifies with the request's own public key.
    public var signatureValid: Bool?
    /// The ranges in force that hold the EUI-64: whose it is.
    public var holders: [RegisteredRange] = []
    /// Whether the registry was consulted (false: no registry, or no EUI-64 to look up).
    public var checkedAgainstRegistry = false
    public var report = ValidationReport()

    public init() {}

    /// True when the DCC would accept it as far as ratui can tell: warnings only.
    public var passes: Bool { report.isValid }

    mutating func add(_ issue: ValidationIssue) { report.add(issue) }
}
