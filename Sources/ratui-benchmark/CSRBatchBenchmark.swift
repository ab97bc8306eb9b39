import CertificateFixtures
import Foundation
import RAPPModel
import ZIPFoundation

/// `ratui-benchmark csr COUNT FOLDER RATUI`: writes COUNT Organisation CSRs (P-256, signed, as
/// Base64 with headers, one file each) into a folder and a ZIP, registers the organisations
/// that hold their EUI-64s, then times the real `ratui csr check --batch` on both, as a child
/// process, and reads its peak memory from the kernel (`wait4`'s rusage).
func runCSRBatchBenchmark(_ arguments: [String]) throws {
    guard arguments.count >= 2, let count = Int(arguments[0]), count > 0 else {
        FileHandle.standardError.write(Data("usage: ratui-benchmark csr COUNT RATUI-BINARY [FOLDER]\n".utf8))
        exit(64)
    }
    let binary = arguments[1]
    let folder = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : NSTemporaryDirectory())
        .appending(path: "ratui-csr-benchmark-\(count)-\(getpid())")
    let requests = folder.appending(path: "requests")
    try FileManager.default.createDirectory(at: requests, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // 100 organisations, each an Import and Gas Supplier on one 2^24-identifier range.
    let registryPath = folder.appending(path: "registry.sqlite").path
    let registry = try Registry.open(path: registryPath, create: true, initialPolicy: try FormLibrary.builtIn())
    let session = try registry.bootstrap(name: "benchmark", passphrase: "a benchmark passphrase")
    let fields = [
        "legalName": "Benchmark Energy Ltd", "companyNumber": "01234567", "registeredAddress": "1 High Street\nLondon",
        "secPartyId": "BEN01", "contactName": "Ann Lee", "contactEmail": "ann@example.org",
        "contactPhone": "+44 20 7946 0000",
        "sroName": "Bob Ray", "sroJobTitle": "Chief Executive", "sroEmail": "bob@example.org",
        "sroPhone": "020 7946 0001",
        "dateSigned": "2026-11-20",
    ]
    let organisations = 100
    func base(_ organisation: Int) -> UInt64 { 0x90B3_D500_0000_0000 + UInt64(organisation) << 24 }
    for organisation in 0..<organisations {
        var named = fields
        named["legalName"] = "Benchmark Energy \(organisation) Ltd"
        let first = EUI64(base(organisation)).canonical
        let last = EUI64(base(organisation) + 0xFF_FFFF).canonical
        let form = OrganisationInformationForm(
            fields: named,
            userRoleRanges: [
                UserRoleRangeEntry(role: "import-supplier", first: first, last: last),
                UserRoleRangeEntry(role: "gas-supplier", first: first, last: last),
            ])
        guard case .stored = try registry.submit(form, amending: nil, by: session) else {
            fatalError("benchmark form refused")
        }
    }

    // The requests: one in 100 for an EUI-64 nobody holds, so the error path is timed too.
    let generated = Date()
    let zipURL = folder.appending(path: "batch.zip")
    let archive = try Archive(url: zipURL, accessMode: .create)
    for index in 0..<count {
        let eui64 =
            index % 100 == 99 ? 0x0011_2233_0000_0000 + UInt64(index) : base(index % organisations) + UInt64(index)
        let bytes = CSRText.base64(try CSRFixture.organisation(eui64, ou: "02").der())
        let name = String(format: "request-%06d.csr", index)
        try Data(bytes).write(to: requests.appending(path: name))
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate)
        { position, size in
            Data(bytes[Int(position)..<Int(position) + size])
        }
    }
    let generation = Date().timeIntervalSince(generated)

    var results: [String: JSONValue] = [
        "requests": JSONValue(count), "generationSeconds": .number((generation * 10).rounded() / 10),
    ]
    for (label, path) in [("folder", requests.path), ("zip", zipURL.path)] {
        let (seconds, cpu, peak, status) = try timeChild(
            binary, ["csr", "check", "--batch", path, "--db", registryPath])
        precondition(
            status == 65, "csr check --batch exited \(status); expected 65 (one request in 100 is unregistered)")
        results[label] = .object([
            "seconds": .number((seconds * 100).rounded() / 100),
            "cpuSeconds": .number((cpu * 100).rounded() / 100),
            "requestsPerSecond": JSONValue(Int(Double(count) / seconds)),
            "peakMemoryMiB": .number((peak * 10).rounded() / 10),
        ])
    }
    print(JSONValue.object(results).serialized())
}

/// Runs a child with stdout and stderr to /dev/null: wall seconds, CPU seconds, peak resident
/// MiB and exit status. posix_spawn and wait4, so the rusage is the child's own.
func timeChild(_ binary: String, _ arguments: [String]) throws -> (Double, Double, Double, Int32) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = Date()
    guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else {
        throw CocoaError(.executableNotLoadable)
    }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Date().timeIntervalSince(started)
    let cpu =
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        / 1e6
    return (seconds, cpu, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xFF)
}
