import Foundation
import GRDB
import Testing

/// What start-up spares stays checked: `whois` parses only the policy's rules, and refuses a
/// stored policy changed behind ratui's back whichever of its files was changed.
@Suite("Start-up")
struct StartUpTests {
    let ratui = RatuiProcess()
    var db: [String] { ["--db", ratui.registryPath] }

    @Test(
        "whois refuses a registry whose stored policy was changed outside ratui, even in a file it does not parse",
        arguments: ["rules.json", "A1-organisation-information.json", "workflows/aro-nomination.json"])
    func whoisRefusesTamperedPolicy(file: String) throws {
        #expect(try ratui.run(["init"] + db).status == 0)
        #expect(try ratui.run(["whois", "90-B3-D5-1F-30-01-00-00"] + db).status == 1)
        let queue = try DatabaseQueue(path: ratui.registryPath)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER policy_file_no_update")
            try db.execute(sql: "UPDATE policy_file SET content = content || ' ' WHERE path = ?", arguments: [file])
            #expect(db.changesCount == 1)
        }
        try queue.close()
        for arguments in [["whois", "90-B3-D5-1F-30-01-00-00"], ["whois", "--json", "90-B3-D5-1F-30-01-00-00"]] {
            let whois = try ratui.run(arguments + db)
            #expect(whois.status == 74, "\(arguments)")
            #expect(whois.stdout.isEmpty)
            #expect(whois.stderr.contains("changed outside ratui"), "\(whois.stderr)")
        }
    }
}
