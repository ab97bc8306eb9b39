/// A Remote Party Role code, as an Organisation CSR carries it in its OU (`02`), with the User
/// Roles that may hold a certificate for it.
///
/// Which User Roles may hold which code is [assumed] in the domain reference, so the table lives
/// in the rules file (`remotePartyRoles`) and a refusal by it is labelled a site rule.
public struct RemotePartyRole: Hashable, Sendable {
    public let code: UInt8
    public let name: String
    /// The User Role ids (`import-supplier`) that may hold a certificate with this code.
    public let userRoles: [String]

    public init(code: UInt8, name: String, userRoles: [String]) {
        self.code = code
        self.name = name
        self.userRoles = userRoles
    }

    /// The code as the OU writes it: two upper-case hex digits.
    public var hexCode: String { Self.hex(code) }

    public static func hex(_ code: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(code >> 4)], digits[Int(code & 0x0F)]])
    }

    /// Two hex digits, either case, and nothing else (not `2`, not `0x02`).
    public static func parseCode(_ text: String) -> UInt8? {
        guard text.utf8.count == 2, text.utf8.allSatisfy({ $0 < 0x80 && ($0 as UInt8).isHexDigit }) else { return nil }
        return UInt8(text, radix: 16)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
