-- ratui registry, schema 13: Supplier of Last Resort holds (SEC Section L16).
-- The SMKI PMA, as a body, may direct that revocation of an organisation's certificates is
-- delayed. Each direction is one row: a `hold` (the PMA's decision reference and date), later a
-- `release` ending it, alternating per organisation from a hold. Never changed or deleted; the
-- hold in force is the organisation's last row when it is a hold, found by one seek on the key.
CREATE TABLE revocation_hold (
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'release')),
    decision TEXT NOT NULL CHECK (length(decision) BETWEEN 1 AND 200),
    decided_on TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES operator(id),
    PRIMARY KEY (organisation_id, sequence)
) WITHOUT ROWID;

-- Directions alternate, starting from a hold, one sequence after the other: a second hold while
-- one is in force, or a release of nothing, is refused here too, whatever wrote it.
CREATE TRIGGER revocation_hold_alternates BEFORE INSERT ON revocation_hold
WHEN NEW.sequence != coalesce((SELECT max(sequence) FROM revocation_hold WHERE organisation_id = NEW.organisation_id), 0) + 1
  OR NEW.kind != CASE WHEN NEW.sequence % 2 = 1 THEN 'hold' ELSE 'release' END
BEGIN SELECT RAISE(ABORT, 'a revocation hold alternates: hold, then its release'); END;

CREATE TRIGGER revocation_hold_no_update BEFORE UPDATE ON revocation_hold
BEGIN SELECT RAISE(ABORT, 'a PMA direction is kept: it cannot be changed'); END;
CREATE TRIGGER revocation_hold_no_delete BEFORE DELETE ON revocation_hold
BEGIN SELECT RAISE(ABORT, 'a PMA direction is kept: it cannot be deleted'); END;
