import PropertyBased
import Testing

@testable import RAPPModel

@Suite("Identifier ranges")
struct IdentifierRangeTests {
    @Test("a reversed pair is not a range")
    func reversed() {
        #expect(IdentifierRange(first: EUI64(2), last: EUI64(1)) == nil)
        #expect(IdentifierRange(first: EUI64(1), last: EUI64(1)) != nil)
    }

    @Test("overlap is inclusive at both ends; adjacent ranges do not overlap")
    func overlap() {
        let a = IdentifierRange(first: EUI64(10), last: EUI64(20))!
        #expect(a.overlaps(IdentifierRange(first: EUI64(20), last: EUI64(30))!))
        #expect(a.overlaps(IdentifierRange(first: EUI64(0), last: EUI64(10))!))
        #expect(!a.overlaps(IdentifierRange(first: EUI64(21), last: EUI64(30))!))
        #expect(a.overlaps(IdentifierRange(first: EUI64(12), last: EUI64(13))!))
        let whole = IdentifierRange(first: .min, last: .max)!
        #expect(whole.overlaps(a) && whole.contains(.max) && whole.contains(.min))
    }

    @Test("finds the first reserved identifier, as a walk over every value would")
    func firstReservedMatchesWalk() async {
        // Small windows around reserved blocks, at the bottom, middle and top of the space.
        let anchors: [UInt64] = [
            0x0000_00FF_FE00_0000, 0x90B3_D5FF_FE00_0000, 0x90B3_D5FF_FFFF_FFFF, 0xFFFF_FFFF_FE00_0000,
            0xFFFF_FFFF_FFFF_FF00,
        ]
        await propertyCheck(
            count: 500, input: Gen.element(of: anchors).map { $0! }, Gen.int(in: -300...300), Gen.int(in: 0...600)
        ) { anchor, offset, length in
            let first = offset < 0 ? anchor &- UInt64(-offset) : anchor &+ UInt64(offset)
            let last = first &+ UInt64(length)
            guard last >= first, let range = IdentifierRange(first: EUI64(first), last: EUI64(last)) else { return }
            let walked = (first...last).first { EUI64($0).isReserved }.map(EUI64.init)
            #expect(range.firstReserved == walked)
        }
    }

    @Test("a range over whole OUIs holds reserved values; the public vector's does too")
    func containsReserved() throws {
        let acrossOUIs = IdentifierRange(
            first: try EUI64(parsing: "00-1B-77-FF-FD-00-00-00"), last: try EUI64(parsing: "00-1B-78-00-00-00-00-10"))!
        #expect(acrossOUIs.firstReserved?.canonical == "00-1B-77-FF-FE-00-00-00")
        #expect(acrossOUIs.spansOUI)
        let inside = IdentifierRange(first: EUI64(0x90B3_D51F_3001_0000), last: EUI64(0x90B3_D51F_3001_FFFF))!
        #expect(inside.firstReserved == nil)
        #expect(!inside.spansOUI)
        #expect(IdentifierRange(first: .min, last: .max)!.firstReserved == EUI64(0x0000_00FF_FE00_0000))
    }
}
