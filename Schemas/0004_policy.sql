-- ratui registry, schema 4: the policy in force is stored in the registry itself.
-- Form definitions, site rules, workflows and templates decide who may do what and how strictly
-- forms are checked; kept here, they cannot be swapped by whoever runs a command. Every version
-- ever in force is kept; the one with the highest number is in force. Changing the policy adds a
-- version and an audit event (`policy.applied`) in one transaction.
CREATE TABLE policy_version (
    version INTEGER PRIMARY KEY,
    -- SHA-256 over the version's files (`PolicyFiles.hash`), lower-case hex.
    hash TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    -- The operator who applied it; NULL for the policy stored when the registry was created or
    -- migrated.
    applied_by TEXT,
    -- Where the files came from: "built-in", or the folder's path.
    origin TEXT NOT NULL
);

CREATE TABLE policy_file (
    version INTEGER NOT NULL REFERENCES policy_version(version),
    -- Relative to the forms folder: rules.json, A1-organisation-information.json, workflows/x.json.
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (version, path)
) WITHOUT ROWID;

CREATE TRIGGER policy_version_no_update BEFORE UPDATE ON policy_version
BEGIN
    SELECT RAISE(ABORT, 'policy versions are kept: they cannot be changed');
END;
CREATE TRIGGER policy_version_no_delete BEFORE DELETE ON policy_version
BEGIN
    SELECT RAISE(ABORT, 'policy versions are kept: they cannot be deleted');
END;
CREATE TRIGGER policy_file_no_update BEFORE UPDATE ON policy_file
BEGIN
    SELECT RAISE(ABORT, 'policy files are kept: they cannot be changed');
END;
CREATE TRIGGER policy_file_no_delete BEFORE DELETE ON policy_file
BEGIN
    SELECT RAISE(ABORT, 'policy files are kept: they cannot be deleted');
END;

-- The policy version in force when each event was recorded; NULL for events recorded before
-- this schema (they verify as they always did). The event's hash covers it when present.
ALTER TABLE audit_event ADD COLUMN policy_version INTEGER;
