-- ratui registry, schema 12: revocation (RAPP section 8).
-- A revoked operator account is a state of its own, not "disabled": `operator enable` cannot
-- undo it, and every sign-in and every change refuses it (`access.revoked`). One row per revoked
-- account, never changed or deleted; the request that revoked it names the evidence.
CREATE TABLE operator_revocation (
    operator_id INTEGER PRIMARY KEY REFERENCES operator(id),
    revoked_at TEXT NOT NULL,
    revoked_by INTEGER NOT NULL REFERENCES operator(id),
    request_id INTEGER REFERENCES request(id)
);

CREATE TRIGGER operator_revocation_no_update BEFORE UPDATE ON operator_revocation
BEGIN SELECT RAISE(ABORT, 'a revocation is kept: it cannot be changed'); END;
CREATE TRIGGER operator_revocation_no_delete BEFORE DELETE ON operator_revocation
BEGIN SELECT RAISE(ABORT, 'a revocation is kept: it cannot be deleted'); END;

-- The credentials recorded for an RA person (holders that name their operator account): what a
-- revocation of that person revokes, found by one seek.
CREATE INDEX credential_holder_operator ON credential_holder(operator_id, id) WHERE operator_id IS NOT NULL;
