import Foundation
import GRDB

/// Policy changes proposed through `policy-change` requests: the proposed files and the semantic
/// diff from the version in force when proposed, kept until (and after) a second person's
/// approval lets them be applied.
///
/// Like every store, it works on one connection inside a transaction the registry opened.
struct PolicyProposalStore {
    let db: Database

    struct Proposal {
        let requestID: Int64
        let baseVersion: Int64
        let hash: String
        let origin: String
        let changes: JSONValue
        let files: [String: Data]
    }

    func add(request: Int64, baseVersion: Int64, library: FormLibrary, changes: [PolicyChange], at time: String) throws
    {
        let files = PolicyFiles(library.files)
        try db.execute(
            sql:
                "INSERT INTO policy_proposal (request_id, base_version, hash, origin, changes, proposed_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                request, baseVersion, files.hash, library.origin,
                JSONValue.array(changes.map(\.jsonValue)).serialized(), time,
            ])
        for (path, content) in files.files.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO policy_proposal_file (request_id, path, content) VALUES (?, ?, ?)",
                arguments: [request, path, content])
        }
    }

    func proposal(request: Int64) throws -> Proposal? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM policy_proposal WHERE request_id = ?", arguments: [request])
        else {
            return nil
        }
        var files: [String: Data] = [:]
        for file in try Row.fetchAll(
            db, sql: "SELECT path, content FROM policy_proposal_file WHERE request_id = ?", arguments: [request])
        {
            files[file["path"]] = file["content"]
        }
        let changes = (try? JSONValue.parse(Data((row["changes"] as String).utf8))) ?? .null
        return Proposal(
            requestID: request, baseVersion: row["base_version"], hash: row["hash"], origin: row["origin"],
            changes: changes, files: files)
    }
}
