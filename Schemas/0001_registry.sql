-- ratui registry, schema 1: organisations, their A1 form versions, and User Role ranges.
-- Applied once, in a transaction, by ratui's migrator. Never edit a released migration: add one.

-- Marks the file as a ratui registry ("RATU"), so ratui can refuse any other SQLite file.
PRAGMA application_id = 1380013141;

CREATE TABLE organisation (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- Every submitted version of an organisation's A1 form. An amendment adds a version and
-- clears is_current on the one it supersedes; nothing is ever deleted.
CREATE TABLE organisation_version (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    form_id TEXT NOT NULL,
    name TEXT NOT NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    submitted_at TEXT NOT NULL,
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    UNIQUE (organisation_id, version)
);
CREATE UNIQUE INDEX organisation_version_current
    ON organisation_version(organisation_id) WHERE is_current = 1;

-- The User Role ranges of each version. first_key and last_key hold the unsigned EUI-64 with its
-- top bit flipped, so SQLite's signed integer order is the identifiers' unsigned order.
-- level and block place the range in a centred interval index (see RangeBucket.swift): the
-- smallest aligned block of 2^level identifiers that holds the range, and its number.
CREATE TABLE user_role_range (
    version_id INTEGER NOT NULL REFERENCES organisation_version(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    role TEXT NOT NULL,
    first_key INTEGER NOT NULL,
    last_key INTEGER NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 64),
    block INTEGER NOT NULL,
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    PRIMARY KEY (version_id, role),
    CHECK (first_key <= last_key)
) WITHOUT ROWID;

-- Ranges in force, by start: for "which ranges start inside this interval?".
CREATE INDEX user_role_range_current_first
    ON user_role_range(first_key, last_key, organisation_id, role) WHERE is_current = 1;
-- Ranges in force, by bucket: for "which ranges hold this identifier?" (RangeBucket.swift).
CREATE INDEX user_role_range_current_bucket_first
    ON user_role_range(level, block, first_key, last_key, organisation_id, role) WHERE is_current = 1;
CREATE INDEX user_role_range_current_bucket_last
    ON user_role_range(level, block, last_key, first_key, organisation_id, role) WHERE is_current = 1;
