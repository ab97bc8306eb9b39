import Foundation
import RAPPModel

/// The request engine at a given number of stored ARO nominations: how long one step takes
/// (after sign-in, which is deliberately slow), and one page of `request list --waiting-for-me`.
///
/// The registry is built through the public entry points, as the command line would: every
/// request validated, stored with its personal data, checked automatically and audited; a
/// quarter each left checked, identity-verified, rejected and withdrawn.
enum RequestBenchmark {
    static func run(count: Int, folder base: URL) throws {
        let folder = base.appending(path: "ratui-request-benchmark-\(count)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = try Registry.open(path: folder.appending(path: "registry.sqlite").path, create: true)
        let passphrase = "a benchmark passphrase"
        let manager = try registry.bootstrap(name: "manager", passphrase: passphrase)
        var sessions: [String: OperatorSession] = [:]
        for name in ["bob", "carol", "dave"] {
            _ = try registry.addOperator(name: name, roles: ["ra-personnel"], passphrase: passphrase, by: manager)
            sessions[name] = try registry.signIn(name: name, passphrase: passphrase)
        }
        let (bob, carol, dave) = (sessions["bob"]!, sessions["carol"]!, sessions["dave"]!)
        let a1 = OrganisationInformationForm(
            fields: [
                "legalName": "Benchmark Energy Ltd", "companyNumber": "01234567",
                "registeredAddress": "1 High Street\nLondon",
                "secPartyId": "BEN01", "contactName": "Ann Lee", "contactEmail": "ann@example.org",
                "contactPhone": "+44 20 7946 0000",
                "sroName": "Bob Ray", "sroJobTitle": "Chief Executive", "sroEmail": "bob@example.org",
                "sroPhone": "020 7946 0001",
                "dateSigned": "2026-11-20",
            ],
            userRoleRanges: [
                UserRoleRangeEntry(
                    role: "import-supplier", first: "90-B3-D5-1F-30-01-00-00", last: "90-B3-D5-1F-30-01-FF-FF")
            ])
        guard case .stored(let organisation, _, _) = try registry.submit(a1, by: manager) else {
            fatalError("A1 refused")
        }
        _ = try registry.recordEntryTests(of: organisation, passedOn: "2026-10-01", reference: "ET-1", by: manager)

        func nomination(_ index: Int) -> FormFile {
            FormFile(
                formID: "ARO",
                fields: .object([
                    "organisation": JSONValue(organisation), "nomineeName": .string("Nominee \(index)"),
                    "nomineeJobTitle": .string("Head of Metering"), "nomineeEmail": .string("n\(index)@example.org"),
                    "nomineePhone": .string("+44 20 7946 0002"), "dateOfBirth": .string("1980-02-29"),
                    "scopes": .array([.string("organisation-certificates"), .string("smki-repository")]),
                    "signatoryName": .string("Bob Ray"), "dateSigned": .string("2026-11-21"),
                ]))
        }
        let identity: JSONValue = .object([
            "documents": .array([.object(["type": .string("passport"), "reference": .string("PASS123456")])]),
            "method": .string("face-to-face"), "verifiedOn": .string("2026-11-22"),
            "screeningStandard": .string("bs7858-2019"), "screeningReference": .string("SCREEN-42"),
        ])

        // 1. Fill the registry.
        let fillStart = Date()
        for index in 0..<count {
            let id = try registry.submitRequest(kind: "aro-nomination", form: nomination(index), by: bob).request.id
            switch index % 4 {
            case 1: _ = try registry.act(on: id, action: "verify-identity", evidence: identity, by: carol)
            case 2: _ = try registry.act(on: id, action: "reject", reason: "other", by: carol)
            case 3: _ = try registry.act(on: id, action: "withdraw", by: carol)
            default: break
            }
        }
        let fillSeconds = Date().timeIntervalSince(fillStart)

        // 2. Steps, timed one by one: verify an identity (evidence with personal data), approve
        //    (separation of duties, three checks), reject (a reason) — on requests already stored.
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        let probes = min(500, count / 8)
        var verify: [Double] = []
        var approve: [Double] = []
        var reject: [Double] = []
        var submit: [Double] = []
        for probe in 0..<probes {
            let checked = Int64(probe * 4 * 2 + 1)  // index % 4 == 0: left checked
            let verified = Int64(probe * 4 * 2 + 2)  // index % 4 == 1: identity verified
            verify.append(
                try time { _ = try registry.act(on: checked, action: "verify-identity", evidence: identity, by: carol) }
            )
            approve.append(try time { _ = try registry.act(on: verified, action: "approve", by: dave) })
            let spare = Int64(probe * 4 * 2 + 5)
            reject.append(
                try time { _ = try registry.act(on: spare, action: "reject", reason: "incomplete", by: dave) })
            submit.append(
                try time {
                    _ = try registry.submitRequest(kind: "aro-nomination", form: nomination(count + probe), by: bob)
                })
        }

        // 3. One page (100) of what waits for dave, and for bob, from the start and from the middle.
        var waitingFirst: [Double] = []
        var waitingMiddle: [Double] = []
        var waitingSubmitter: [Double] = []
        var pageSize = 0
        for _ in 0..<200 {
            waitingFirst.append(
                try time { pageSize = try registry.requests(.init(waitingForMe: true), limit: 100, by: dave).count })
            waitingMiddle.append(
                try time {
                    _ = try registry.requests(.init(waitingForMe: true), after: Int64(count / 2), limit: 100, by: dave)
                })
            waitingSubmitter.append(
                try time { _ = try registry.requests(.init(waitingForMe: true), limit: 100, by: bob) })
        }
        precondition(pageSize == 100)

        // 4. The terminal's work queue opening: the one read `WorkQueueScreen` makes when shown
        //    (its first page and how many wait, counted up to Registry.countLimit), and Home's
        //    requests block (open requests by state, the operator's own newest).
        var queueOpen: [Double] = []
        var homeCounts: [Double] = []
        for _ in 0..<200 {
            queueOpen.append(try time { pageSize = try registry.workQueue(limit: 100, by: dave).rows.count })
            homeCounts.append(
                try time {
                    _ = try registry.workQueue(limit: 0, by: dave)
                    _ = try registry.openRequestCounts(by: dave)
                    _ = try registry.requestsEntered(by: bob, limit: 3)
                })
        }
        precondition(pageSize == 100)

        func median(_ values: [Double]) -> JSONValue { .number((percentile(values, 0.5) * 100).rounded() / 100) }
        func p99(_ values: [Double]) -> JSONValue { .number((percentile(values, 0.99) * 100).rounded() / 100) }
        let result: JSONValue = .object([
            "requests": JSONValue(count),
            "fillSeconds": .number((fillSeconds * 10).rounded() / 10),
            "submitMillisecondsMedian": median(submit), "submitMillisecondsP99": p99(submit),
            "verifyMillisecondsMedian": median(verify), "verifyMillisecondsP99": p99(verify),
            "approveMillisecondsMedian": median(approve), "approveMillisecondsP99": p99(approve),
            "rejectMillisecondsMedian": median(reject), "rejectMillisecondsP99": p99(reject),
            "waitingFirstPageMillisecondsMedian": median(waitingFirst),
            "waitingFirstPageMillisecondsP99": p99(waitingFirst),
            "waitingMiddlePageMillisecondsMedian": median(waitingMiddle),
            "waitingMiddlePageMillisecondsP99": p99(waitingMiddle),
            "waitingSubmitterPageMillisecondsMedian": median(waitingSubmitter),
            "waitingSubmitterPageMillisecondsP99": p99(waitingSubmitter),
            "workQueueOpenMillisecondsMedian": median(queueOpen), "workQueueOpenMillisecondsP99": p99(queueOpen),
            "homeRequestCountsMillisecondsMedian": median(homeCounts),
            "homeRequestCountsMillisecondsP99": p99(homeCounts),
            "peakMemoryMiB": .number((peakMemoryMiB() * 10).rounded() / 10),
        ])
        print(result.serialized())
    }
}
