import Foundation

/// Turns a request or certificate as SEC Appendix M accepts it into DER.
///
/// Appendix M accepts DER, or Base64 with a `BEGIN CERTIFICATE REQUEST` or `BEGIN NEW
/// CERTIFICATE REQUEST` header or none, on one line or broken at 64 or 76 characters, with `\n`
/// or `\r\n`. swift-asn1 reads only PEM with the plain header and 64-character lines, so this one
/// small function does the rest: strip the header and the line breaks, decode the Base64. The
/// ASN.1 itself is left to swift-certificates.
public enum AppendixMEncoding {
    /// Why the bytes are not in an accepted encoding, in words for the person who sent them.
    public struct Problem: Error, Hashable, Sendable {
        public let message: String
    }

    /// The PEM labels of a certificate signing request Appendix M accepts.
    public static let requestLabels = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]
    /// The PEM label of a certificate.
    public static let certificateLabels = ["CERTIFICATE"]
    /// The line lengths Base64 may be broken at; one unbroken line is accepted too.
    public static let lineLengths: Set<Int> = [64, 76]

    /// The DER bytes of `bytes`: as they are when they start a DER SEQUENCE, else decoded from
    /// Base64 text, with or without one of `labels`' headers.
    public static func der(from bytes: some Collection<UInt8>, labels: [String]) throws(Problem) -> [UInt8] {
        guard let first = bytes.first else { throw Problem(message: "The file is empty.") }
        if first == 0x30 { return Array(bytes) }
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            throw Problem(message: "This is neither DER (which starts with a SEQUENCE, byte 30) nor Base64 text.")
        }
        // Split on LF bytes, not Characters: Swift treats "\r\n" as one Character.
        var lines = Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        if let header = lines.first, header.hasPrefix("-----BEGIN ") {
            guard let label = labels.first(where: { header == "-----BEGIN \($0)-----" }) else {
                let expected = labels.map { "-----BEGIN \($0)-----" }.joined(separator: " or ")
                throw Problem(
                    message: "The header \(VisibleText.quoted(String(header), limit: 60)) is not \(expected).")
            }
            guard lines.count >= 2, lines.last == "-----END \(label)-----"[...] else {
                throw Problem(
                    message:
                        "The text has no -----END \(label)----- line at its end: it was cut short or has more after it."
                )
            }
            lines = Array(lines.dropFirst().dropLast())
        } else if let line = lines.first(where: { $0.hasPrefix("-----") }) {
            throw Problem(
                message: "The line \(VisibleText.quoted(String(line), limit: 60)) is not where a PEM header belongs.")
        }
        guard !lines.isEmpty else { throw Problem(message: "There is no Base64 text between the header lines.") }
        for (index, line) in lines.enumerated() {
            if let bad = line.unicodeScalars.first(where: { !isBase64($0) }) {
                throw Problem(
                    message:
                        "Line \(index + 1) of the Base64 text has \(VisibleText.describe(bad)); Base64 uses only A-Z, a-z, 0-9, +, / and = at the end."
                )
            }
        }
        if lines.count > 1 {
            let width = lines[0].count
            let broken = lines.dropLast().firstIndex { $0.count != width }
            if !lineLengths.contains(width) || broken != nil || lines[lines.count - 1].count > width {
                let at = broken.map { $0 + 1 } ?? (lineLengths.contains(width) ? lines.count : 1)
                throw Problem(
                    message:
                        "Line \(at) of the Base64 text has \(lines[at - 1].count) characters; Appendix M accepts one line, or lines of 64 or of 76 characters (the last may be shorter)."
                )
            }
        }
        guard let decoded = Data(base64Encoded: lines.joined()) else {
            throw Problem(
                message: "The Base64 text does not decode: its length or its = padding is wrong (was it cut short?).")
        }
        guard !decoded.isEmpty else { throw Problem(message: "The Base64 text is empty.") }
        return Array(decoded)
    }

    private static func isBase64(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "+", "/", "=": true
        default: false
        }
    }
}
