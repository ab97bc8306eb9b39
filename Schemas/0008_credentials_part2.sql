-- ratui registry, schema 8: credential requests, part 2.
-- An account opened by an RA credential request starts with a passphrase someone else typed, so
-- its holder must change it before doing anything else: must_change_passphrase is 1 until they
-- do (`ratui operator change-passphrase`). Accounts made before this schema keep 0, and the audit
-- trail records the flag only while it is set, so their recorded states stay as they were.
ALTER TABLE operator ADD COLUMN must_change_passphrase INTEGER NOT NULL DEFAULT 0 CHECK (must_change_passphrase IN (0, 1));

-- A policy change proposed by one operator (a `policy-change` request) and applied only after a
-- second approves: the proposed files and the semantic diff from the version in force when it was
-- proposed. The request's form holds the files' hash, so files changed here behind ratui's back
-- no longer match and are refused when the change is applied. Append-only.
CREATE TABLE policy_proposal (
    request_id INTEGER PRIMARY KEY REFERENCES request(id),
    base_version INTEGER NOT NULL REFERENCES policy_version(version),
    hash TEXT NOT NULL,
    origin TEXT NOT NULL,
    changes TEXT NOT NULL CHECK (json_valid(changes)),
    proposed_at TEXT NOT NULL
);
CREATE TABLE policy_proposal_file (
    request_id INTEGER NOT NULL REFERENCES policy_proposal(request_id),
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (request_id, path)
) WITHOUT ROWID;
CREATE TRIGGER policy_proposal_no_update BEFORE UPDATE ON policy_proposal
BEGIN SELECT RAISE(ABORT, 'policy proposals are kept: they cannot be changed'); END;
CREATE TRIGGER policy_proposal_no_delete BEFORE DELETE ON policy_proposal
BEGIN SELECT RAISE(ABORT, 'policy proposals are kept: they cannot be deleted'); END;
CREATE TRIGGER policy_proposal_file_no_update BEFORE UPDATE ON policy_proposal_file
BEGIN SELECT RAISE(ABORT, 'policy proposals are kept: they cannot be changed'); END;
CREATE TRIGGER policy_proposal_file_no_delete BEFORE DELETE ON policy_proposal_file
BEGIN SELECT RAISE(ABORT, 'policy proposals are kept: they cannot be deleted'); END;

-- Credentials by expiry date, for `credential list --expiring-within DAYS`: an index on the
-- expiry date the issue step recorded in the credential's details (`expiryDate`), which the audit
-- trail reconciles; SQLite keeps the index, so it cannot say other than the details.
CREATE INDEX credential_expiry ON credential(json_extract(details, '$.expiryDate'), id)
WHERE json_type(details, '$.expiryDate') = 'text';

-- Which credentials each request refers to (a renewal's, the verified ARO's, the caller's of an
-- unlock), written by the request engine from form and evidence fields that reference a
-- credential: a request about a credential is activity on it, which the dormant-credential
-- report reads by index. Derived from the requests' fields (which the audit trail reconciles);
-- requests entered before schema 8 are not in it.
CREATE TABLE request_credential (
    credential_id INTEGER NOT NULL REFERENCES credential(id),
    request_id INTEGER NOT NULL REFERENCES request(id),
    PRIMARY KEY (credential_id, request_id)
) WITHOUT ROWID;
CREATE TRIGGER request_credential_no_update BEFORE UPDATE ON request_credential
BEGIN SELECT RAISE(ABORT, 'request references are kept: they cannot be changed'); END;
CREATE TRIGGER request_credential_no_delete BEFORE DELETE ON request_credential
BEGIN SELECT RAISE(ABORT, 'request references are kept: they cannot be deleted'); END;
