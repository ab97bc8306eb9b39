import Foundation
import Testing

@testable import RAPPModel

@Suite("One error contract: a stable code and an exit status for every error")
struct ErrorContractTests {
    static let issue = ValidationIssue(.operatorNameInvalid, "Not a name.")

    @Test(
        "each error keeps the code and exit status the command line has always used",
        arguments: [
            (
                RegistryError.notFound(path: "/r") as any CodedError, "registry.not-found",
                RAPPModel.ExitStatus.inputMissing
            ),
            (RegistryError.notARegistry(path: "/r", reason: "x"), "registry.not-a-registry", .ioError),
            (RegistryError.newerSchema(path: "/r", unknownMigrations: ["9"]), "registry.newer-schema", .ioError),
            (RegistryError.io(path: "/r", message: "x"), "registry.io", .ioError),
            (AccessError.signInFailed, "access.sign-in-failed", .noPermission),
            (AccessError.notPermitted(.auditRead, operator: "a"), "access.not-permitted", .noPermission),
            (AccessError.selfChange("x"), "access.self-change", .noPermission),
            (AccessError.lastManager, "access.last-manager", .noPermission),
            (AccessError.alreadyBootstrapped, "access.already-bootstrapped", .invalidData),
            (AccessError.invalid(issue), "operator.name", .invalidData),
            (AccessError.unknownOperator("a"), "access.unknown-operator", .invalidData),
            (AccessError.passphrasesDiffer, "access.passphrases-differ", .invalidData),
            (FormsLoadError(file: "f", "bad"), "forms.invalid", .invalidData),
            (JSONParser.Failure(message: "x", offset: 0), "form.syntax", .invalidData),
            (InputError.missing(path: "/r"), "input.missing", .inputMissing),
            (InputError.notAFile(path: "/r", kind: "a FIFO"), "input.not-a-file", .inputMissing),
            (InputError.notARegularFile(path: "/r", kind: "a FIFO"), "input.not-a-file", .inputMissing),
            (InputError.unreadable(path: "/r", reason: "x"), "input.unreadable", .inputMissing),
            (CSRBatchSource.OpenError(path: "/r", detail: "x"), "input.unreadable", .inputMissing),
        ])
    func codes(_ error: any CodedError, _ code: String, _ status: RAPPModel.ExitStatus) {
        #expect(error.code == code)
        #expect(error.exitStatus == status)
        let failure = Failure(error)
        #expect(failure.code == code && failure.exitStatus == status && failure.message == error.description)
    }

    @Test("a thrown validation issue is invalid data under its own code; anything else is internal.error")
    func otherErrors() {
        let issue = Failure(Self.issue)
        #expect(issue.code == "operator.name" && issue.exitStatus == .invalidData && issue.message == "Not a name.")
        struct Unexpected: Error {}
        let unknown = Failure(Unexpected())
        #expect(unknown.code == Failure.internalCode && unknown.exitStatus == .internalError)
    }
}
