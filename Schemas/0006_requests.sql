-- ratui registry, schema 6: organisations' preconditions, requests run by workflows from the
-- policy, the personal data they hold, and the credentials they create.
-- Everything here is append-only, like the audit trail: a row is never deleted, and never
-- changed except that a current row may be superseded (is_current 1 -> 0), as organisation
-- versions are. Every row has a stable key and canonical content, so each current row can be
-- digested and reconciled with the audit trail.

-- The EUI-64 allocation SECAS gave an organisation: one or more ranges, recorded together as a
-- version; recording it again supersedes the earlier version. Keys as in user_role_range.
CREATE TABLE organisation_allocation (
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    first_key INTEGER NOT NULL,
    last_key INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES operator(id),
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    PRIMARY KEY (organisation_id, version, first_key),
    CHECK (first_key <= last_key)
) WITHOUT ROWID;
CREATE INDEX organisation_allocation_current
    ON organisation_allocation(organisation_id, first_key, last_key) WHERE is_current = 1;

-- That the organisation passed the SMKI and Repository Entry Process Tests: when, and the
-- reference of the result. Recording it again (a correction) supersedes the earlier record.
CREATE TABLE organisation_entry_tests (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    passed_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES operator(id),
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1))
);
CREATE UNIQUE INDEX organisation_entry_tests_current
    ON organisation_entry_tests(organisation_id) WHERE is_current = 1;

-- Personal data from forms and evidence (fields marked "personal"): dates of birth, identity
-- document references. Requests, transitions and audit events carry only the digest, SHA-256
-- over a random salt and the canonical JSON, so the data can be withheld, and later redacted
-- (salt and content removed, redacted_at set: the one change allowed), without breaking the
-- hash chain, and a digest cannot be reversed by trying every date of birth.
CREATE TABLE personal_data (
    digest TEXT PRIMARY KEY,
    salt BLOB,
    content TEXT CHECK (content IS NULL OR json_valid(content)),
    stored_at TEXT NOT NULL,
    redacted_at TEXT,
    CHECK ((content IS NULL) = (redacted_at IS NOT NULL))
) WITHOUT ROWID;

-- A request: its kind (the workflow's id), the form as entered (personal fields apart) and who
-- entered it under which policy version. Its state is its current transition.
CREATE TABLE request (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    form_id TEXT NOT NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    personal_digest TEXT REFERENCES personal_data(digest),
    organisation_id INTEGER REFERENCES organisation(id),
    subject_operator_id INTEGER REFERENCES operator(id),
    submitted_by INTEGER NOT NULL REFERENCES operator(id),
    submitted_at TEXT NOT NULL,
    policy_version INTEGER NOT NULL
);
CREATE INDEX request_kind ON request(kind, id);
CREATE INDEX request_organisation ON request(organisation_id, id) WHERE organisation_id IS NOT NULL;

-- Every step of every request, in order: sequence 0 is its submission (action "submit"). The
-- current row is its state; a step supersedes it and adds the next. kind copies the request's,
-- so "what is waiting in this state" is one seek on request_transition_waiting.
CREATE TABLE request_transition (
    request_id INTEGER NOT NULL REFERENCES request(id),
    sequence INTEGER NOT NULL CHECK (sequence >= 0),
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    recorded_at TEXT NOT NULL,
    is_automatic INTEGER NOT NULL CHECK (is_automatic IN (0, 1)),
    evidence_form TEXT,
    evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),
    personal_digest TEXT REFERENCES personal_data(digest),
    reason TEXT,
    note TEXT,
    -- The audit event that records this step.
    audit_sequence INTEGER NOT NULL,
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    PRIMARY KEY (request_id, sequence)
) WITHOUT ROWID;
CREATE UNIQUE INDEX request_transition_current ON request_transition(request_id) WHERE is_current = 1;
CREATE INDEX request_transition_waiting ON request_transition(kind, to_state, request_id) WHERE is_current = 1;
CREATE INDEX request_transition_state ON request_transition(to_state, request_id) WHERE is_current = 1;
-- Who took which steps in a request: separation of duties asks it of every request listed.
CREATE INDEX request_transition_operator ON request_transition(request_id, operator_id, action);

-- The people and systems credentials are issued to. An ARO is found again by organisation,
-- normalised name and date of birth (its personal data).
CREATE TABLE credential_holder (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisation(id),
    operator_id INTEGER REFERENCES operator(id),
    name TEXT NOT NULL,
    -- The name folded for matching: lower case, runs of white space as one space.
    name_key TEXT NOT NULL,
    personal_digest TEXT REFERENCES personal_data(digest),
    created_at TEXT NOT NULL
);
CREATE INDEX credential_holder_match ON credential_holder(organisation_id, name_key);

-- A credential: its kind, holder, scopes and identifying details (serials, user name, expiry;
-- never a PIN or password), and the request that created it. Its state is its current
-- credential_state row.
CREATE TABLE credential (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    holder_id INTEGER NOT NULL REFERENCES credential_holder(id),
    organisation_id INTEGER REFERENCES organisation(id),
    request_id INTEGER NOT NULL REFERENCES request(id),
    scopes TEXT NOT NULL CHECK (json_valid(scopes)),
    details TEXT NOT NULL CHECK (json_valid(details)),
    created_at TEXT NOT NULL
);
CREATE INDEX credential_holder_index ON credential(holder_id, id);
CREATE INDEX credential_organisation ON credential(organisation_id, id);

CREATE TABLE credential_state (
    credential_id INTEGER NOT NULL REFERENCES credential(id),
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    state TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    request_id INTEGER REFERENCES request(id),
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    PRIMARY KEY (credential_id, sequence)
) WITHOUT ROWID;
CREATE UNIQUE INDEX credential_state_current ON credential_state(credential_id) WHERE is_current = 1;
CREATE INDEX credential_state_by_state ON credential_state(state, credential_id) WHERE is_current = 1;

-- Append-only, enforced.
CREATE TRIGGER organisation_allocation_no_delete BEFORE DELETE ON organisation_allocation
BEGIN SELECT RAISE(ABORT, 'allocations are kept: they cannot be deleted'); END;
CREATE TRIGGER organisation_allocation_supersede_only BEFORE UPDATE ON organisation_allocation
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.organisation_id = OLD.organisation_id
          AND NEW.version = OLD.version AND NEW.first_key = OLD.first_key AND NEW.last_key = OLD.last_key
          AND NEW.recorded_at = OLD.recorded_at AND NEW.recorded_by = OLD.recorded_by)
BEGIN SELECT RAISE(ABORT, 'allocations are kept: they can only be superseded'); END;

CREATE TRIGGER organisation_entry_tests_no_delete BEFORE DELETE ON organisation_entry_tests
BEGIN SELECT RAISE(ABORT, 'entry test records are kept: they cannot be deleted'); END;
CREATE TRIGGER organisation_entry_tests_supersede_only BEFORE UPDATE ON organisation_entry_tests
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.id = OLD.id AND NEW.organisation_id = OLD.organisation_id
          AND NEW.passed_on = OLD.passed_on AND NEW.reference = OLD.reference
          AND NEW.recorded_at = OLD.recorded_at AND NEW.recorded_by = OLD.recorded_by)
BEGIN SELECT RAISE(ABORT, 'entry test records are kept: they can only be superseded'); END;

CREATE TRIGGER personal_data_no_delete BEFORE DELETE ON personal_data
BEGIN SELECT RAISE(ABORT, 'personal data is kept until redacted: it cannot be deleted'); END;
CREATE TRIGGER personal_data_redact_only BEFORE UPDATE ON personal_data
WHEN NOT (OLD.content IS NOT NULL AND NEW.content IS NULL AND NEW.salt IS NULL AND NEW.redacted_at IS NOT NULL
          AND NEW.digest = OLD.digest AND NEW.stored_at = OLD.stored_at)
BEGIN SELECT RAISE(ABORT, 'personal data can only be redacted'); END;

CREATE TRIGGER request_no_update BEFORE UPDATE ON request
BEGIN SELECT RAISE(ABORT, 'requests are kept as entered: they cannot be changed'); END;
CREATE TRIGGER request_no_delete BEFORE DELETE ON request
BEGIN SELECT RAISE(ABORT, 'requests are kept: they cannot be deleted'); END;

CREATE TRIGGER request_transition_no_delete BEFORE DELETE ON request_transition
BEGIN SELECT RAISE(ABORT, 'request steps are kept: they cannot be deleted'); END;
CREATE TRIGGER request_transition_supersede_only BEFORE UPDATE ON request_transition
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.request_id = OLD.request_id AND NEW.sequence = OLD.sequence
          AND NEW.kind = OLD.kind AND NEW.action = OLD.action AND NEW.from_state IS OLD.from_state
          AND NEW.to_state = OLD.to_state AND NEW.operator_id = OLD.operator_id AND NEW.recorded_at = OLD.recorded_at
          AND NEW.is_automatic = OLD.is_automatic AND NEW.evidence_form IS OLD.evidence_form AND NEW.evidence IS OLD.evidence
          AND NEW.personal_digest IS OLD.personal_digest AND NEW.reason IS OLD.reason AND NEW.note IS OLD.note
          AND NEW.audit_sequence = OLD.audit_sequence)
BEGIN SELECT RAISE(ABORT, 'request steps are kept: they can only be superseded'); END;

CREATE TRIGGER credential_holder_no_update BEFORE UPDATE ON credential_holder
BEGIN SELECT RAISE(ABORT, 'credential holders are kept: they cannot be changed'); END;
CREATE TRIGGER credential_holder_no_delete BEFORE DELETE ON credential_holder
BEGIN SELECT RAISE(ABORT, 'credential holders are kept: they cannot be deleted'); END;
CREATE TRIGGER credential_no_update BEFORE UPDATE ON credential
BEGIN SELECT RAISE(ABORT, 'credentials are kept as issued: they cannot be changed'); END;
CREATE TRIGGER credential_no_delete BEFORE DELETE ON credential
BEGIN SELECT RAISE(ABORT, 'credentials are kept: they cannot be deleted'); END;
CREATE TRIGGER credential_state_no_delete BEFORE DELETE ON credential_state
BEGIN SELECT RAISE(ABORT, 'credential states are kept: they cannot be deleted'); END;
CREATE TRIGGER credential_state_supersede_only BEFORE UPDATE ON credential_state
WHEN NOT (OLD.is_current = 1 AND NEW.is_current = 0 AND NEW.credential_id = OLD.credential_id
          AND NEW.sequence = OLD.sequence AND NEW.state = OLD.state AND NEW.recorded_at = OLD.recorded_at
          AND NEW.operator_id = OLD.operator_id AND NEW.request_id IS OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'credential states are kept: they can only be superseded'); END;
