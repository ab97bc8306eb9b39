-- ratui registry, schema 3: find organisations by the start of their current name.
-- The terminal UI's `/` search pages through this index (name, then id), so a search never
-- scans the registry. NOCASE folds A-Z only, which is what the search promises.
CREATE INDEX organisation_version_current_name
    ON organisation_version(name COLLATE NOCASE, organisation_id) WHERE is_current = 1;
