import Foundation
import GRDB
import Testing

@testable import RAPPModel
@testable import RATUI

/// The audit viewer: latest first, a page at a time, searched as an operator types, each event
/// readable whole, and exported.
@Suite
struct AuditScreenTests {
    @Test func theTrailOpensLatestFirstAndSearchesTextAnywhereInOperatorActionAndRecord() throws {
        let (test, ids) = try TestRegistry.sample()
        var driver = test.driver()
        driver.press(.character("t"))
        guard let all = driver.app.top(AuditScreen.self) else {
            Issue.record("not the audit trail")
            return
        }
        #expect(all.total == 6)
        #expect(all.events.map(\.sequence) == [6, 5, 4, 3, 2, 1], "latest first")
        #expect(all.events.last?.action == "policy.stored")
        #expect(all.organisationNames["organisation/\(ids[0])"] == "Northwind Energy Supply Ltd")
        func search(_ text: String) -> AuditScreen? {
            driver.press(.character("/"), .control("u"))
            driver.type(text)
            driver.press(.enter)
            return driver.app.top(AuditScreen.self)
        }
        #expect(search("operator.bootstrapped")?.events.map(\.action) == ["operator.bootstrapped"])
        #expect(
            search("BOOTSTRAP")?.events.map(\.action) == ["operator.bootstrapped"], "A-Z folded, anywhere in the action"
        )
        #expect(search("Tester")?.events.count == 5, "the operator's name, folded: every event but the policy's")
        #expect(search("submitted")?.events.count == 4)
        #expect(
            search("tester  SUBMITTED organisation/\(ids[2])")?.events.map(\.record) == ["organisation/\(ids[2])"],
            "every word, anywhere")
        #expect(search("tester policy")?.events.isEmpty == true, "the policy event names no operator")
        #expect(search("organisation/\(ids[1])")?.events.map(\.record) == ["organisation/\(ids[1])"])
        #expect(search("nothing-like-this")?.events.isEmpty == true)
        #expect(driver.app.view().text.contains("No events match."))
        // A date range, as the command line's --since and --until.
        #expect(search("since:2000-01-01 submitted")?.events.count == 4)
        #expect(search("until:2000-01-01")?.events.isEmpty == true)
        _ = search("since:2026-02-30")
        #expect(
            driver.app.status?.text.contains(
                "since: takes a real UTC date (2026-11-25) or time (2026-11-25T08:00:00Z), not \"2026-02-30\"") == true)
        #expect(driver.app.view().text.contains("since: takes a real UTC date"), "said in the list too")
        driver.press(.escape)
        driver.press(.escape)
        driver.press(.character("o"), .enter, .character("h"))
        guard let history = driver.app.top(AuditScreen.self) else {
            Issue.record("no history")
            return
        }
        #expect(history.record == "organisation/\(ids[0])")
        #expect(history.events.map(\.record) == ["organisation/\(ids[0])"])
    }

    @Test func theViewerReadsOnePageAtATimeOlderBelow() throws {
        let test = try TestRegistry()
        for index in 0..<40 {
            try test.store(
                "Paged \(index) Ltd",
                [("other-user", EUI64(UInt64(index) << 32).canonical, EUI64(UInt64(index) << 32 | 0xFF).canonical)])
        }
        var driver = test.driver()
        driver.press(.character("t"))
        guard let latest = driver.app.top(AuditScreen.self) else { return }
        #expect(latest.total == 42)
        #expect(latest.events.count == latest.visibleRows)
        #expect(latest.events.first?.sequence == 42, "opens on the latest event, at the top")
        driver.press(.pageDown)
        guard let older = driver.app.top(AuditScreen.self) else { return }
        #expect(older.events.first?.sequence == latest.events.last.map { $0.sequence - 1 })
        driver.press(.pageUp)
        #expect(driver.app.top(AuditScreen.self)?.events == latest.events)
        driver.press(.end)
        guard let oldest = driver.app.top(AuditScreen.self) else { return }
        #expect(oldest.events.last?.sequence == 1)
        #expect(oldest.selected == oldest.events.count - 1)
        driver.press(.pageDown)
        #expect(driver.app.status?.text == "That is the oldest event.")
        driver.press(.home)
        #expect(driver.app.top(AuditScreen.self)?.events.first?.sequence == 42)
    }

    /// A search no index serves reads at most `scanLimit` events a page, says how far it looked,
    /// and goes on from there: on 100,000 events it costs what it costs on 20,000.
    @Test func aTextSearchExaminesABoundedWindowAndGoesOnFromWhereItStopped() throws {
        let test = try TestRegistry()
        for index in 0..<13 {
            try test.store(
                "Hay \(index) Ltd",
                [
                    (
                        "other-user", EUI64(UInt64(index + 2) << 32).canonical,
                        EUI64(UInt64(index + 2) << 32 | 0xFF).canonical
                    )
                ])
        }
        let head = try test.registry.auditHead(by: test.session).sequence  // 15
        let filter = AuditFilter(text: "BOOTSTRAPPED")  // event 2 alone
        let latest = AuditPageRequest(filter: filter, direction: .latest, limit: 10, scanLimit: 5, countLimit: 8)
        let first = try latest.read(from: test.registry, by: test.session)
        #expect(head == 15)
        #expect(first.events.isEmpty, "the bootstrap is older than the window")
        #expect(first.scanned == (head - 4)...head)
        #expect(first.totalCapped == 8)
        // The next page goes on below the window, and so on until it is found.
        var from = first.scanned.lowerBound
        var found: [AuditEvent] = []
        var requests = 1
        while found.isEmpty && from > 1 {
            let page = try AuditPageRequest(filter: filter, direction: .older(than: from), limit: 10, scanLimit: 5)
                .read(from: test.registry, by: test.session)
            found = page.events
            from = page.scanned.lowerBound
            requests += 1
        }
        #expect(found.map(\.sequence) == [2])
        #expect(requests == 3, "windows 11-15, 6-10, then 1-5")
    }

    /// The window is one range on the primary key: with two lower bounds SQLite would seek by
    /// one and check the other row by row, reading the whole trail.
    @Test func theScanWindowIsOneRangeOfThePrimaryKey() throws {
        var filter = AuditFilter(text: "amended")
        filter.beforeSequence = 300_010
        filter.scanLimit = 20_000
        let (backwards, arguments) = AuditTrail.whereClause(filter)
        #expect(
            backwards.components(separatedBy: "sequence >").count == 2
                && backwards.components(separatedBy: "sequence <").count == 2, "\(backwards)")
        #expect(arguments == [Int64(280_009), Int64(300_010), "amended"])
        filter.beforeSequence = nil
        filter.afterSequence = 5
        let (forwards, forwardArguments) = AuditTrail.whereClause(filter)
        #expect(forwards.components(separatedBy: "sequence <").count == 2, "\(forwards)")
        #expect(forwardArguments == [Int64(5), Int64(20_006), "amended"])
        let test = try TestRegistry()
        let plan = try test.registry.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT * FROM audit_event WHERE \(backwards) ORDER BY sequence DESC LIMIT 20",
                arguments: arguments
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY (rowid>? AND rowid<?)") }, "\(plan)")
    }

    /// On a long trail the # column widens and the position gives the search field's room:
    /// neither a sequence number nor the count is ever cut.
    @Test func longTrailsKeepSequenceNumbersAndTheCountWhole() throws {
        var screen = AuditScreen()
        screen.head = 1_300_009
        screen.total = 6_666
        screen.totalCapped = 100_000
        screen.scanned = 1_280_010...1_300_009
        screen.events = [
            AuditEvent(
                sequence: 1_299_995, recordedAt: "2026-11-26T06:35:09.594Z", operatorName: "alice",
                action: "organisation.amended",
                record: "organisation/995", details: "{}", previousHash: "h", hash: "h")
        ]
        let test = try TestRegistry()
        for width in [80, 100] {
            var grid = CellGrid(width: width, height: 24)
            screen.view(
                into: &grid, area: Rect(row: 1, column: 0, width: width, height: 21), environment: test.environment())
            let text = grid.text
            #expect(text.contains("1299995 2026-11-26 06:35 alice"), "\(text)")
            #expect(text.contains("event 1299995, 6,666 matching in the latest 100,000"), "\(text)")
        }
    }

    @Test func enterShowsTheWholeEventPrettyPrintedAndScrollable() throws {
        let (test, ids) = try TestRegistry.sample()
        var driver = test.driver()
        driver.press(.character("t"))
        // Down to the first organisation's submission.
        while let screen = driver.app.top(AuditScreen.self),
            screen.events[screen.selected].record != "organisation/\(ids[0])"
        {
            driver.press(.down)
        }
        driver.press(.enter)
        guard let details = driver.app.top(AuditEventScreen.self) else {
            Issue.record("no details")
            return
        }
        #expect(details.organisationName == "Northwind Energy Supply Ltd")
        let text = driver.app.view().text
        #expect(text.contains("Northwind Energy Supply Ltd"))
        #expect(text.contains("Details"))
        #expect(text.contains("  \"after\": {") || text.contains("    \""), "one member a line, indented")
        let lines = details.lines(width: 78)
        #expect(lines.count > 21, "more than a screen: it scrolls")
        #expect(details.shownLines == lines, "wrapped when laid out, not at each frame")
        let wider = details.laidOut(in: Rect(row: 1, column: 0, width: 120, height: 40))
        #expect(wider.shownLines == details.lines(width: 118), "wrapped again for a new width")
        driver.press(.end)
        let bottom = driver.app.view().text
        #expect(bottom.contains("Previous"))
        #expect(driver.app.top(AuditEventScreen.self)!.scroll > 0)
        driver.press(.escape)
        #expect(driver.app.top is AuditScreen)
    }

    @Test func exportWritesTheMatchingEventsToANewFileAndNeverOverwrites() throws {
        let (test, _) = try TestRegistry.sample()
        var driver = test.driver()
        driver.press(.character("t"), .character("/"))
        driver.type("submitted")
        driver.press(.enter, .character("x"))
        #expect(driver.app.top is AuditExportScreen)
        let path = test.folder.appending(path: "export.jsonl").path
        driver.type(path)
        driver.press(.enter)
        #expect(driver.app.status?.text.hasPrefix("Exported 4 events") == true)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.contains("\"action\":\"organisation.submitted\"") })
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        // Again to the same file: refused, the file as it was.
        driver.press(.enter)
        #expect(driver.app.status?.kind == .error)
        #expect(driver.app.status?.text.contains("a file is already there") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 4)
    }
}
