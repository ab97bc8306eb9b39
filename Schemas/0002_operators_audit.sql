-- ratui registry, schema 2: operators, sign-in failures, and the hash-chained audit trail.

-- People who sign in to ratui. Never deleted: disabled instead.
CREATE TABLE operator (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- "pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>": the parameters travel with the
    -- hash so they can be raised later. The only place anything derived from a passphrase is kept.
    passphrase_hash TEXT NOT NULL,
    is_disabled INTEGER NOT NULL DEFAULT 0 CHECK (is_disabled IN (0, 1)),
    locked_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE operator_role (
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    role TEXT NOT NULL,
    PRIMARY KEY (operator_id, role)
) WITHOUT ROWID;

-- Wrong passphrases, counted within the lockout window. Cleared by a successful sign-in or an
-- unlock; every failure is also in the audit trail, which keeps them for good.
CREATE TABLE sign_in_failure (
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failure_operator ON sign_in_failure(operator_id, failed_at);

-- Every change, in order. Each event's hash is SHA-256 over the previous event's hash and the
-- event's canonical content, so editing, deleting, inserting or reordering events breaks the chain.
CREATE TABLE audit_event (
    sequence INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    operator TEXT,
    action TEXT NOT NULL,
    record TEXT,
    details TEXT NOT NULL CHECK (json_valid(details)),
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_event_operator ON audit_event(operator, sequence);
CREATE INDEX audit_event_action ON audit_event(action, sequence);
CREATE INDEX audit_event_record ON audit_event(record, sequence);
CREATE INDEX audit_event_time ON audit_event(recorded_at);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be changed');
END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be deleted');
END;

-- Stored forms are history: a version may only be superseded, never changed or removed.
CREATE TRIGGER organisation_version_no_delete BEFORE DELETE ON organisation_version
BEGIN
    SELECT RAISE(ABORT, 'organisation versions are kept: they cannot be deleted');
END;
CREATE TRIGGER organisation_version_supersede_only BEFORE UPDATE ON organisation_version
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.id = OLD.id
          AND NEW.organisation_id = OLD.organisation_id AND NEW.version = OLD.version
          AND NEW.form_id = OLD.form_id AND NEW.name = OLD.name AND NEW.fields = OLD.fields
          AND NEW.submitted_at = OLD.submitted_at)
BEGIN
    SELECT RAISE(ABORT, 'organisation versions are kept: they can only be superseded');
END;
CREATE TRIGGER user_role_range_no_delete BEFORE DELETE ON user_role_range
BEGIN
    SELECT RAISE(ABORT, 'User Role ranges are kept: they cannot be deleted');
END;
CREATE TRIGGER user_role_range_supersede_only BEFORE UPDATE ON user_role_range
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.version_id = OLD.version_id
          AND NEW.organisation_id = OLD.organisation_id AND NEW.role = OLD.role
          AND NEW.first_key = OLD.first_key AND NEW.last_key = OLD.last_key
          AND NEW.level = OLD.level AND NEW.block = OLD.block)
BEGIN
    SELECT RAISE(ABORT, 'User Role ranges are kept: they can only be superseded');
END;
