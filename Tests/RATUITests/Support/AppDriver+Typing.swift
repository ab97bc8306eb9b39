import RATUI

extension AppDriver {
    /// Fills every text field of a new A1 form with valid values, field by field with Tab as a
    /// person would, ending on the first range row's User Role.
    mutating func fillValidFields(legalName: String) {
        let values = [
            legalName, "SC123456", "1 Dock Road", "SECP-77", "Ann Lee", "ann@acme.example", "+44 20 7946 0001",
            "Raj Patel", "Director", "raj@acme.example", "+44 20 7946 0002", "2026-11-20",
        ]
        for value in values {
            type(value)
            press(.tab)
        }
    }
}
