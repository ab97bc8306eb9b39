import Foundation
import GRDB
import Testing

@testable import RAPPModel

/// The organisation list's search (schema 9): text anywhere in the name, company number or SEC
/// Party ID through the FTS5 trigram index, kept in step with versions in their transactions.
@Suite struct OrganisationTextSearchTests {
    func registry() throws -> (TestRegistry, [Int64]) {
        let test = try TestRegistry()
        var ids: [Int64] = []
        for (index, name) in [
            "Northwind Energy Supply Ltd", "Acme Gas plc", "Southern ENERGY Networks", "Zoë Power AB",
        ].enumerated() {
            var form = TestRegistry.form(
                name: name, ranges: [("other-user", "90-B3-D5-0\(index)-00-00-00-00", "90-B3-D5-0\(index)-00-00-00-FF")]
            )
            form.fields["companyNumber"] = "SC00000\(index)"
            form.fields["secPartyId"] = "PARTY-\(index)\(index)"
            guard case .stored(let id, _, _) = try test.registry.submit(form, by: test.session) else {
                throw TestFailure("not stored")
            }
            ids.append(id)
        }
        return (test, ids)
    }

    func names(_ test: TestRegistry, _ text: String, order: OrganisationQuery.Order = .id) throws -> [String] {
        try test.registry.organisations(matching: OrganisationQuery(text: text, order: order), at: .first, limit: 50)
            .map(\.name)
    }

    @Test func textIsFoundAnywhereInNameCompanyNumberOrPartyIdFoldingCase() throws {
        let (test, ids) = try registry()
        #expect(try names(test, "energy") == ["Northwind Energy Supply Ltd", "Southern ENERGY Networks"])
        #expect(try names(test, "energy", order: .name) == ["Northwind Energy Supply Ltd", "Southern ENERGY Networks"])
        #expect(try names(test, "wind ener") == ["Northwind Energy Supply Ltd"])
        #expect(try names(test, "c000002") == ["Southern ENERGY Networks"], "company number, anywhere")
        #expect(try names(test, "party-33") == ["Zoë Power AB"], "SEC Party ID, folded")
        #expect(try names(test, "zoë") == ["Zoë Power AB"])
        #expect(try test.registry.organisationCount(matching: OrganisationQuery(text: "ENERGY")) == 2)
        // Short text: the start of the name; digits: the id as well.
        #expect(try names(test, "ac") == ["Acme Gas plc"])
        #expect(try names(test, "\(ids[2])") == ["Southern ENERGY Networks"])
        #expect(try names(test, "nothing like it").isEmpty)
        #expect(try test.registry.organisationCount(matching: OrganisationQuery(text: "nothing like it")) == 0)
    }

    @Test func pagesGoForwardAndBackInEitherOrder() throws {
        let (test, _) = try registry()
        for order in OrganisationQuery.Order.allCases {
            let query = OrganisationQuery(text: "n", order: order)  // one character: names starting with n
            #expect(
                try test.registry.organisations(matching: query, at: .first, limit: 5).map(\.name) == [
                    "Northwind Energy Supply Ltd"
                ])
            let all = try test.registry.organisations(
                matching: OrganisationQuery(text: "o", order: order), at: .first, limit: 50)
            let anywhere = OrganisationQuery(text: "ltd", order: order)
            #expect(
                try test.registry.organisations(matching: anywhere, at: .first, limit: 1).map(\.name) == [
                    "Northwind Energy Supply Ltd"
                ])
            _ = all
            let everything = OrganisationQuery(text: "", order: order)
            let first = try test.registry.organisations(matching: everything, at: .first, limit: 2)
            let next = try test.registry.organisations(
                matching: everything, at: .after(id: first[1].id, name: first[1].name), limit: 2)
            let back = try test.registry.organisations(
                matching: everything, at: .before(id: next[0].id, name: next[0].name), limit: 2)
            #expect(back == first)
            #expect(Set((first + next).map(\.id)).count == 4)
            if order == .name {
                #expect(
                    (first + next).map(\.name) == [
                        "Acme Gas plc", "Northwind Energy Supply Ltd", "Southern ENERGY Networks", "Zoë Power AB",
                    ])
            }
        }
    }

    @Test func anAmendmentMovesTheIndexInItsOwnTransaction() throws {
        let (test, ids) = try registry()
        var form = TestRegistry.form(
            name: "Westwind Gas Ltd", ranges: [("other-user", "90-B3-D5-00-00-00-00-00", "90-B3-D5-00-00-00-00-FF")])
        form.fields["companyNumber"] = "SC000000"
        form.fields["secPartyId"] = "PARTY-00"
        _ = try test.registry.submit(form, amending: Amendment(organisation: ids[0], version: 1), by: test.session)
        #expect(try names(test, "northwind").isEmpty)
        #expect(try names(test, "westwind") == ["Westwind Gas Ltd"])
        // A refused amendment (made from an old version) leaves the index as it was.
        form.fields["legalName"] = "Eastwind Ltd"
        _ = try test.registry.submit(form, amending: Amendment(organisation: ids[0], version: 1), by: test.session)
        #expect(try names(test, "eastwind").isEmpty)
        #expect(try names(test, "westwind") == ["Westwind Gas Ltd"])
        let rows = try test.registry.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation_search")
        }
        #expect(rows == 4, "one row per organisation")
    }

    @Test func hostileSearchTextIsOnlyEverText() throws {
        let (test, _) = try registry()
        for text in [
            "\"", "\"\"\"", "energy\" OR \"gas", "NEAR(a b)", "*", "ltd*", "a:b", "'; DROP TABLE organisation; --",
            "\u{1B}[2J", "\u{0}abc", String(repeating: "x", count: 100_000), "  ", "-", "^ltd", "{name}: gas",
        ] {
            let query = OrganisationQuery(text: text, order: .name)
            _ = try test.registry.organisations(matching: query, at: .first, limit: 10)
            _ = try test.registry.organisationCount(matching: query)
        }
        #expect(try names(test, "energy\" OR \"gas").isEmpty, "quotes are text, not query syntax")
        #expect(try test.registry.counts().organisations == 4)
    }

    /// A registry from before schema 9 gets the index filled by the migration.
    @Test func theMigrationFillsTheIndexForExistingRegistries() throws {
        let (test, _) = try registry()
        let path = test.registry.path
        try test.registry.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER organisation_search_insert; DROP TRIGGER organisation_search_update; DROP TABLE organisation_search;
                    DELETE FROM grdb_migrations WHERE identifier = '0009_organisation_text_search'
                    """)
        }
        let reopened = try Registry.open(path: path, create: false)
        let found = try reopened.organisations(matching: OrganisationQuery(text: "energy"), at: .first, limit: 10).map(
            \.name)
        #expect(found == ["Northwind Energy Supply Ltd", "Southern ENERGY Networks"])
    }

    @Test func theSQLiteInUseHasTheTrigramTokenizer() throws {
        let test = try TestRegistry()
        let version = try test.registry.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") } ?? ""
        let parts = version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 2 && (parts[0], parts[1]) >= (3, 34), "SQLite \(version)")
        try test.registry.write { db in try Registry.checkSQLite(db, path: test.registry.path) }
    }
}
