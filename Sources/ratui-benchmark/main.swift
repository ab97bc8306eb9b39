import Foundation
import RAPPModel

// Measures the registry at a given size: import throughput, whois and ranges-check latency, and
// peak memory. Run through scripts/benchmark, which builds it in release mode and runs one
// process per size, so each size's peak memory is its own.
//
// Usage: ratui-benchmark RANGES [FOLDER]
//        ratui-benchmark requests REQUESTS [FOLDER]   (see RequestBenchmark.swift)
//        ratui-benchmark csr COUNT RATUI-BINARY [FOLDER]   (csr check --batch; CSRBatchBenchmark.swift)

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "csr" {
    try runCSRBatchBenchmark(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "requests", let count = Int(arguments[2]), count > 0 {
    try RequestBenchmark.run(
        count: count, folder: URL(fileURLWithPath: arguments.count > 3 ? arguments[3] : NSTemporaryDirectory()))
    exit(0)
}
guard arguments.count >= 2, let size = Int(arguments[1]), size > 0 else {
    FileHandle.standardError.write(
        Data("usage: ratui-benchmark RANGES [FOLDER] | ratui-benchmark requests REQUESTS [FOLDER]\n".utf8))
    exit(64)
}
let folder = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : NSTemporaryDirectory())
    .appending(path: "ratui-benchmark-\(size)-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

/// The start of range `index`: 2^32 apart, alternating between the bottom and top halves of the
/// space so SQLite's signed keys are exercised on both sides. Bits 25-31 stay zero: never reserved.
func rangeStart(_ index: Int) -> UInt64 {
    (UInt64(index) << 32) ^ (index & 1 == 1 ? 0x8000_0000_0000_0000 : 0)
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

let library = try FormLibrary.builtIn()
var fields = [
    "legalName": "Benchmark Energy Ltd", "companyNumber": "01234567", "registeredAddress": "1 High Street\nLondon",
    "secPartyId": "BEN01", "contactName": "Ann Lee", "contactEmail": "ann@example.org",
    "contactPhone": "+44 20 7946 0000",
    "sroName": "Bob Ray", "sroJobTitle": "Chief Executive", "sroEmail": "bob@example.org", "sroPhone": "020 7946 0001",
    "dateSigned": "2026-11-20",
]

// 1. One A1 form per range, as JSON Lines.
let linesURL = folder.appending(path: "forms.jsonl")
_ = FileManager.default.createFile(atPath: linesURL.path, contents: nil)
let writer = try FileHandle(forWritingTo: linesURL)
var chunk = ""
for index in 0..<size {
    fields["legalName"] = "Benchmark Energy \(index) Ltd"
    let start = rangeStart(index)
    let form = OrganisationInformationForm(
        fields: fields,
        userRoleRanges: [
            UserRoleRangeEntry(role: "other-user", first: EUI64(start).canonical, last: EUI64(start + 0xFFFF).canonical)
        ])
    chunk += form.jsonValue.serialized() + "\n"
    if chunk.utf8.count > 1 << 20 {
        writer.write(Data(chunk.utf8))
        chunk = ""
    }
}
writer.write(Data(chunk.utf8))
try writer.close()

// 2. Import, exactly as `ratui org import` does.
let registry = try Registry.open(
    path: folder.appending(path: "registry.sqlite").path, create: true, initialPolicy: library)
let validator = registry.validator
let session = try registry.bootstrap(name: "benchmark", passphrase: "a benchmark passphrase")
let reader = try FileHandle(forReadingFrom: linesURL)
let wallStart = Date()
let cpuStart = cpuSeconds()
let summary = try FormImporter(registry: registry, session: session).importLines(from: reader)
let importWall = Date().timeIntervalSince(wallStart)
let importCPU = cpuSeconds() - cpuStart
precondition(summary.stored == size && summary.rejectedCount == 0, "import failed: \(summary.rejections.prefix(3))")
let importMemory = peakMemoryMiB()

// 3. whois: half hits, half misses, spread over the registry.
var generator = SystemRandomNumberGenerator()
let probes = 20_000
var whoisTimes: [Double] = []
for probe in 0..<probes {
    let index = Int.random(in: 0..<size, using: &generator)
    let identifier = EUI64(rangeStart(index) + (probe.isMultiple(of: 2) ? 0x1234 : 0x2_0000))
    let start = DispatchTime.now().uptimeNanoseconds
    let owners = try registry.owners(of: identifier)
    whoisTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    precondition(owners.count == (probe.isMultiple(of: 2) ? 1 : 0))
}

// 4. ranges check: a full A1 validation against the registry, one overlap in two.
var checkTimes: [Double] = []
for probe in 0..<probes {
    let index = Int.random(in: 0..<size, using: &generator)
    let start = rangeStart(index) + (probe.isMultiple(of: 2) ? 0x8000 : 0x1_0000)
    let form = OrganisationInformationForm(
        fields: fields,
        userRoleRanges: [
            UserRoleRangeEntry(
                role: "import-supplier", first: EUI64(start).canonical, last: EUI64(start + 0xFFFF).canonical)
        ])
    let began = DispatchTime.now().uptimeNanoseconds
    let report = try validator.validate(form, registry: registry)
    checkTimes.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1000)
    precondition(report.isValid == !probe.isMultiple(of: 2))
}

// 5. audit verify: the whole chain, then every row reconciled with the states the events record.
let verifyStart = Date()
let verification = try registry.verifyAudit(by: session)
let verifyWall = Date().timeIntervalSince(verifyStart)
precondition(
    verification.isIntact && verification.reconciled, "audit verify failed: \(verification.differences.prefix(3))")

let result: JSONValue = .object([
    "ranges": JSONValue(size),
    "importSeconds": .number((importWall * 100).rounded() / 100),
    "importCPUSeconds": .number((importCPU * 100).rounded() / 100),
    "importFormsPerSecond": JSONValue(Int(Double(size) / importWall)),
    "importFormsPerCPUSecond": JSONValue(Int(Double(size) / importCPU)),
    "whoisMicrosecondsMedian": .number(percentile(whoisTimes, 0.5).rounded()),
    "whoisMicrosecondsP99": .number(percentile(whoisTimes, 0.99).rounded()),
    "checkMicrosecondsMedian": .number(percentile(checkTimes, 0.5).rounded()),
    "checkMicrosecondsP99": .number(percentile(checkTimes, 0.99).rounded()),
    "peakMemoryMiBAfterImport": .number((importMemory * 10).rounded() / 10),
    "verifySeconds": .number((verifyWall * 100).rounded() / 100),
    "peakMemoryMiB": .number((peakMemoryMiB() * 10).rounded() / 10),
])
print(result.serialized())
