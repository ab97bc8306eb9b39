import PropertyBased
import Testing

@testable import RAPPModel

@Suite struct FieldPathTests {
    @Test("paths built from keys and rows read as the command line prints them")
    func textForm() {
        let cell = OrganisationInformationForm.path(ofRange: 2, column: "first")
        #expect(cell.description == "userRoleRanges[2].first")
        #expect(cell == FieldPath([.key("userRoleRanges"), .index(2), .key("first")]))
        #expect(OrganisationInformationForm.path(ofField: "legalName").description == "organisation.legalName")
        #expect(FieldPath.root.description == "")
        #expect(FieldPath.key("a").appending(index: 0).appending(index: 1).description == "a[0][1]")
    }

    @Test("a cell lies within its row and its table, and knows its row number")
    func containment() {
        let table = OrganisationInformationForm.rangesPath
        let cell = OrganisationInformationForm.path(ofRange: 7, column: "last")
        #expect(cell.isWithin(table))
        #expect(cell.isWithin(table.appending(index: 7)))
        #expect(!cell.isWithin(table.appending(index: 1)))
        #expect(!table.isWithin(cell))
        #expect(cell.index(within: table) == 7)
        #expect(table.index(within: table) == nil)
        #expect(
            FieldPath.key("userRoleRangesExtra").index(within: table) == nil,
            "a key that merely starts the same is not inside")
        #expect(!FieldPath.key("userRoleRangesExtra").isWithin(table))
        #expect(cell.lastKey == "last")
        #expect(table.appending(index: 0).lastKey == nil)
    }

    @Test(
        "reading the text form gives back the same text, hostile or not",
        arguments: [
            "", "a", "a.b", "a[0]", "a[12].b.c[3]", "[4]", ".a", "a.", "a..b", "a[x]", "a[-1]", "a[+1]", "a[]", "a[",
            "a]", "[0][1]", "a[99999999999999999999999]", "\u{1B}[2J", "é.東[1]", "a[٣]",
        ])
    func roundTrip(_ text: String) {
        #expect(FieldPath(parsing: text).description == text)
    }

    @Test("a row number in brackets is only ASCII digits")
    func indices() {
        #expect(FieldPath(parsing: "a[3]").components == [.key("a"), .index(3)])
        #expect(FieldPath(parsing: "a[٣]").components == [.key("a[٣]")])
        #expect(FieldPath(parsing: "a[-1]").components == [.key("a[-1]")])
    }

    @Test("a document key holding dots and brackets is kept whole when appended")
    func hostileKeys() {
        let path = FieldPath.key("organisation").appending(key: "x.y[2]")
        #expect(path.components == [.key("organisation"), .key("x.y[2]")])
        #expect(path.description == "organisation.x.y[2]")
    }

    @Test("any path of plain keys and rows survives printing and reading")
    func property() async {
        let component = Gen<Int>.int(in: 0...1_000_000).map { value in
            value % 3 == 0 ? FieldPath.Component.index(value) : .key("k\(value)")
        }
        await propertyCheck(count: 500, input: component.array(of: 0...6)) { components in
            // A path cannot start with a row number and be told from a key in text; build it as
            // a document reader would, with a key first.
            let path = FieldPath([.key("root")] + components)
            #expect(FieldPath(parsing: path.description) == path)
        }
    }
}
