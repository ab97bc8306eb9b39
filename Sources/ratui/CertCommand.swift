import ArgumentParser
import RAPPModel

struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert", abstract: "Look at certificates.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "An Organisation Certificate: serial, issuer, validity, EUI-64, role code, key usage, and whose it is.",
            discussion:
                "Reads PEM or DER. Exits 1 when no registered organisation holds its EUI-64 (as whois), 65 when it is not a certificate, 66 when the path cannot be read."
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The certificate file (PEM or DER).")
        var file: String

        func run() throws {
            let (rules, lookup) = try CSRCommand.registry(options)
            let bytes = try CSRCommand.read(file, limit: OrganisationCertificate.maximumSize)
            var certificate: OrganisationCertificate
            do {
                certificate = try OrganisationCertificate(bytes, rules: rules)
            } catch {
                if options.json { Output.json(.object(["file": .string(file), "error": error.jsonValue])) }
                Output.error("\(file): \(error.displayMessage)")
                throw ExitCode(ExitStatus.invalidData)
            }
            if let lookup { try Reporting.run { try certificate.lookUp(in: lookup, rules: rules) } }
            if options.json {
                Output.json(certificate.jsonValue(rules: rules))
            } else {
                for line in Self.lines(certificate, rules: rules) { Output.line(line) }
            }
            if certificate.holders.isEmpty { throw ExitCode(ExitStatus.notFound) }
        }

        static func lines(_ certificate: OrganisationCertificate, rules: SiteRules) -> [TerminalText] {
            var lines: [TerminalText] = [
                "serial:     \(certificate.serialNumber)",
                "issuer:     \(certificate.issuer)",
                "valid:      \(OrganisationCertificate.timestamp(certificate.notBefore)) to \(OrganisationCertificate.timestamp(certificate.notAfter))",
                "EUI-64:     \(certificate.subject.eui64?.canonical ?? "none")",
            ]
            let code = certificate.subject.roleCode
            let roleName = code.flatMap { rules.remotePartyRole(code: $0)?.name } ?? "unknown"
            lines.append(
                "role code:  \(certificate.subject.organisationalUnit ?? "none")\(code == nil ? "" : " (\(roleName))")")
            lines.append("key:        \(certificate.key)")
            lines.append("key usage:  \(certificate.keyUsage?.joined(separator: ", ") ?? "none")")
            if certificate.holders.isEmpty {
                lines.append(
                    "held by:    no registered organisation holds \(certificate.subject.eui64?.canonical ?? "its identifier")"
                )
            }
            for holder in certificate.holders {
                lines.append(
                    "held by:    organisation \(holder.organisationID) \(VisibleText.quoted(holder.organisationName, limit: 80)) as \(rules.roleName(holder.role)) (range \(holder.range))"
                )
            }
            if certificate.roleCodeAllowed == false {
                lines.append(
                    "note:       the holder's User Roles may not hold role code \(certificate.subject.organisationalUnit ?? "") (site rule)"
                )
            }
            for issue in certificate.issues { lines.append(Output.issueLine(issue)) }
            return lines
        }
    }
}
