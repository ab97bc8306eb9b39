import RAPPModel

/// Sample organisations for `ratui demo`: a throw-away registry a newcomer can explore.
///
/// Every sample goes through the same validation and submission as a real form, so the demo
/// shows the rules at work; the names are made up and the title line says "demo".
public enum DemoOrganisations {
    /// Name, roles, and the organisation's contact first name.
    static let samples: [(name: String, roles: [String], contact: String)] = [
        ("Northwind Energy Supply Ltd", ["import-supplier", "gas-supplier"], "Priya Shah"),
        ("Brightwater Power plc", ["import-supplier", "export-supplier"], "Tom Okafor"),
        ("Cairn Gas Networks Ltd", ["gas-transporter"], "Morag Ross"),
        ("Severn Valley Distribution plc", ["electricity-distributor", "gas-transporter"], "Gareth Evans"),
        ("Meterlink Services Ltd", ["registered-supplier-agent"], "Aisha Rahman"),
        ("Ångström Energi (UK) Ltd", ["import-supplier"], "Lena Sjöberg"),
        ("東京電力エナジーパートナー UK Ltd", ["export-supplier"], "Haruto Sato"),
        ("Renée & Zoë Heat Co-operative Ltd", ["gas-supplier"], "Renée Dubois"),
        ("Fenland Solar Export Ltd", ["export-supplier"], "Oliver Grant"),
        ("Pennine Smart Data Ltd", ["other-user"], "Sam Lee"),
        ("Thames Estuary Gas Supply Ltd", ["gas-supplier", "import-supplier"], "Nadia Ali"),
        ("Highland Hydro Retail Ltd", ["import-supplier"], "Euan Fraser"),
        ("Cymru Ynni Cyf", ["import-supplier", "gas-supplier"], "Siân Jones"),
        ("Orbital Metering Agents Ltd", ["registered-supplier-agent"], "Kwame Mensah"),
        ("Lakeland Community Energy Ltd", ["export-supplier"], "Hannah Birch"),
        ("Crown Grid Services plc", ["electricity-distributor"], "David Clarke"),
        ("Isle of Wight Heat Ltd", ["gas-supplier"], "Ruth Moore"),
        ("Anglia Flex Ltd", ["other-user"], "Marek Nowak"),
        ("Wessex Power Supply Ltd", ["import-supplier"], "Chloe Martin"),
        ("Clyde Network Gas Ltd", ["gas-transporter"], "Iain Murray"),
    ]

    /// The demo's operator: a throw-away ra-manager whose passphrase the demo shows on screen.
    public static let operatorName = "demo"
    public static let passphrase = "demo passphrase (throw-away)"

    /// Creates the demo operator and stores every sample as a new organisation, as that operator,
    /// under the registry's policy. Returns the operator's session.
    @discardableResult
    public static func fill(_ registry: Registry) throws -> OperatorSession {
        let session = try registry.bootstrap(name: operatorName, passphrase: passphrase)
        for index in samples.indices {
            _ = try registry.submit(form(index), amending: nil, by: session)
        }
        return session
    }

    /// The sample's A1 form: each role gets its own block of 2^24 identifiers under OUI 90-B3-D5.
    public static func form(_ index: Int) -> OrganisationInformationForm {
        let sample = samples[index]
        let slug = sample.name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(16)
        let contactSlug = sample.contact.lowercased().filter { $0.isASCII && $0.isLetter }
        let fields: [String: String] = [
            "legalName": sample.name,
            "companyNumber": String(format6(10_000_000 + index * 7919)),
            "registeredAddress": "\(index + 1) Example Street\nLondon\nEC1A \(index + 1)BB",
            "secPartyId": "SECP-\(1000 + index)",
            "contactName": sample.contact,
            "contactEmail": "\(contactSlug)@\(slug).example",
            "contactPhone": "+44 20 7946 \(String(1000 + index))",
            "sroName": "Alex Morgan",
            "sroJobTitle": "Chief Operating Officer",
            "sroEmail": "sro@\(slug).example",
            "sroPhone": "+44 20 7946 \(String(2000 + index))",
            "dateSigned": "2026-0\(1 + index % 9)-1\(index % 9)",
        ]
        let ranges = sample.roles.enumerated().map { position, role -> UserRoleRangeEntry in
            let block = UInt64(index * 4 + position + 1)
            let first = EUI64(0x90B3_D500_0000_0000 | (block << 24))
            let last = EUI64(first.value | 0xFF_FFFF)
            return UserRoleRangeEntry(role: role, first: first.canonical, last: last.canonical)
        }
        return OrganisationInformationForm(fields: fields, userRoleRanges: ranges)
    }

    private static func format6(_ value: Int) -> String {
        let text = String(value % 100_000_000)
        return String(repeating: "0", count: max(0, 8 - text.count)) + text
    }
}
